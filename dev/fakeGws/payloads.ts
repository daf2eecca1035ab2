/**
 * What the Workspace API says, in its own shapes. Field names and types follow the models Genesys generated from the
 * API's OpenAPI description (npm genesys-workspace-client-js 9.0.1; the newer GitHub repositories
 * https://github.com/GenesysPureEngage/workspace-client-js and .../workspace-client-java), and what Genesys' own
 * clients read from the CometD messages (workspace-client-java's VoiceApi.onCallStateChanged / onDnStateChanged /
 * onEventError). test/fakeGws/shapes.test.ts holds every payload here to those generated models.
 */
import type { ActionCode, FakeAgent } from './config';

/** Key-value pairs as GWS passes T-Library's KV lists (userData, reasons, extensions): model Kvpair. */
export interface Kvpair {
  readonly key: string;
  /** 'str', 'int' or 'kvlist' (Genesys' simulator data and workspace-client-java's Util.extractKeyValueData). */
  readonly type: string;
  readonly value: unknown;
}

/**
 * Call states (model Call.state): "Ringing, Dialing, Established, Held, Released, or Completed. Unless specifically
 * configured, calls are automatically completed upon release."
 * https://github.com/GenesysPureEngage/workspace-client-java/blob/master/src/main/java/com/genesys/internal/workspace/model/Call.java
 */
export type CallState = 'Ringing' | 'Dialing' | 'Established' | 'Held' | 'Released' | 'Completed';
export type CallType = 'Inbound' | 'Outbound' | 'Internal' | 'Consult';
/** T-Library's DN roles (TDNRole), as GWS names them in participants (Genesys' simulator; RoleNewParty: a conference's new member). */
export type PartyRole = 'RoleOrigination' | 'RoleDestination' | 'RoleNewParty';

/** model Call. */
export interface GwsCall {
  /** "The unique identifier for the call": the ConnID, which every /voice/calls/{id} request names. */
  readonly id: string;
  /** "The connection ID for the call. This value comes from the Tlib event." */
  readonly connId: string;
  readonly callUuid: string;
  readonly callType: CallType;
  readonly state: CallState;
  /**
   * "The agent's phone number." Genesys' simulator puts the caller there on a ringing call (by accident of its
   * Object.assign) but the agent's own DN on a dialing one; the fake follows the model's definition, always the
   * agent's DN, so a client takes the other party from participants (and ani), never from phoneNumber.
   */
  readonly phoneNumber: string;
  readonly participants: readonly { readonly number: string; readonly role: PartyRole }[];
  readonly dnis: string;
  /**
   * "The Automatic Number Identification from the call." T-Server distributes ANI on inbound calls only by default
   * (option ani-distribution = inbound-calls-only,
   * https://enu.docs.genesys.com/Documentation:TS:TSCSTA:TCTServerSection:8.1.1), so outbound and internal calls have
   * none. Genesys' simulator never sends ani at all.
   */
  readonly ani?: string;
  /** "The parent connection ID is present on consult calls and identifies the call from which the conference or transfer was initiated." */
  readonly parentConnId?: string;
  /**
   * "The previous connection ID is present if the ID has changed, as would be the case if an agent is the target of a
   * two-step conference or transfer": on the message that moves the consulted party onto the held call.
   */
  readonly previousConnId?: string;
  readonly userData: readonly Kvpair[];
  readonly capabilities: readonly string[];
}

export type AgentState = 'LoggedOut' | 'NotReady' | 'Ready';

/**
 * model Dn: number, agentId, agentState ("LoggedOut, LoggedIn, Ready, or NotReady"), agentWorkMode ("AuxWork or
 * AfterCallWork if the agent's state is Not Ready, or AutoIn or ManualIn if Ready"). `reasons` is beyond the 9.0.1
 * model: Genesys' simulator sends the not-ready reason as reasons [{key: "ReasonCode", type: "str", value}], the
 * T-Library Reasons KV list the not-ready request's own model refers to
 * (https://docs.genesys.com/Documentation/System/Current/GenEM/Reasons).
 */
export interface GwsDn {
  readonly number: string;
  readonly agentId: string;
  readonly agentState: AgentState;
  readonly agentWorkMode: string;
  readonly reasons?: readonly Kvpair[];
}

/** model Service: the state of a backend service GWS depends on (VOICE: T-Server / SIP Server; IXN: Interaction Server). */
export type ServiceName = 'VOICE' | 'IXN';
export type ServiceState = 'AVAILABLE' | 'UNAVAILABLE';

/**
 * CometD messages on /workspace/v3/voice. data.messageType names each (the switch in Genesys' clients); the shapes
 * are what workspace-client-java reads and Genesys' simulator sends:
 * https://github.com/GenesysPureEngage/workspace-client-java/blob/master/src/main/java/com/genesys/workspace/VoiceApi.java
 * https://github.com/GenesysPureEngage/agent-api-simulator/blob/master/src/service/controllers/voice.js
 */
