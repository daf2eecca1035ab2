/**
 * What GWS sends, read defensively: the payloads of the CometD notifications on /workspace/v3/voice and
 * /workspace/v3/initialization, and of GET /workspace/v3/current-session. GWS is outside the bridge: every field is
 * checked for its type, and a payload without what it must have is a problem to log, never an exception.
 *
 * Shapes: the Workspace API's generated models (Call, Dn, CurrentSession, Kvpair in genesys-workspace-client-js,
 * https://github.com/GenesysPureEngage/workspace-client-js/tree/master/src/internal/code-gen/workspace-api/model),
 * the client's own handling of the voice channel (src/internal/voice-api.js there: messageType CallStateChanged,
 * DnStateChanged, EventError; call.previousConnId re-keys a call), and what Genesys' Agent API Simulator publishes
 * (https://github.com/GenesysPureEngage/agent-api-simulator, src/service/controllers/voice.js and messaging.js:
 * ServiceStateChanged with serviceName and serviceState; EventError with error.errorCode and error.errorMessage).
 */

/** A call as GWS describes it (model Call); only what the bridge uses. */
export interface GwsCall {
  /** What the REST paths name (/voice/calls/{id}/…); T-Server's ConnID (the client keys its calls by it). */
  readonly id: string;
  readonly connId?: string;
  /** Present when GWS gave the call a new id (a transfer or conference completed): the id it had. */
  readonly previousConnId?: string;
  /**
   * A consult call (callType Consult): the id of the call it was placed for (initiate-transfer, initiate-conference),
   * as Genesys' simulator sets it and Genesys' clients pass it back to complete-transfer and complete-conference.
   */
  readonly parentConnId?: string;
  readonly callUuid?: string;
  /** Ringing, Dialing, Established, Held, Released, Completed, … */
  readonly state: string;
  /** Inbound, Outbound, Internal, Consult, Unknown. */
  readonly callType?: string;
  /** The other party on a ringing call; Genesys' simulator puts the agent's own DN there on a dialing call. */
  readonly phoneNumber?: string;
  /** Real GWS may carry it; Genesys' simulator never does. */
  readonly ani?: string;
  readonly dnis?: string;
  /** The other parties; the first is the other party of a two-party call. More than one: a conference. */
  readonly participants: readonly { readonly number?: string; readonly role?: string }[];
  /** The call's attached data (a Kvpair list), its text values only. */
  readonly userData: Readonly<Record<string, string>>;
}

/** The agent's DN as GWS describes it (model Dn, DnStateChanged.dn). */
export interface GwsDn {
  readonly number: string;
  readonly agentId?: string;
  /** LoggedOut, NotReady, Ready (and whatever a newer GWS adds). */
  readonly agentState?: string;
  readonly agentWorkMode?: string;
  /** The ReasonCode of a NotReady state (dn.reasons, a Kvpair list). */
  readonly reasonCode?: string;
}

/** The signed-in user, from the workspace initialization or current-session (model CurrentSessionDataUser). */
export interface GwsUser {
  readonly userName: string;
  readonly agentLogin?: string;
  readonly employeeId?: string;
  readonly defaultPlace?: string;
  /** The DN, when the agent's voice channel is already active. */
  readonly dn?: GwsDn;
  /** Open calls (current-session only). */
  readonly calls?: readonly GwsCall[];
}

/** A notification on /workspace/v3/voice, by its messageType. */
export type VoiceNotification =
  | { readonly kind: 'call'; readonly call: GwsCall; readonly notificationType?: string }
  | { readonly kind: 'dn'; readonly dn: GwsDn }
  | { readonly kind: 'error'; readonly errorCode?: string; readonly errorMessage: string; readonly callId?: string }
  | { readonly kind: 'service'; readonly serviceName: string; readonly available: boolean }
  /** A message type the bridge has no use for (EventUserEvent, CallRecordingStateChange, …). */
  | { readonly kind: 'other'; readonly messageType: string };

