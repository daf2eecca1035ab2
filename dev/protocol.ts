/**
 * The postMessage protocol between the UEF stand-in (inside the toolbar iframe) and the Fusion simulator (the host page).
 * Development only: Oracle's hosted UEF client speaks its own, private protocol with Fusion; this one only has to carry
 * the surface declared in src/ts/cti/fusion/uef.ts.
 * Every message is a plain, structured-clonable object with `channel: 'fusion-uef-standin'` and a `kind` discriminator.
 */
import type { McaData, UefEventName } from '../src/ts/cti/fusion/uef';

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
}

/** The data of each event, as the stand-in needs it to build the uef.ts response objects. */
export interface EventDataMap {
  onToolbarInteractionCommand: { eventId: string; command: string; inData: McaData };
  onToolbarAgentCommand: { eventId: string; command: string; inData: McaData };
  onOutgoingEvent: { data: McaData; outData: McaData };
  onDataUpdated: { eventId: string; outData: McaData };
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

/** host → toolbar */
export type PublishResultMessage = Envelope & { kind: 'publishResult'; requestId: string } & (
    | { ok: true; data: McaData; outData: McaData }
    | { ok: false; error: string }
  );

/** host → toolbar */
export type EventMessage = {
  [K in UefEventName]: Envelope & { kind: 'event'; deliveryId: string; eventName: K; data: EventDataMap[K] };
}[UefEventName];

/** toolbar → host: the subscriber's answer to a controllable event. */
export interface EventResultMessage extends Envelope {
  kind: 'eventResult';
  deliveryId: string;
  result: 'success' | 'failure';
  resultDisplayString?: string;
  outData?: Record<string, unknown>;
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

function eventDataProblem(eventName: UefEventName, data: unknown): string | null {
  if (!isRecord(data)) return 'data is not an object';
  switch (eventName) {
    case 'onToolbarInteractionCommand':
    case 'onToolbarAgentCommand':
      return nonEmptyString(data, 'eventId') ?? nonEmptyString(data, 'command') ?? mcaDataProblem(data.inData, 'data.inData');
    case 'onOutgoingEvent':
      return mcaDataProblem(data.data, 'data.data') ?? mcaDataProblem(data.outData, 'data.outData');
    case 'onDataUpdated':
      return nonEmptyString(data, 'eventId') ?? mcaDataProblem(data.outData, 'data.outData');
  }
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
      if (m.ok === true) return mcaDataProblem(m.data, 'data') ?? mcaDataProblem(m.outData, 'outData');
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
      if (m.outData !== undefined && !isRecord(m.outData)) return 'outData is not an object';
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
