/**
 * The request bodies the fake accepts, field by field, after Genesys' generated request models (npm
 * genesys-workspace-client-js 9.0.1: ChannelsData/ActivatechannelsData, ReadyData/VoicereadyData,
 * NotReadyData/VoicenotreadyData, AnswerData, HoldData, RetrieveData, ReleaseData, MakeCallData/VoicemakecallData,
 * SendDTMFData/VoicecallsidsenddtmfData, UserData1/VoicecallsidcompleteData, SingleStepTransferData,
 * InitiateTransferData, InitiateConferenceData, CompleteTransferData, CompleteConferenceData, ReconnectData and their
 * Voicecallsid…Data). Every body is {data: {...}}; newer
 * models (https://github.com/GenesysPureEngage/workspace-client-java, e.g. AnswerData) add a top-level operationId.
 *
 * A field the model does not have, or of the wrong type, is refused with 400. What GWS does with unknown fields is
 * not documented; refusing them is the strict choice, so that a client whose bodies pass here sends what GWS reads
 * (the 9.0.1 client's own notReady() puts reasonCode beside data, where GWS would not read it).
 * test/fakeGws/shapes.test.ts checks these field lists against the generated models.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError, mediaType, readBody } from './http';
import type { Kvpair } from './payloads';

export type FieldType = 'string' | 'boolean' | 'kvlist' | 'strings' | { readonly oneOf: readonly string[] };

export interface BodySchema {
  /** The model name, for messages and the shape check. */
  readonly model: string;
  /** Whether the operation requires a body (the generated API throws without one). */
  readonly required: boolean;
  readonly data: Readonly<Record<string, FieldType>>;
  readonly requiredData: readonly string[];
}

const REASONS = { reasons: 'kvlist', extensions: 'kvlist' } as const;

export const REQUEST_BODIES = {
  activateChannels: {
    model: 'ChannelsData',
    required: true,
    data: {
      agentId: 'string',
      placeName: 'string',
      dn: 'string',
      queueName: 'string',
      agentWorkMode: { oneOf: ['AutoIn', 'ManualIn'] },
      dynamicPhoneNumber: 'string',
      autoCompleteCall: 'boolean',
      channels: 'strings',
    },
    requiredData: [],
  },
  ready: { model: 'ReadyData', required: false, data: REASONS, requiredData: [] },
  notReady: {
    model: 'NotReadyData',
    required: false,
    data: { reasonCode: 'string', agentWorkMode: { oneOf: ['AfterCallWork', 'AuxWork', 'LegalGuard', 'NoCallDisconnect', 'WalkAway'] }, ...REASONS },
    requiredData: [],
  },
  answer: { model: 'AnswerData', required: false, data: REASONS, requiredData: [] },
  hold: { model: 'HoldData', required: false, data: REASONS, requiredData: [] },
  retrieve: { model: 'RetrieveData', required: false, data: REASONS, requiredData: [] },
  release: { model: 'ReleaseData', required: false, data: REASONS, requiredData: [] },
  makeCall: {
    model: 'MakeCallData',
    required: true,
    data: { destination: 'string', location: 'string', userData: 'kvlist', ...REASONS, outboundCallerId: 'string' },
    requiredData: ['destination'],
  },
  sendDtmf: { model: 'SendDTMFData', required: true, data: { dtmfDigits: 'string', ...REASONS }, requiredData: ['dtmfDigits'] },
  complete: { model: 'UserData1', required: true, data: { userData: 'kvlist' }, requiredData: ['userData'] },
  singleStepTransfer: {
    model: 'SingleStepTransferData',
    required: true,
    data: { destination: 'string', location: 'string', userData: 'kvlist', ...REASONS },
    requiredData: ['destination'],
  },
  initiateTransfer: {
    model: 'InitiateTransferData',
    required: true,
    data: { destination: 'string', location: 'string', userData: 'kvlist', ...REASONS, outboundCallerId: 'string' },
    requiredData: ['destination'],
  },
  initiateConference: {
    model: 'InitiateConferenceData',
    required: true,
    data: { destination: 'string', location: 'string', userData: 'kvlist', ...REASONS, outboundCallerId: 'string' },
    requiredData: ['destination'],
  },
  // "The connection ID of the parent call (held). In most cases this is not required." (the model's own words)
  completeTransfer: { model: 'CompleteTransferData', required: false, data: { parentConnId: 'string', ...REASONS }, requiredData: [] },
  completeConference: { model: 'CompleteConferenceData', required: false, data: { parentConnId: 'string', ...REASONS }, requiredData: [] },
  reconnect: { model: 'ReconnectData', required: true, data: { heldConnId: 'string', ...REASONS }, requiredData: ['heldConnId'] },
} as const satisfies Record<string, BodySchema>;

export interface ParsedBody {
  readonly data: Readonly<Record<string, unknown>>;
  readonly operationId?: string;
}

/** Reads a JSON body (none is an empty body) and checks it against the operation's model. */
export async function readRequestBody(req: IncomingMessage, schema: BodySchema): Promise<ParsedBody> {
  const text = await readBody(req);
  if (text.trim() === '') {
    if (schema.required) throw new HttpError(400, `a ${schema.model} body is required`);
    return { data: {} };
  }
  if (mediaType(req) !== 'application/json') throw new HttpError(415, 'the body must be application/json');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
  return checkBody(body, schema);
}

export function checkBody(body: unknown, schema: BodySchema): ParsedBody {
  if (!isObject(body)) throw new HttpError(400, `${schema.model}: the body must be an object`);
  for (const key of Object.keys(body)) {
    if (key !== 'data' && key !== 'operationId') throw new HttpError(400, `${schema.model}: unknown field "${key}"`);
  }
  if (body.operationId !== undefined && typeof body.operationId !== 'string') throw new HttpError(400, `${schema.model}: operationId must be a string`);
  const data = body.data ?? {};
  if (!isObject(data)) throw new HttpError(400, `${schema.model}: data must be an object`);
  for (const [key, value] of Object.entries(data)) {
    const type = schema.data[key];
    if (type === undefined) throw new HttpError(400, `${schema.model}: unknown field "data.${key}"`);
    const problem = checkField(value, type);
    if (problem) throw new HttpError(400, `${schema.model}: data.${key} ${problem}`);
  }
  for (const key of schema.requiredData) {
    if (data[key] === undefined) throw new HttpError(400, `${schema.model}: data.${key} is required`);
  }
  return { data, ...(typeof body.operationId === 'string' ? { operationId: body.operationId } : {}) };
}

function checkField(value: unknown, type: FieldType): string | undefined {
  if (typeof type === 'object') return typeof value === 'string' && type.oneOf.includes(value) ? undefined : `must be one of ${type.oneOf.join(', ')}`;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? undefined : 'must be an array of strings';
    case 'kvlist':
      return isKvlist(value) ? undefined : 'must be an array of {key, type, value}';
  }
}

export function isKvlist(value: unknown): value is Kvpair[] {
  return (
    Array.isArray(value) &&
    value.every((pair) => isObject(pair) && typeof pair.key === 'string' && typeof pair.type === 'string' && 'value' in pair && Object.keys(pair).length === 3)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
