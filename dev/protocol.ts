/**
 * The postMessage protocol between the UEF stand-in (inside the toolbar iframe) and the Fusion simulator (the host page).
 * Development only: Oracle's hosted UEF client speaks its own, private protocol with Fusion; this one only has to carry
 * the surface declared in src/ts/cti/fusion/uef.ts. What Fusion sends (an operation's answer, an event's data) travels
 * as the plain data object of Oracle's typings (IMcaComEventActionData, IMcaOnToolbarInteractionCommandData, …), so the
 * stand-in only wraps it in the getters uef.ts declares.
 * Every message is a plain, structured-clonable object with `channel: 'fusion-uef-standin'` and a `kind` discriminator.
 */
import type {
  IMCAConfiguration,
  IMCAGetConfigurationResponsePayload,
  IMCAOutBoundCommErrorResponsePayload,
  IMcaCloseComEventActionData,
  IMcaComEventActionData,
  IMcaNewComEventActionData,
  IMcaStartComEventActionData,
  IMcaEventData,
  IMcaOnDataUpdatedEventData,
  IMcaOnOutgoingEventPayloadData,
  IMcaOnToolbarAgentCommandData,
  IMcaOnToolbarInteractionCommandData,
  McaData,
  UefEventName,
  UefOperationName,
} from '../src/ts/cti/fusion/uef';

export const CHANNEL = 'fusion-uef-standin';

export const EVENT_NAMES: readonly UefEventName[] = [
  'onToolbarInteractionCommand',
  'onToolbarAgentCommand',
  'onOutgoingEvent',
  'onDataUpdated',
];

/** Events whose subscriber answers with a result (UEF calls them "controllable"). */
export type ControllableEventName = 'onToolbarInteractionCommand' | 'onToolbarAgentCommand';

export function isControllable(eventName: UefEventName): eventName is ControllableEventName {
  return eventName === 'onToolbarInteractionCommand' || eventName === 'onToolbarAgentCommand';
}

/** What a publish request carries: the values its setters stored. */
export interface PublishPayload {
  eventId?: string;
  appClassification?: string;
  inData?: McaData;
  reason?: string;
  isAvailable?: boolean;
  isLoggedIn?: boolean;
  state?: string;
  stateDisplayString?: string;
  reasonDisplayString?: string;
  commUuid?: string;
  errorCode?: string;
  errorMsg?: string;
  configType?: string;
  readiness?: boolean;
}

/**
 * Oracle's IMCAAgentStateEventResponsePayload (uiEventsFramework.d.ts). uef.ts types agentStateEventOperation's
 * getData() as `unknown`, as Oracle's IMcaAgentStateEventActionResponseData does; this is what the simulator puts there.
 */
export interface AgentStateResponsePayload {
  method: string;
  result: string;
  toolbarName: string;
  uuid: string;
  error: unknown;
}

/** readyForOperationOperation's getData() is `any` in Oracle's typings; the simulator answers in the same style. */
export interface ReadyForOperationResponsePayload {
  method: string;
  result: string;
  toolbarName: string;
  uuid: string;
}

/** What Fusion answers each operation with: the object its response data's getData() returns. */
export interface OperationDataMap {
  newCommEvent: IMcaNewComEventActionData;
  startCommEvent: IMcaStartComEventActionData;
  closeCommEvent: IMcaCloseComEventActionData;
  agentStateEventOperation: AgentStateResponsePayload;
  outboundCommError: IMCAOutBoundCommErrorResponsePayload;
  getConfigurationOperation: IMCAGetConfigurationResponsePayload;
  readyForOperationOperation: ReadyForOperationResponsePayload;
}

export const OPERATION_NAMES: readonly UefOperationName[] = [
  'agentStateEventOperation',
  'newCommEvent',
  'startCommEvent',
  'closeCommEvent',
  'outboundCommError',
  'getConfigurationOperation',
  'readyForOperationOperation',
];

export function isOperationName(name: string): name is UefOperationName {
  return (OPERATION_NAMES as readonly string[]).includes(name);
}