export interface CallStateChanged {
  readonly messageType: 'CallStateChanged';
  /**
   * StateChange for a change the event reports; CallRecovered for a call GWS reports again to a session that
   * activates its channels while the call exists (workspace-client-java's NotificationType; Genesys' tutorials
   * "find established calls when the program starts" from these events,
   * https://github.com/GenesysPureEngage/tutorials/blob/master/alternate-calls-workspace-nodejs/src/main.js).
   */
  readonly notificationType: 'StateChange' | 'CallRecovered';
  readonly call: GwsCall;
  /** The request's operationId (newer request models carry one), on the events that answer that request. */
  readonly operationId?: string;
}

export interface DnStateChanged {
  readonly messageType: 'DnStateChanged';
  readonly dn: GwsDn;
  readonly operationId?: string;
}

/** T-Server's EventError as GWS forwards it: workspace-client-java reads data.error.errorCode and .errorMessage. */
export interface EventErrorMessage {
  readonly messageType: 'EventError';
  readonly error: { readonly errorCode: number; readonly errorMessage: string };
  readonly operationId?: string;
}

/** Genesys' simulator's service state notification (POST /sim/manage/service-state-change-notification/...). */
export interface ServiceStateChanged {
  readonly messageType: 'ServiceStateChanged';
  readonly serviceName: ServiceName;
  readonly serviceState: ServiceState;
}

export type VoiceMessage = CallStateChanged | DnStateChanged | EventErrorMessage | ServiceStateChanged;

/**
 * T-Server's refusals. T-Server's numeric error codes are switch-specific and not published in a form this project
 * can cite, so apart from 415 (Genesys' simulator's "Invalid Destination DN") the numbers are the fake's own: a
 * client must treat errorCode as opaque, as workspace-client-java does (it reads it as a string).
 */
export const SWITCH_ERRORS = {
  invalidDestination: { errorCode: 415, errorMessage: 'Invalid Destination DN' },
  invalidCallState: { errorCode: 9001, errorMessage: 'Invalid call state for this request' },
  agentNotLoggedIn: { errorCode: 9002, errorMessage: 'Agent is not logged in' },
  agentAlreadyLoggedOut: { errorCode: 9003, errorMessage: 'Agent is already logged out' },
} as const;

/** model ApiSuccessResponse. */
export interface ApiSuccessResponse {
  readonly status: { readonly code: 0 | 1 };
}

/**
 * status.code 1: the request was accepted and sent to T-Server; its outcome comes over CometD. Genesys' Java client
 * requires exactly 1 from every voice operation (StatusCode.ASYNC_OK) and 0 from activate-channels; its native-API
 * tutorial requires 1 from initialize-workspace.
 * https://github.com/GenesysPureEngage/workspace-client-java/blob/master/src/main/java/com/genesys/workspace/common/StatusCode.java
 * https://docs.genesys.com/Documentation/HTCC/latest/API/AsynchronousEvents ("this only means the request was
 * processed and sent to a backend Genesys server, like T-Server")
 */
export const ASYNC_OK: ApiSuccessResponse = { status: { code: 1 } };
export const OK: ApiSuccessResponse = { status: { code: 0 } };

/**
 * model ApiErrorResponse: {status: {code, message}}. The Workspace API's error codes are not published (GWS 8.5's
 * v2 list, https://docs.genesys.com/Documentation/HTCC/8.5.1/API/ReturnValues, gives 1 another meaning than v3's
 * ASYNC_OK), so the fake puts the HTTP status there: a client should act on the HTTP status.
 */
export interface ApiErrorResponse {
  readonly status: { readonly code: number; readonly message: string };
}

export function apiError(httpStatus: number, message: string): ApiErrorResponse {
  return { status: { code: httpStatus, message } };
}

/** model CurrentSessionDataUser, without activeSession. */
export function userOf(agent: FakeAgent) {
  return {
    dbid: agent.dbid,
    firstName: agent.firstName,
    lastName: agent.lastName,
    userName: agent.userName,
    employeeId: agent.employeeId,
    defaultPlace: agent.place,
    agentLogin: agent.agentLogin,
    userProperties: [] as Kvpair[],
  };
}

/** model ConfigResponseData: the configuration that comes with WorkspaceInitializationComplete. */
export function configurationOf(actionCodes: readonly ActionCode[]) {
  return {
    actionCodes: actionCodes.map(({ name, code }) => ({ name, code, userProperties: [] as Kvpair[] })),
    transactions: [],
    businessAttributes: [],
  };
}

/**
 * The message that completes initialize-workspace, on /workspace/v3/initialization. Genesys' clients wait for
 * messageType WorkspaceInitializationComplete with state Complete and read data.user (employeeId, agentLogin,
 * defaultPlace, userProperties) and data.configuration.
 * https://github.com/GenesysPureEngage/workspace-client-java/blob/master/src/main/java/com/genesys/workspace/WorkspaceApi.java
 * The user is model CurrentSessionDataUser, whose activeSession (the DN, calls, services) is there when the agent's
 * channel is already active, as Genesys' simulator sends it to a session that joins one.
 */
export function initializationComplete(agent: FakeAgent, actionCodes: readonly ActionCode[], activeSession?: object) {
  return {
    messageType: 'WorkspaceInitializationComplete' as const,
    state: 'Complete' as const,
    data: { user: { ...userOf(agent), ...(activeSession ? { activeSession } : {}) }, configuration: configurationOf(actionCodes) },
  };
}