/** Workspace initialization progress on /workspace/v3/initialization. */
export type InitializationNotification =
  | { readonly kind: 'complete'; readonly user: GwsUser }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'progress' };

export type ReadResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

type Fields = Readonly<Record<string, unknown>>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A text field, or undefined when absent, not a text, or blank. */
function text(fields: Fields, key: string): string | undefined {
  const value = fields[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The text values of a Kvpair list ([{key, type, value}]); other types (kvlist, int) are left out. */
export function textsOfKvList(value: unknown): Record<string, string> {
  const texts: Record<string, string> = {};
  if (!Array.isArray(value)) return texts;
  for (const pair of value) {
    if (!isFields(pair) || typeof pair.key !== 'string' || typeof pair.value !== 'string') continue;
    // A key repeated in the list: the first one stands, as T-Server's KVList lookups return the first.
    if (!Object.prototype.hasOwnProperty.call(texts, pair.key)) texts[pair.key] = pair.value;
  }
  return texts;
}

/** A text value as a Kvpair list, as the Workspace API takes user data. */
export function kvListOf(texts: Readonly<Record<string, string>>): { key: string; type: 'str'; value: string }[] {
  return Object.entries(texts).map(([key, value]) => ({ key, type: 'str', value }));
}

function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

export function readCall(value: unknown): ReadResult<GwsCall> {
  if (!isFields(value)) return { ok: false, problem: `a call that is not an object: ${shown(value)}` };
  const id = text(value, 'id') ?? text(value, 'connId');
  if (id === undefined) return { ok: false, problem: 'a call without an id' };
  const state = text(value, 'state');
  if (state === undefined) return { ok: false, problem: `call ${id} without a state` };
  const participants = Array.isArray(value.participants)
    ? value.participants.filter(isFields).map((party) => ({ number: text(party, 'number'), role: text(party, 'role') }))
    : [];
  const optional = (key: string): Record<string, string> => {
    const found = text(value, key);
    return found === undefined ? {} : { [key]: found };
  };
  return {
    ok: true,
    value: {
      id,
      state,
      participants,
      userData: textsOfKvList(value.userData),
      ...optional('connId'),
      ...optional('previousConnId'),
      ...optional('parentConnId'),
      ...optional('callUuid'),
      ...optional('callType'),
      ...optional('phoneNumber'),
      ...optional('ani'),
      ...optional('dnis'),
    },
  };
}

export function readDn(value: unknown): ReadResult<GwsDn> {
  if (!isFields(value)) return { ok: false, problem: `a DN that is not an object: ${shown(value)}` };
  const number = text(value, 'number');
  if (number === undefined) return { ok: false, problem: 'a DN without a number' };
  const reasons = textsOfKvList(value.reasons);
  const reasonCode = reasons.ReasonCode ?? text(value, 'reasonCode');
  const agentId = text(value, 'agentId');
  const agentState = text(value, 'agentState');
  const agentWorkMode = text(value, 'agentWorkMode');
  return {
    ok: true,
    value: {
      number,
      ...(agentId === undefined ? {} : { agentId }),
      ...(agentState === undefined ? {} : { agentState }),
      ...(agentWorkMode === undefined ? {} : { agentWorkMode }),
      ...(reasonCode === undefined ? {} : { reasonCode }),
    },
  };
}

/** The data of a CometD message on /workspace/v3/voice. */
export function readVoiceNotification(data: unknown): ReadResult<VoiceNotification> {
  if (!isFields(data)) return { ok: false, problem: `a notification that is not an object: ${shown(data)}` };
  const messageType = text(data, 'messageType');
  if (messageType === undefined) return { ok: false, problem: 'a notification without a messageType' };
  switch (messageType) {
    case 'CallStateChanged': {
      const call = readCall(data.call);
      if (!call.ok) return { ok: false, problem: `CallStateChanged: ${call.problem}` };
      const notificationType = text(data, 'notificationType');
      return { ok: true, value: { kind: 'call', call: call.value, ...(notificationType === undefined ? {} : { notificationType }) } };
    }
    case 'DnStateChanged': {
      const dn = readDn(data.dn);
      return dn.ok ? { ok: true, value: { kind: 'dn', dn: dn.value } } : { ok: false, problem: `DnStateChanged: ${dn.problem}` };
    }
    case 'EventError': {
      // The simulator nests the fields under `error`; accept them at the top level too.
      const error = isFields(data.error) ? data.error : data;
      const errorCode = text(error, 'errorCode');
      const call = isFields(data.call) ? (text(data.call, 'id') ?? text(data.call, 'connId')) : undefined;
      const callId = call ?? text(data, 'callId') ?? text(data, 'connId');
      return {
        ok: true,
        value: {
          kind: 'error',
          errorMessage: text(error, 'errorMessage') ?? 'Genesys reported an error without a message',
          ...(errorCode === undefined ? {} : { errorCode }),
          ...(callId === undefined ? {} : { callId }),
        },
      };
    }
    case 'ServiceStateChanged': {
      const serviceName = text(data, 'serviceName');
      const serviceState = text(data, 'serviceState');
      if (serviceName === undefined || (serviceState !== 'AVAILABLE' && serviceState !== 'UNAVAILABLE')) {
        return { ok: false, problem: `ServiceStateChanged needs a serviceName and a serviceState of AVAILABLE or UNAVAILABLE, got ${shown(serviceName)} and ${shown(data.serviceState)}` };
      }
      return { ok: true, value: { kind: 'service', serviceName, available: serviceState === 'AVAILABLE' } };
    }
    default:
      return { ok: true, value: { kind: 'other', messageType } };
  }
}

export function readUser(value: unknown): ReadResult<GwsUser> {
  if (!isFields(value)) return { ok: false, problem: `a user that is not an object: ${shown(value)}` };
  const userName = text(value, 'userName');
  if (userName === undefined) return { ok: false, problem: 'a user without a userName' };
  const optional = (key: string): Record<string, string> => {
    const found = text(value, key);
    return found === undefined ? {} : { [key]: found };
  };
  const session = isFields(value.activeSession) ? value.activeSession : undefined;
  const dn = session === undefined || session.dn === undefined ? undefined : readDn(session.dn);
  const calls: GwsCall[] = [];
  if (session !== undefined && Array.isArray(session.calls)) {
    for (const entry of session.calls) {
      const call = readCall(entry);
      // A call GWS describes without an id or a state cannot be controlled; it is left out of the picture.
      if (call.ok) calls.push(call.value);
    }
  }
  return {
    ok: true,
    value: {
      userName,
      ...optional('agentLogin'),
      ...optional('employeeId'),
      ...optional('defaultPlace'),
      ...(dn?.ok ? { dn: dn.value } : {}),
      ...(session === undefined ? {} : { calls }),
    },
  };
}

/** The data of a CometD message on /workspace/v3/initialization (WorkspaceInitializationProgress / …Complete). */
export function readInitialization(data: unknown): ReadResult<InitializationNotification> {
  if (!isFields(data)) return { ok: false, problem: `an initialization message that is not an object: ${shown(data)}` };
  switch (text(data, 'state')) {
    case 'Complete': {
      const inner = isFields(data.data) ? data.data : {};
      const user = readUser(inner.user);
      return user.ok ? { ok: true, value: { kind: 'complete', user: user.value } } : { ok: false, problem: `the initialized workspace names ${user.problem}` };
    }
    case 'Failed':
      return { ok: true, value: { kind: 'failed', message: text(data, 'message') ?? text(isFields(data.data) ? data.data : {}, 'message') ?? 'no reason given' } };
    default:
      return { ok: true, value: { kind: 'progress' } };
  }
}

/** The body of GET /workspace/v3/current-session: {status, data: {user}}. */
export function readCurrentSession(body: unknown): ReadResult<GwsUser> {
  const data = isFields(body) && isFields(body.data) ? body.data : undefined;
  if (data === undefined) return { ok: false, problem: 'current-session answered without data' };
  const user = readUser(data.user);
  return user.ok ? user : { ok: false, problem: `current-session names ${user.problem}` };
}