/** The data of each event: the object its response data's getData() returns. */
export interface EventDataMap {
  onToolbarInteractionCommand: IMcaOnToolbarInteractionCommandData;
  onToolbarAgentCommand: IMcaOnToolbarAgentCommandData;
  onOutgoingEvent: IMcaOnOutgoingEventPayloadData;
  onDataUpdated: IMcaOnDataUpdatedEventData;
}

interface Envelope {
  channel: typeof CHANNEL;
}

/** toolbar → host. `sessionId` changes when the toolbar page reloads, so the host can drop stale subscriptions. */
export interface HelloMessage extends Envelope {
  kind: 'hello';
  appName: string;
  version: string;
  sessionId: string;
}

/** host → toolbar */
export interface WelcomeMessage extends Envelope {
  kind: 'welcome';
}

/** toolbar → host: the first callback for this event was registered. */
export interface SubscribeMessage extends Envelope {
  kind: 'subscribe';
  eventName: UefEventName;
}

/** toolbar → host: the last callback for this event was disposed. */
export interface UnsubscribeMessage extends Envelope {
  kind: 'unsubscribe';
  eventName: UefEventName;
}

/** toolbar → host. `operation` is any string so the host, like Fusion, can answer an unknown one with an error. */
export interface PublishMessage extends Envelope {
  kind: 'publish';
  requestId: string;
  operation: string;
  payload: PublishPayload;
}

/**
 * host → toolbar: Fusion's answer to one publish. `ok: false` is a refusal (publish rejects); `ok: true` resolves with
 * the operation's data, whose `result` may still say `error` for the operations whose response data has isSuccess().
 */
export type PublishResultMessage = Envelope & { kind: 'publishResult'; requestId: string } & (
    | { [K in UefOperationName]: { ok: true; operation: K; data: OperationDataMap[K] } }[UefOperationName]
    | { ok: false; error: string }
  );

/** host → toolbar */
export type EventMessage = {
  [K in UefEventName]: Envelope & { kind: 'event'; deliveryId: string; eventName: K; data: EventDataMap[K] };
}[UefEventName];

/**
 * toolbar → host: the subscriber's answer to a controllable event, read from the event's data object once the
 * callback's promise settled. `outData` is whatever the toolbar set (structured-cloned); the host judges it.
 */
export interface EventResultMessage extends Envelope {
  kind: 'eventResult';
  deliveryId: string;
  result: 'success' | 'failure';
  resultDisplayString?: string;
  outData?: unknown;
}

export type Message =
  | HelloMessage
  | WelcomeMessage
  | SubscribeMessage
  | UnsubscribeMessage
  | PublishMessage
  | PublishResultMessage
  | EventMessage
  | EventResultMessage;

// ---- runtime validation -------------------------------------------------------------------------------------------

type Rec = Record<string, unknown>;

function isRecord(x: unknown): x is Rec {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isMcaValue(v: unknown): boolean {
  return v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v);
}

/** Returns a description of the problem, or null when `x` is McaData. */
function mcaDataProblem(x: unknown, what: string): string | null {
  if (!isRecord(x)) return `${what} is not an object`;
  for (const [key, value] of Object.entries(x)) {
    if (!isMcaValue(value)) return `${what}.${key} is not a string, number, boolean or null`;
  }
  return null;
}

function nonEmptyString(m: Rec, key: string): string | null {
  return typeof m[key] === 'string' && m[key] !== '' ? null : `${key} missing or not a non-empty string`;
}

/** Each field's expected type: 'string' (any string), 'id' (non-empty string), 'number', 'boolean', 'mca', 'record', 'any'. */
type FieldType = 'string' | 'id' | 'number' | 'boolean' | 'mca' | 'record' | 'any';

/** Checks that `x` has exactly these fields (no more, none missing) of these types. */
function shapeProblem(x: unknown, what: string, fields: Record<string, FieldType>): string | null {
  if (!isRecord(x)) return `${what} is not an object`;
  for (const key of Object.keys(x)) if (!(key in fields)) return `${what}.${key} is not a known field`;
  for (const [key, type] of Object.entries(fields)) {
    if (!(key in x)) return `${what}.${key} is missing`;
    const value = x[key];
    const name = `${what}.${key}`;
    switch (type) {
      case 'any':
        break;
      case 'id':
        if (typeof value !== 'string' || value === '') return `${name} is not a non-empty string`;
        break;
      case 'mca': {
        const problem = mcaDataProblem(value, name);
        if (problem) return problem;
        break;
      }
      case 'record':
        if (!isRecord(value)) return `${name} is not an object`;
        break;
      default:
        if (typeof value !== type) return `${name} is not a ${type}`;
    }
  }
  return null;
}

const PAYLOAD_TYPES: Record<keyof PublishPayload, 'string' | 'boolean' | 'mca'> = {
  eventId: 'string',
  appClassification: 'string',
  inData: 'mca',
  reason: 'string',
  isAvailable: 'boolean',
  isLoggedIn: 'boolean',
  state: 'string',
  stateDisplayString: 'string',
  reasonDisplayString: 'string',
  commUuid: 'string',
  errorCode: 'string',
  errorMsg: 'string',
  configType: 'string',
  readiness: 'boolean',
};

/** Returns a description of what is wrong with a publish payload, or null. */
export function payloadProblem(x: unknown): string | null {
  if (!isRecord(x)) return 'payload is not an object';
  for (const [key, value] of Object.entries(x)) {
    const type = PAYLOAD_TYPES[key as keyof PublishPayload];
    if (type === undefined) return `payload.${key} is not a known field`;
    if (value === undefined) continue;
    if (type === 'mca') {
      const problem = mcaDataProblem(value, `payload.${key}`);
      if (problem) return problem;
    } else if (typeof value !== type) {
      return `payload.${key} is not a ${type}`;
    }
  }
  return null;
}

// The field lists below are Oracle's interfaces (uiEventsFramework.d.ts), so a simulator that sends more or less than
// Oracle declares is caught here, at the toolbar's door.

const MCA_EVENT_DATA: Record<keyof IMcaEventData, FieldType> = { channel: 'string', channelType: 'string', method: 'string', toolbarName: 'string', uuid: 'string' };

const EVENT_DATA_FIELDS: { [K in UefEventName]: Record<keyof EventDataMap[K], FieldType> } = {
  onToolbarInteractionCommand: {
    ...MCA_EVENT_DATA,
    command: 'id',
    commandId: 'string',
    eventId: 'id',
    inData: 'mca',
    outData: 'any',
    result: 'string',
    target: 'string',
    timeStamp: 'number',
    slot: 'string',
    resultDisplayString: 'string',
  },
  onToolbarAgentCommand: {
    ...MCA_EVENT_DATA,
    command: 'id',
    eventId: 'id',
    inData: 'any',
    outData: 'any',
    result: 'string',
    timeStamp: 'number',
    resultDisplayString: 'string',
  },
  onOutgoingEvent: { ...MCA_EVENT_DATA, outData: 'mca', origin: 'string', windowName: 'string' },
  onDataUpdated: { ...MCA_EVENT_DATA, outData: 'record', eventId: 'id', eventSource: 'string', result: 'string' },
};

const COM_EVENT_DATA: Record<keyof IMcaComEventActionData, FieldType> = {
  channelId: 'string',
  channelType: 'string',
  engagementId: 'string',
  eventId: 'id',
  eventSource: 'string',
  interactionId: 'string',
  method: 'string',
  result: 'string',
  toolbarName: 'string',
  uuid: 'string',
  channel: 'string',
};

const OPERATION_DATA_FIELDS: { [K in UefOperationName]: Record<keyof OperationDataMap[K], FieldType> } = {
  newCommEvent: { ...COM_EVENT_DATA, outData: 'mca' },
  startCommEvent: { ...COM_EVENT_DATA, outData: 'mca', screenPopMode: 'string', wrapupId: 'string' },
  closeCommEvent: { ...COM_EVENT_DATA, outData: 'mca', wrapupId: 'string' },
  agentStateEventOperation: { method: 'string', result: 'string', toolbarName: 'string', uuid: 'string', error: 'any' },
  outboundCommError: { result: 'string', error: 'string' },
  getConfigurationOperation: {
    outData: 'record',
    method: 'any',
    configuration: 'record',
    result: 'string',
    toolbarName: 'string',
    uuid: 'string',
    error: 'any',
  },
  readyForOperationOperation: { method: 'string', result: 'string', toolbarName: 'string', uuid: 'string' },
};

const CONFIGURATION_FIELDS: Record<keyof IMCAConfiguration, FieldType> = {
  faTrustToken: 'string',
  agentId: 'string',
  agentPartyId: 'string',
  features: 'string',
  companionPanelUrl: 'string',
  companionPanelTitle: 'string',
};

function operationDataProblem(operation: unknown, data: unknown): string | null {
  if (typeof operation !== 'string' || !isOperationName(operation)) return `operation ${JSON.stringify(operation)} is not a UEF operation`;
  const problem = shapeProblem(data, 'data', OPERATION_DATA_FIELDS[operation]);
  if (problem || operation !== 'getConfigurationOperation') return problem;
  return shapeProblem((data as Rec).configuration, 'data.configuration', CONFIGURATION_FIELDS);
}

function eventDataProblem(eventName: UefEventName, data: unknown): string | null {
  const problem = shapeProblem(data, 'data', EVENT_DATA_FIELDS[eventName]);
  if (problem || eventName !== 'onDataUpdated') return problem;
  return typeof (data as IMcaOnDataUpdatedEventData).outData.updateType === 'string' ? null : 'data.outData.updateType is not a string';
}

function eventNameProblem(m: Rec): string | null {
  return EVENT_NAMES.includes(m.eventName as UefEventName) ? null : `eventName ${JSON.stringify(m.eventName)} is not a UEF event`;
}

function messageProblem(m: Rec): string | null {
  switch (m.kind) {
    case 'hello':
      return nonEmptyString(m, 'appName') ?? nonEmptyString(m, 'version') ?? nonEmptyString(m, 'sessionId');
    case 'welcome':
      return null;
    case 'subscribe':
    case 'unsubscribe':
      return eventNameProblem(m);
    case 'publish':
      return nonEmptyString(m, 'requestId') ?? nonEmptyString(m, 'operation') ?? payloadProblem(m.payload);
    case 'publishResult':
      if (nonEmptyString(m, 'requestId')) return nonEmptyString(m, 'requestId');
      if (m.ok === true) return operationDataProblem(m.operation, m.data);
      if (m.ok === false) return typeof m.error === 'string' ? null : 'error missing or not a string';
      return 'ok is not a boolean';
    case 'event':
      return nonEmptyString(m, 'deliveryId') ?? eventNameProblem(m) ?? eventDataProblem(m.eventName as UefEventName, m.data);
    case 'eventResult':
      if (nonEmptyString(m, 'deliveryId')) return nonEmptyString(m, 'deliveryId');
      if (m.result !== 'success' && m.result !== 'failure') return 'result is not "success" or "failure"';
      if (m.resultDisplayString !== undefined && typeof m.resultDisplayString !== 'string') {
        return 'resultDisplayString is not a string';
      }
      return null;
    default:
      return `unknown kind ${JSON.stringify(m.kind)}`;
  }
}

/** Returns `x` as a Message, or null (with a console.warn saying why) when it is not one. */
export function parseMessage(x: unknown): Message | null {
  let problem: string | null;
  if (!isRecord(x)) problem = 'not an object';
  else if (x.channel !== CHANNEL) problem = `channel is not "${CHANNEL}"`;
  else problem = messageProblem(x);
  if (problem !== null) {
    console.warn(`[${CHANNEL}] dropped a malformed message: ${problem}`, x);
    return null;
  }
  return x as Message;
}

/** A random UUID; `crypto.randomUUID` needs a secure context, which loopback pages are, but jsdom may lack it. */
export function newUuid(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
