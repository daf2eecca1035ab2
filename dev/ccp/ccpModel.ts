/**
 * One Amazon Connect agent, as the CCP's shared worker sees it: the agent's configuration, the agent snapshot
 * ('agent::update' data) and the CTI API the Streams library calls through the CCP iframe ('api_request').
 * Pure TypeScript (no DOM): the CCP emulator page and the jest tests both drive it.
 *
 * Every change that Amazon Connect would show as a new snapshot is one step: the state changes, then every
 * onChange listener is called once, synchronously. A few actions take two steps, as the real service shows them
 * (a leg disconnects first, then the contact ends), and both steps happen before the action returns.
 *
 * Shapes follow GetAgentSnapshot as the Streams library receives it (timestamps are Date objects, as after the
 * structured clone of postMessage), after Streams' own sample snapshots of real contacts
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/test/unit/sample-snapshots.js).
 *
 * How a ringing voice contact ends, as Streams' maintainers describe real ones (and what nobody has published):
 *   - rang out (nobody answered): contact 'error', the customer's connection still 'connected', the agent's
 *     'disconnected' (https://github.com/amazon-connect/amazon-connect-streams/issues/391, the maintainers' test for
 *     a missed contact; #551, #658), and the agent in the error state MissedCallAgent (#344, #991);
 *   - declined (rejectContact, or Reject in the CCP): the same contact and connections (#792, #1039; not even the
 *     CCP tells a missed voice call from a declined one, #977) and MissedCallAgent too (#344). Not published: whether
 *     the agent lands there when another call holds them; here that call's state (Busy) shows. Not published either:
 *     whether Amazon's own CCP page declines through Streams' contact.reject(), which broadcasts a click-stream Reject
 *     to every page of the agent's session before it asks Amazon Connect. So this CCP's Reject says nothing to other
 *     pages unless the option rejectBroadcastsClick asks it to (see agentHangsUp), and by default a decline here ends
 *     for the library exactly as a ring-out does;
 *   - the caller hangs up while it rings: contact 'error' (#658). Not published: which connections show what, and
 *     where the agent lands. Here the customer's connection is 'disconnected' (the caller left; a missed or declined
 *     call keeps it, #391), the agent's too, and the agent goes back to the state they chose.
 * No voice contact here ends 'missed' or 'rejected', nor vanishes while it rings: the maintainers report none that do.
 * Refusals of api_requests reach the library as JSON strings (ccpEndpoint.ts, wireError). Hold, digits and mute are
 * described in ccpCallControls.ts; quick connects, third parties, conferences and transfers in ccpTransfers.ts.
 */

import { SAVED_STATE_VERSION, type SavedCcpState, type SavedLeg } from './ccpSavedState';
import { CONTROL_ERRORS, MUTE_EVENT, MUTE_TOGGLE_EVENT, digitsParameterProblem, heardAfter, muteAsked } from './ccpCallControls';
import { type EndpointData, TRANSFER_ERRORS, endpointsPage, placementOf, quickConnects } from './ccpTransfers';

export interface CcpModelOptions {
  /** A ringing inbound contact nobody answers ends (in 'error', as real ones do) after this long; null: never. */
  readonly ringTimeoutMs: number | null;
  /** An outbound contact nobody answers fails after this long; null: never. */
  readonly dialTimeoutMs?: number | null;
  /** Clock for timestamps (Date objects in snapshots, as after structured clone). */
  readonly now?: () => Date;
  /** The agent state the agent starts in (a name from the configuration's agentStates); default 'Available'. */
  readonly initialState?: string;
  /**
   * A Reject clicked in this CCP is first broadcast as Streams' click-stream data, as if Amazon's CCP page declined
   * through Streams' contact.reject(); default false, as nobody has published that it does (see the top of this file).
   */
  readonly rejectBroadcastsClick?: boolean;
  /**
   * The agent as Amazon Connect still has them from an earlier load of the CCP (ccpSavedState.ts): their states,
   * contacts and timers pick up from there. initialState is then ignored.
   */
  readonly restore?: SavedCcpState;
}

export type ApiError = { readonly type: string; readonly message: string };
export type ApiResult = { readonly data: unknown } | { readonly err: ApiError };

export type ContactStateType = 'connecting' | 'connected' | 'ended' | 'missed' | 'rejected' | 'error';
/** 'hold': connect.ConnectionStateType.HOLD, the customer waiting while the agent holds the call (ccpCallControls.ts). */
export type ConnectionStateType = 'connecting' | 'connected' | 'hold' | 'disconnected';
export type AgentStateType = 'routable' | 'not_routable' | 'offline' | 'system' | 'error';

export interface ModelContactView {
  contactId: string;
  direction: 'inbound' | 'outbound';
  /** 'transfer' for a call another agent transferred to this one. */
  initiationMethod: InitiationMethod;
  state: string /* contact state type */;
  phoneNumber: string;
  agentLeg: string;
  customerLeg: string;
  /** The keypad digits (DTMF) the customer has heard on this contact, in order. */
  digitsHeard: string;
  /** The agent's microphone on this contact is muted at the softphone. */
  muted: boolean;
  /** The contact's latest third-party connection (a consult, a conference member), if any. */
  thirdParty: ThirdPartyView | null;
}

export interface ThirdPartyView {
  /** The quick connect's name, else the number. */
  destination: string;
  state: ConnectionStateType;
  /** It rings or talks at the emulator's transfer target (TARGET_NUMBER). */
  toTarget: boolean;
}

/**
 * A call the agent left to the customer and the third party (a transfer, or the agent leaving a conference): no longer
 * in the agent's snapshot, still on the line until the customer or the third party hangs up.
 */
export interface TransferredCallView {
  /** The contactId the agent had for it. */
  contactId: string;
  direction: 'inbound' | 'outbound';
  phoneNumber: string;
  destination: string;
  /** Ringing at the third party, or talking with it. */
  state: 'ringing' | 'talking';
  toTarget: boolean;
}

export type InitiationMethod = 'inbound' | 'outbound' | 'transfer';

// ---------------------------------------------------------------------------------------------------------------
// The agent's configuration

export const INSTANCE_ID = '11111111-2222-3333-4444-555555555555';
export const ACCOUNT_ID = '123456789012';
export const INSTANCE_ARN = `arn:aws:connect:us-east-1:${ACCOUNT_ID}:instance/${INSTANCE_ID}`;
export const AGENT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

export interface AgentStateDefinition {
  readonly agentStateARN: string;
  readonly type: 'routable' | 'not_routable' | 'offline';
  readonly name: string;
}

/** Deliberately not in the "usual" order: code must choose states by type or name, never by index. */
export const AGENT_STATES: readonly AgentStateDefinition[] = Object.freeze([
  { agentStateARN: `${INSTANCE_ARN}/agent-state/offline`, type: 'offline', name: 'Offline' },
  { agentStateARN: `${INSTANCE_ARN}/agent-state/lunch`, type: 'not_routable', name: 'Lunch' },
  { agentStateARN: `${INSTANCE_ARN}/agent-state/available`, type: 'routable', name: 'Available' },
  { agentStateARN: `${INSTANCE_ARN}/agent-state/training`, type: 'not_routable', name: 'Training' },
] as const);

export interface QueueData {
  queueARN: string;
  queueId: string;
  name: string | null;
}

export interface AgentConfiguration {
  name: string;
  username: string;
  agentARN: string;
  softphoneEnabled: boolean;
  softphoneAutoAccept: boolean;
  extension: string | null;
  dialableCountries: string[];
  permissions: string[];
  agentStates: Array<{ agentStateARN: string; type: string; name: string }>;
  routingProfile: {
    name: string;
    routingProfileARN: string;
    routingProfileId: string;
    defaultOutboundQueue: QueueData;
    queues: QueueData[];
    channelConcurrencyMap: Record<string, number>;
  };
}

const BASIC_QUEUE: QueueData = { queueARN: `${INSTANCE_ARN}/queue/basic`, queueId: `${INSTANCE_ARN}/queue/basic`, name: 'BasicQueue' };
/** The agent's own queue: Streams' Agent._getResourceId() (used by every log entry) looks for ".../queue/agent/<id>". */
const AGENT_QUEUE: QueueData = { queueARN: `${INSTANCE_ARN}/queue/agent/${AGENT_ID}`, queueId: `${INSTANCE_ARN}/queue/agent/${AGENT_ID}`, name: null };

/** The instance's quick connects (ccpTransfers.ts), listed for the basic queue. */
export const QUICK_CONNECTS = Object.freeze(quickConnects(INSTANCE_ARN));

/** Voice contacts the agent's routing profile offers at once. */
const VOICE_CONCURRENCY = 2;

export function buildConfiguration(): AgentConfiguration {
  return {
    name: 'Emulated Agent',
    username: 'emulated.agent',
    agentARN: `${INSTANCE_ARN}/agent/${AGENT_ID}`,
    softphoneEnabled: true,
    softphoneAutoAccept: false,
    extension: null,
    dialableCountries: ['us', 'gb', 'fr', 'de'],
    permissions: ['outboundCall'],
    agentStates: AGENT_STATES.map((s) => ({ ...s })),
    routingProfile: {
      name: 'Basic Routing Profile',
      routingProfileARN: `${INSTANCE_ARN}/routing-profile/basic`,
      routingProfileId: `${INSTANCE_ARN}/routing-profile/basic`,
      defaultOutboundQueue: { ...BASIC_QUEUE },
      queues: [{ ...BASIC_QUEUE }, { ...AGENT_QUEUE }],
      channelConcurrencyMap: { VOICE: VOICE_CONCURRENCY, CHAT: 0, TASK: 0 },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshot shapes

export interface AgentStateData {
  agentStateARN: string | null;
  name: string;
  type: string;
  startTimestamp: Date;
}

export interface ConnectionData {
  connectionId: string;
  type: 'agent' | 'inbound' | 'outbound';
  initial: boolean;
  endpoint: { type: string; phoneNumber: string | null; agentLogin: null; name: string | null; endpointARN: string | null; queue: { queueARN: string; name: string } | null };
  state: { type: ConnectionStateType; timestamp: Date };
  mute: boolean;
  /** The quick connect a third-party connection was placed with (VoiceConnection.getQuickConnectName()); else null. */
  quickConnectName: string | null;
  softphoneMediaInfo: { autoAccept: boolean; callType: string; callConfigJson: string; callContextToken: string; mediaLegContextToken: string } | null;
}

export interface ContactData {
  contactId: string;
  initialContactId: string;
  type: 'voice';
  initiationMethod: InitiationMethod;
  state: { type: ContactStateType; timestamp: Date };
  queue: QueueData;
  queueTimestamp: Date;
  attributes: Record<string, { name: string; value: string }>;
  contactFeatures: { multiPartyConferenceEnabled: boolean };
  segmentAttributes: Record<string, { ValueString: string }>;
  connections: ConnectionData[];
}

export interface AgentSnapshotData {
  state: AgentStateData;
  agentAvailabilityState: { state: string; timeStamp: Date };
  nextState: AgentStateData | null;
  contacts: ContactData[];
  snapshotTimestamp: Date;
  localTimestamp: number;
  skew: number;
}

/** What the shared worker broadcasts as 'agent::update'. */
export interface AgentData {
  configuration: AgentConfiguration;
  snapshot: AgentSnapshotData;
}

// ---------------------------------------------------------------------------------------------------------------
// The model

interface Leg {
  readonly connectionId: string;
  state: ConnectionStateType;
  since: Date;
}

/** A third-party connection: whom it calls, and whether that is the emulator's transfer target. */
interface ThirdPartyLeg extends Leg {
  readonly endpoint: EndpointData;
  readonly quickConnectName: string | null;
  readonly toTarget: boolean;
}

interface TransferredCall {
  readonly contactId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly phoneNumber: string;
  readonly destination: string;
  state: 'ringing' | 'talking';
  readonly toTarget: boolean;
}

interface ContactRecord {
  readonly contactId: string;
  /** The contact it was transferred from, for a transfer; else its own id. */
  readonly initialContactId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly initiationMethod: InitiationMethod;
  readonly phoneNumber: string;
  readonly queue: QueueData;
  readonly queueTimestamp: Date;
  state: ContactStateType;
  since: Date;
  readonly agent: Leg;
  readonly customer: Leg;
  /** The latest third-party connection (one is active at a time; an inactive one stays listed until the next). */
  thirdParty: ThirdPartyLeg | null;
  /** The DTMF digits sent on the contact, which the customer heard. */
  digits: string;
  /** The softphone's mute of this contact's media (each contact's media stream has its own, softphone.js). */
  muted: boolean;
  timer?: ReturnType<typeof setTimeout>;
  /** When the timer fires (epoch ms), kept so that a reloaded CCP runs it to the same moment. */
  deadline?: number;
}

interface SystemState {
  readonly name: 'PendingBusy' | 'Busy' | 'CallingCustomer' | 'AfterCallWork' | 'MissedCallAgent' | 'FailedConnectCustomer';
  readonly type: AgentStateType;
}

const PENDING_BUSY: SystemState = { name: 'PendingBusy', type: 'system' };
const BUSY: SystemState = { name: 'Busy', type: 'system' };
const CALLING_CUSTOMER: SystemState = { name: 'CallingCustomer', type: 'system' };
const AFTER_CALL_WORK: SystemState = { name: 'AfterCallWork', type: 'not_routable' };
const MISSED_CALL_AGENT: SystemState = { name: 'MissedCallAgent', type: 'error' };
const FAILED_CONNECT_CUSTOMER: SystemState = { name: 'FailedConnectCustomer', type: 'error' };
const SYSTEM_STATES: readonly SystemState[] = [PENDING_BUSY, BUSY, CALLING_CUSTOMER, AFTER_CALL_WORK, MISSED_CALL_AGENT, FAILED_CONNECT_CUSTOMER];

const ACTIVE: ReadonlySet<ContactStateType> = new Set(['connecting', 'connected']);
const INACTIVE: ReadonlySet<ContactStateType> = new Set(['ended', 'missed', 'rejected', 'error']);

/** The names Amazon Connect's own errors use for a contact's state (e.g. "invalid state TALKING"). */
function connectStateName(contact: ContactRecord): string {
  switch (contact.state) {
    case 'connecting':
      return contact.direction === 'inbound' ? 'RINGING' : 'DIALING';
    case 'connected':
      return 'TALKING';
    case 'ended':
      return 'AFTER_CONTACT_WORK';
    case 'missed':
      return 'MISSED';
    case 'rejected':
      return 'REJECTED';
    case 'error':
      return 'ERROR';
  }
}

/**
 * The contact's softphone media is up, as far as mute can tell: from the call's answer until the agent's connection
 * goes. (The softphone's stream starts while the call rings, and one that never connected is dropped only when its
 * contact is removed, softphone.js onDestroy; the emulator keeps mute to calls that connected, where the CCP offers it.)
 */
function hasMedia(contact: ContactRecord): boolean {
  return contact.state === 'connected' && contact.agent.state !== 'disconnected';
}

/** A phone number as Amazon Connect takes it: E.164, a '+' and 6 to 15 digits. */
export const E164 = /^\+[1-9][0-9]{5,14}$/;

export const SUPPORTED_METHODS = [
  'acceptContact',
  'rejectContact',
  'destroyConnection',
  'clearContact',
  'putAgentState',
  'createOutboundContact',
  'holdConnection',
  'resumeConnection',
  'sendDigits',
  'createAdditionalConnection',
  'conferenceConnections',
  'toggleActiveConnections',
  'getEndpoints',
] as const;

/** A connection still on the call: ringing, talking or held (connect.CONNECTION_ACTIVE_STATES, src/api.js). */
function legActive(leg: Leg | null): boolean {
  return leg !== null && (leg.state === 'connecting' || leg.state === 'connected' || leg.state === 'hold');
}

/** What the CCP shows for a third party: its quick connect's name, else the number dialled. */
function destinationOf(leg: ThirdPartyLeg): string {
  return leg.quickConnectName ?? leg.endpoint.name ?? leg.endpoint.phoneNumber ?? 'third party';
}

function fallbackUuid(): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const variant = (Math.floor(Math.random() * 4) + 8).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

export function randomUuid(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      // not a secure context: fall through
    }
  }
  return fallbackUuid();
}

class ApiFailure extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function apiFailure(err: ApiError): ApiFailure {
  return new ApiFailure(err.type, err.message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(params: Record<string, unknown>, field: string, method: string): string {
  const value = params[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ApiFailure('InvalidParameterException', `${method}: ${field} must be a non-empty string, got ${JSON.stringify(value) ?? 'undefined'}`);
  }
  return value;
}

function timeoutOption(name: string, value: number | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`CcpModel: ${name} must be a non-negative number or null, got ${String(value)}`);
  return value;
}

export class CcpModel {
  private readonly ringTimeoutMs: number | null;
  private readonly dialTimeoutMs: number | null;
  private readonly clock: () => Date;
  private readonly rejectBroadcastsClick: boolean;
  private readonly listeners = new Set<() => void>();
  private readonly broadcastListeners = new Set<(event: string, data: unknown) => void>();
  private readonly contactMap = new Map<string, ContactRecord>();
  private readonly failures = new Map<string, ApiError[]>();
  /** The state the agent chose (agentAvailabilityState). */
  private chosen: AgentStateDefinition;
  private chosenSince: Date;
  /** A system or error state that the snapshot shows instead of the chosen one; null: the chosen one. */
  private system: SystemState | null = null;
  private nextState: { definition: AgentStateDefinition; since: Date } | null = null;
  /** When the snapshot's state (by name) last changed. */
  private stateSince: Date;
  private shownStateName: string;
  /** The contact the agent last connected to: the one the softphone's mute acts on (lastActiveContactID, softphone.js). */
  private lastActive: string | null = null;
  /** Contacts whose softphone media is up (the agent's connection is connecting or connected): see emit(). */
  private readonly withMedia = new Set<string>();
  /** Calls the agent left to their customer and third party, by the agent's contactId. */
  private readonly transferredMap = new Map<string, TransferredCall>();
  /** The transfer target is busy: a call placed to it fails at once (setTargetBusy). */
  private targetBusy = false;
  private disposed = false;

  constructor(options: CcpModelOptions) {
    this.ringTimeoutMs = timeoutOption('ringTimeoutMs', options.ringTimeoutMs);
    this.dialTimeoutMs = timeoutOption('dialTimeoutMs', options.dialTimeoutMs);
    this.clock = options.now ?? (() => new Date());
    if (options.rejectBroadcastsClick !== undefined && typeof options.rejectBroadcastsClick !== 'boolean') {
      throw new Error(`CcpModel: rejectBroadcastsClick must be a boolean, got ${String(options.rejectBroadcastsClick)}`);
    }
    this.rejectBroadcastsClick = options.rejectBroadcastsClick === true;
    const initial = options.restore?.chosen ?? options.initialState ?? 'Available';
    const definition = AGENT_STATES.find((s) => s.name === initial);
    if (!definition) throw new Error(`CcpModel: initialState "${initial}" is not one of the agent states (${AGENT_STATES.map((s) => s.name).join(', ')})`);
    this.chosen = definition;
    this.chosenSince = this.now();
    this.stateSince = this.chosenSince;
    this.shownStateName = definition.name;
    if (options.restore) this.restore(options.restore);
  }

  /** What Amazon Connect keeps of the agent, for a later load of the CCP (see ccpSavedState.ts). */
  save(): SavedCcpState {
    const leg = (l: Leg) => ({ connectionId: l.connectionId, state: l.state, since: l.since.getTime() });
    return {
      version: SAVED_STATE_VERSION,
      chosen: this.chosen.name,
      chosenSince: this.chosenSince.getTime(),
      system: this.system?.name ?? null,
      nextState: this.nextState ? { name: this.nextState.definition.name, since: this.nextState.since.getTime() } : null,
      stateSince: this.stateSince.getTime(),
      shownStateName: this.shownStateName,
      contacts: Array.from(this.contactMap.values(), (c) => ({
        contactId: c.contactId,
        initialContactId: c.initialContactId,
        direction: c.direction,
        initiationMethod: c.initiationMethod,
        phoneNumber: c.phoneNumber,
        queue: { ...c.queue },
        queueTimestamp: c.queueTimestamp.getTime(),
        state: c.state,
        since: c.since.getTime(),
        agent: leg(c.agent),
        customer: leg(c.customer),
        thirdParty: c.thirdParty
          ? { ...leg(c.thirdParty), endpoint: { ...c.thirdParty.endpoint, queue: c.thirdParty.endpoint.queue ? { ...c.thirdParty.endpoint.queue } : null }, quickConnectName: c.thirdParty.quickConnectName, toTarget: c.thirdParty.toTarget }
          : null,
        digits: c.digits,
        muted: c.muted,
        ...(c.deadline !== undefined ? { deadline: c.deadline } : {}),
      })),
      lastActive: this.lastActive,
      transferred: Array.from(this.transferredMap.values(), (t) => ({ ...t })),
      targetBusy: this.targetBusy,
    };
  }

  private restore(saved: SavedCcpState): void {
    const stateNamed = (name: string, what: string) => {
      const found = AGENT_STATES.find((s) => s.name === name);
      if (!found) throw new Error(`CcpModel: the saved ${what} "${name}" is not one of the agent states`);
      return found;
    };
    this.chosenSince = new Date(saved.chosenSince);
    const system = saved.system === null ? null : SYSTEM_STATES.find((s) => s.name === saved.system);
    if (system === undefined) throw new Error(`CcpModel: the saved system state "${String(saved.system)}" is not one Amazon Connect shows`);
    this.system = system;
    this.nextState = saved.nextState ? { definition: stateNamed(saved.nextState.name, 'next state'), since: new Date(saved.nextState.since) } : null;
    this.stateSince = new Date(saved.stateSince);
    this.shownStateName = saved.shownStateName;
    this.lastActive = saved.lastActive;
    this.targetBusy = saved.targetBusy;
    for (const t of saved.transferred) this.transferredMap.set(t.contactId, { ...t });
    const leg = (l: SavedLeg): Leg => ({ connectionId: l.connectionId, state: l.state, since: new Date(l.since) });
    for (const c of saved.contacts) {
      const contact: ContactRecord = {
        contactId: c.contactId,
        initialContactId: c.initialContactId,
        direction: c.direction,
        initiationMethod: c.initiationMethod,
        phoneNumber: c.phoneNumber,
        queue: { ...c.queue },
        queueTimestamp: new Date(c.queueTimestamp),
        state: c.state,
        since: new Date(c.since),
        agent: leg(c.agent),
        customer: leg(c.customer),
        thirdParty: c.thirdParty
          ? { ...leg(c.thirdParty), endpoint: { ...c.thirdParty.endpoint, queue: c.thirdParty.endpoint.queue ? { ...c.thirdParty.endpoint.queue } : null }, quickConnectName: c.thirdParty.quickConnectName, toTarget: c.thirdParty.toTarget }
          : null,
        digits: c.digits,
        muted: c.muted,
      };
      this.contactMap.set(contact.contactId, contact);
      if (hasMedia(contact)) this.withMedia.add(contact.contactId);
      if (c.deadline !== undefined) {
        const fire = contact.direction === 'inbound' ? () => this.ringTimedOut(contact.contactId) : () => this.dialTimedOut(contact.contactId);
        this.startTimer(contact, Math.max(0, c.deadline - this.now().getTime()), fire);
      }
    }
  }

  /** Called after every change (one call per snapshot-worthy step). Returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Called with what the agent's own CCP page broadcasts through the shared worker to every page of the session
   * (Streams' click-stream data). Returns an unsubscribe function.
   */
  onBroadcast(listener: (event: string, data: unknown) => void): () => void {
    this.broadcastListeners.add(listener);
    return () => {
      this.broadcastListeners.delete(listener);
    };
  }

  /** What the shared worker broadcasts as 'agent::update': {configuration, snapshot}. Fresh object each call. */
  agentData(): AgentData {
    const now = this.now();
    const shown = this.shownState();
    return {
      configuration: buildConfiguration(),
      snapshot: {
        state: { agentStateARN: shown.agentStateARN, name: shown.name, type: shown.type, startTimestamp: new Date(this.stateSince.getTime()) },
        agentAvailabilityState: { state: this.chosen.name, timeStamp: new Date(this.chosenSince.getTime()) },
        nextState: this.nextState
          ? { ...this.nextState.definition, startTimestamp: new Date(this.nextState.since.getTime()) }
          : null,
        contacts: Array.from(this.contactMap.values(), (c) => this.contactData(c)),
        snapshotTimestamp: now,
        localTimestamp: now.getTime(),
        skew: 0,
      },
    };
  }

  /** Answers one api_request (method, params) as Amazon Connect would. Never throws. */
  handleApi(method: string, params: unknown): ApiResult {
    try {
      const queued = this.failures.get(method);
      if (queued && queued.length > 0) {
        const err = queued.shift()!;
        if (queued.length === 0) this.failures.delete(method);
        return { err: { type: err.type, message: err.message } };
      }
      return { data: this.apply(method, params) };
    } catch (error) {
      if (error instanceof ApiFailure) return { err: { type: error.type, message: error.message } };
      return { err: { type: 'InternalServiceException', message: error instanceof Error ? error.message : String(error) } };
    }
  }

  /** The next call of `method` answers with this error instead (several calls queue up, in order). */
  failNext(method: string, err: { type: string; message: string }): void {
    if (typeof method !== 'string' || method === '') throw new Error('failNext: method must be a non-empty string');
    if (!isRecord(err) || typeof err.type !== 'string' || typeof err.message !== 'string') {
      throw new Error('failNext: err must be {type: string, message: string}');
    }
    const queue = this.failures.get(method) ?? [];
    queue.push({ type: err.type, message: err.message });
    this.failures.set(method, queue);
  }

  // -------------------------------------------------------------------------------------------------------------
  // The far side of the line and the agent's own CCP

  /** A customer calls the agent from this number; returns the new contact's id. */
  customerCalls(phoneNumber: string): string {
    return this.ring(phoneNumber, 'inbound');
  }

  /**
   * Another agent transfers a customer's call (from this number) to this agent: it rings as an inbound contact whose
   * initiationMethod is 'transfer', queued in the agent's own queue, its initialContactId the other agent's contact.
   * Returns the new contact's id.
   */
  transferToAgent(phoneNumber: string): string {
    return this.ring(phoneNumber, 'transfer');
  }

  private ring(phoneNumber: string, initiationMethod: 'inbound' | 'transfer'): string {
    if (typeof phoneNumber !== 'string' || !E164.test(phoneNumber)) {
      throw new Error(`The caller's number must be E.164 (a "+" and 6 to 15 digits), got "${String(phoneNumber)}"`);
    }
    // The agent's routing profile takes two voice contacts at once (channelConcurrencyMap), so a second call can ring
    // while one is up, as a transfer or a callback does with Amazon's default profile: the toolbar must keep them apart.
    const shown = this.shownState();
    const busyWithCalls = this.system !== null && shown.type !== 'error' && this.activeContacts() < VOICE_CONCURRENCY;
    if (this.chosen.type !== 'routable' || (shown.type !== 'routable' && !busyWithCalls)) {
      throw new Error(`The agent is not available: the agent's state is ${shown.name} (${shown.type}), so Amazon Connect routes no call to them.`);
    }
    const now = this.now();
    const contactId = randomUuid();
    const contact: ContactRecord = {
      contactId,
      initialContactId: initiationMethod === 'transfer' ? randomUuid() : contactId,
      direction: 'inbound',
      initiationMethod,
      phoneNumber,
      queue: initiationMethod === 'transfer' ? { ...AGENT_QUEUE } : { ...BASIC_QUEUE },
      queueTimestamp: now,
      state: 'connecting',
      since: now,
      agent: { connectionId: randomUuid(), state: 'connecting', since: now },
      customer: { connectionId: randomUuid(), state: 'connected', since: now },
      thirdParty: null,
      digits: '',
      muted: false,
    };
    this.contactMap.set(contact.contactId, contact);
    this.system = PENDING_BUSY;
    if (this.ringTimeoutMs !== null) {
      this.startTimer(contact, this.ringTimeoutMs, () => this.ringTimedOut(contact.contactId));
    }
    this.emit();
    return contact.contactId;
  }

  /** The customer (or the callee of an outbound call) hangs up: on a call with the agent, or one the agent transferred. */
  customerHangsUp(contactId: string): void {
    if (this.transferredMap.delete(contactId)) {
      this.emit();
      return;
    }
    const contact = this.contact(contactId);
    if (contact.direction === 'inbound' && contact.state === 'connecting') {
      this.abandon(contact);
      return;
    }
    if (contact.direction === 'outbound' && contact.state === 'connecting') {
      this.outboundFails(contact);
      return;
    }
    if (contact.state === 'connected' && legActive(contact.thirdParty) && contact.customer.state !== 'disconnected') {
      // The agent stays with the third party (see ccpTransfers.ts: not published).
      this.setLeg(contact.customer, 'disconnected');
      this.emit();
      return;
    }
    if (contact.state === 'connected') {
      this.endConnected(contact, 'customer');
      return;
    }
    throw new Error(`The customer cannot hang up contact ${contactId}: it is ${contact.state}.`);
  }

  /** The transfer target (or any third party) answers the call ringing there: a consult's, or one transferred to it. */
  targetAnswers(contactId: string): void {
    const transferred = this.transferredMap.get(contactId);
    if (transferred) {
      if (transferred.state !== 'ringing') throw new Error(`The third party of call ${contactId} is already talking.`);
      transferred.state = 'talking';
      this.emit();
      return;
    }
    const leg = this.ringingThirdParty(contactId, 'answer');
    this.setLeg(leg, 'connected');
    this.emit();
  }

  /** The third party declines the call ringing there (or it rings out): its connection drops. */
  targetRefuses(contactId: string): void {
    const transferred = this.transferredMap.get(contactId);
    if (transferred) {
      if (transferred.state !== 'ringing') throw new Error(`The third party of call ${contactId} is talking: it can hang up, not refuse.`);
      this.transferredMap.delete(contactId); // nobody took the customer: the call ends
      this.emit();
      return;
    }
    this.thirdPartyLeaves(this.contact(contactId), this.ringingThirdParty(contactId, 'refuse'));
  }

  /** The third party hangs up: a consult, a conference, or a call transferred to it. */
  targetHangsUp(contactId: string): void {
    const transferred = this.transferredMap.get(contactId);
    if (transferred) {
      this.transferredMap.delete(contactId);
      this.emit();
      return;
    }
    const contact = this.contact(contactId);
    const leg = contact.thirdParty;
    if (!leg || (leg.state !== 'connected' && leg.state !== 'hold') || !ACTIVE.has(contact.state)) {
      throw new Error(`Call ${contactId} has no third party talking${leg && leg.state === 'connecting' ? ' (it still rings: it can refuse)' : ''}.`);
    }
    this.thirdPartyLeaves(contact, leg);
  }

  /** While busy, a call placed to the transfer target fails at once, as a busy line does. */
  setTargetBusy(busy: boolean): void {
    if (typeof busy !== 'boolean') throw new Error(`setTargetBusy: busy must be true or false, got ${String(busy)}`);
    this.targetBusy = busy;
  }

  private ringingThirdParty(contactId: string, what: string): ThirdPartyLeg {
    const contact = this.contact(contactId);
    const leg = contact.thirdParty;
    if (!leg || leg.state !== 'connecting' || !ACTIVE.has(contact.state)) {
      throw new Error(`Nothing rings at a third party of call ${contactId}: there is nothing to ${what}.`);
    }
    return leg;
  }

  /** The calls the agent left to their customer and third party, still on the line. */
  transferredCalls(): TransferredCallView[] {
    return Array.from(this.transferredMap.values(), (t) => ({ ...t }));
  }

  /** The callee of an outbound call answers. */
  calleeAnswers(contactId: string): void {
    const contact = this.contact(contactId);
    if (contact.direction !== 'outbound' || contact.state !== 'connecting') {
      throw new Error(`The callee cannot answer contact ${contactId}: it is ${contact.direction} and ${contact.state}; only a dialing outbound call can be answered.`);
    }
    this.clearTimer(contact);
    this.setContactState(contact, 'connected');
    this.setLeg(contact.customer, 'connected');
    this.system = BUSY;
    this.lastActive = contact.contactId;
    this.emit();
  }

  /** The callee of an outbound call is busy. */
  calleeBusy(contactId: string): void {
    const contact = this.contact(contactId);
    if (contact.direction !== 'outbound' || contact.state !== 'connecting') {
      throw new Error(`The callee cannot be busy on contact ${contactId}: it is ${contact.direction} and ${contact.state}; only a dialing outbound call can fail.`);
    }
    this.outboundFails(contact);
  }

  /** Nobody answered: Amazon Connect gives up on the ringing call now, as it does after ringTimeoutMs. */
  ringOut(contactId: string): void {
    const contact = this.contact(contactId);
    if (contact.direction !== 'inbound' || contact.state !== 'connecting') {
      throw new Error(`Contact ${contactId} cannot ring out: it is ${contact.direction} and ${contact.state}; only a ringing inbound call can.`);
    }
    this.clearTimer(contact);
    this.notAnswered(contact);
  }

  /** The agent clicks Accept in the CCP. */
  agentAnswers(contactId: string): void {
    const contact = this.contact(contactId);
    const problem = this.acceptProblem(contact);
    if (problem) throw new Error(problem);
    this.accept(contact);
  }

  /**
   * The agent clicks Reject (ringing) or Hang up (connected or dialing) in the CCP. A Reject is a rejectContact
   * request to Amazon Connect, so a refusal queued with failNext('rejectContact') refuses it too (thrown, as the CCP
   * would show it) and the call keeps ringing. With rejectBroadcastsClick, the Reject first goes out as Streams'
   * click-stream data, {contactId, clickType: 'Reject', clickTime}, as Streams' contact.reject() broadcasts it before
   * it asks Amazon Connect (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/api.js) and the
   * shared worker passes it on to every page
   * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/worker.js): sent even when the request
   * is then refused. Without it (the default) other pages hear nothing of the click, only the contact's end.
   */
  agentHangsUp(contactId: string): void {
    const contact = this.contact(contactId);
    if (contact.direction === 'inbound' && contact.state === 'connecting') {
      if (this.rejectBroadcastsClick) {
        this.broadcast('click_stream_data', { contactId: contact.contactId, clickType: 'Reject', clickTime: this.now().toISOString() });
      }
      const result = this.handleApi('rejectContact', { contactId: contact.contactId });
      if ('err' in result) throw new Error(`Amazon Connect refused the Reject: ${result.err.message}`);
    } else if (ACTIVE.has(contact.state) && contact.agent.state !== 'disconnected') {
      this.destroyAgentLeg(contact);
    } else {
      throw new Error(`The agent cannot hang up contact ${contactId}: it is ${contact.state}.`);
    }
  }

  /**
   * The agent clicks Hold or Resume in the CCP: Streams' connection.hold() / resume() of the customer's connection,
   * a request to Amazon Connect like the toolbar's, refused alike (thrown, as the CCP would show it).
   */
  agentHolds(contactId: string): void {
    this.agentRequests('Hold', 'holdConnection', this.contact(contactId));
  }

  agentResumes(contactId: string): void {
    this.agentRequests('Resume', 'resumeConnection', this.contact(contactId));
  }

  /** The agent clicks Join in the CCP: Streams' contact.conferenceConnections(), refused alike. */
  agentConferences(contactId: string): void {
    this.agentAsks('Join', 'conferenceConnections', { contactId: this.contact(contactId).contactId });
  }

  /**
   * The agent clicks Swap in the CCP: Streams' contact.toggleActiveConnections(), which names the connection on hold,
   * else the first active one (src/api.js).
   */
  agentSwaps(contactId: string): void {
    const contact = this.contact(contactId);
    const legs: Leg[] = [contact.agent, contact.customer, ...(contact.thirdParty ? [contact.thirdParty] : [])];
    const named = legs.find((leg) => leg.state === 'hold') ?? legs.find((leg) => legActive(leg));
    this.agentAsks('Swap', 'toggleActiveConnections', { contactId, connectionId: named?.connectionId ?? null });
  }

  /** The agent ends the third party's connection in the CCP: Streams' connection.destroy() of it. */
  agentDropsThirdParty(contactId: string): void {
    const contact = this.contact(contactId);
    if (!contact.thirdParty) throw new Error(`Call ${contactId} has no third party.`);
    this.agentAsks('End', 'destroyConnection', { contactId, connectionId: contact.thirdParty.connectionId });
  }

  private agentRequests(button: string, method: 'holdConnection' | 'resumeConnection', contact: ContactRecord): void {
    this.agentAsks(button, method, { contactId: contact.contactId, connectionId: contact.customer.connectionId });
  }

  private agentAsks(button: string, method: (typeof SUPPORTED_METHODS)[number], params: Record<string, unknown>): void {
    const result = this.handleApi(method, params);
    if ('err' in result) throw new Error(`Amazon Connect refused the ${button}: ${result.err.message}`);
  }

  /**
   * The agent clicks Mute or Unmute in the CCP: the CCP page's agent.mute() broadcasts `mute {mute}` to every page of
   * the session, and its softphone manager answers (softphoneMute). Only while a call's media is up, as the CCP shows
   * the button only then.
   */
  agentMutes(mute: boolean): void {
    if (typeof mute !== 'boolean') throw new Error(`agentMutes: mute must be true or false, got ${String(mute)}`);
    if (this.withMedia.size === 0) throw new Error('The agent has no call to mute.');
    this.broadcast(MUTE_EVENT, { mute });
    this.softphoneMute({ mute });
  }

  /**
   * The CCP's softphone manager hears a `mute` broadcast (Streams' agent.mute()/unmute() from any page, data
   * {mute}): with no call's media it answers nothing; else it mutes (or unmutes) the microphone of the contact the
   * agent last connected to and broadcasts `agent::mute_toggle {muted}`, the value asked even where no contact took it,
   * or the contact's own when none was asked (softphone.js, muteToggle; ccpCallControls.ts).
   */
  softphoneMute(data: unknown): void {
    if (this.withMedia.size === 0) return;
    const asked = muteAsked(data);
    const last = this.lastActive !== null && this.withMedia.has(this.lastActive) ? this.contactMap.get(this.lastActive) : undefined;
    let muted = asked;
    if (last && asked !== undefined) last.muted = asked;
    else if (last) muted = last.muted;
    this.broadcast(MUTE_TOGGLE_EVENT, { muted });
  }

  /** The agent closes the contact (ends after-contact work) in the CCP. */
  agentClears(contactId: string): void {
    const contact = this.contact(contactId);
    if (!INACTIVE.has(contact.state)) {
      throw new Error(`The agent cannot close contact ${contactId}: it is ${contact.state}; only an ended, missed, rejected or failed contact can be closed.`);
    }
    this.clear(contact);
  }

  /** The agent picks a state in the CCP. */
  setAgentState(name: string): void {
    const definition = AGENT_STATES.find((s) => s.name === name);
    if (!definition) throw new Error(`"${String(name)}" is not one of the agent states (${AGENT_STATES.map((s) => s.name).join(', ')}).`);
    this.choose(definition, false);
  }

  contacts(): ModelContactView[] {
    return Array.from(this.contactMap.values(), (c) => ({
      contactId: c.contactId,
      direction: c.direction,
      state: c.state,
      phoneNumber: c.phoneNumber,
      agentLeg: c.agent.state,
      customerLeg: c.customer.state,
      digitsHeard: c.digits,
      muted: c.muted,
      initiationMethod: c.initiationMethod,
      thirdParty: c.thirdParty ? { destination: destinationOf(c.thirdParty), state: c.thirdParty.state, toTarget: c.thirdParty.toTarget } : null,
    }));
  }

  /** The current agent state name (system or chosen). */
  agentStateName(): string {
    return this.shownState().name;
  }

  /** Its type: routable | not_routable | offline | system | error. */
  agentStateType(): string {
    return this.shownState().type;
  }

  /** The state the agent chose, whatever the snapshot's state shows. */
  availabilityStateName(): string {
    return this.chosen.name;
  }

  /** Clears timers; the model no longer changes on its own. */
  dispose(): void {
    this.disposed = true;
    for (const contact of this.contactMap.values()) this.clearTimer(contact);
  }

  // -------------------------------------------------------------------------------------------------------------
  // The CTI API

  private apply(method: string, rawParams: unknown): unknown {
    if (!(SUPPORTED_METHODS as readonly string[]).includes(method)) {
      throw new ApiFailure('UnsupportedOperation', `The CCP emulator does not implement ${method}.`);
    }
    if (!isRecord(rawParams)) throw new ApiFailure('InvalidParameterException', `${method}: params must be an object`);
    const params = rawParams;
    switch (method) {
      case 'acceptContact': {
        const contact = this.apiContact(nonEmptyString(params, 'contactId', method));
        const problem = this.acceptProblem(contact);
        if (problem) throw new ApiFailure('InvalidStateException', problem);
        this.accept(contact);
        return {};
      }
      case 'rejectContact': {
        const contact = this.apiContact(nonEmptyString(params, 'contactId', method));
        if (contact.direction !== 'inbound' || contact.state !== 'connecting') {
          throw new ApiFailure(
            'InvalidStateException',
            `Contact ${contact.contactId} is in invalid state ${connectStateName(contact)} (${contact.state}); only a ringing inbound contact can be rejected.`,
          );
        }
        this.reject(contact);
        return {};
      }
      case 'destroyConnection': {
        const contact = this.apiContact(nonEmptyString(params, 'contactId', method));
        const connectionId = nonEmptyString(params, 'connectionId', method);
        if (connectionId === contact.agent.connectionId) {
          if (contact.direction === 'inbound' && contact.state === 'connecting') this.reject(contact);
          else if (ACTIVE.has(contact.state) && contact.agent.state !== 'disconnected') this.destroyAgentLeg(contact);
          else {
            throw new ApiFailure('InvalidStateException', `Connection ${connectionId} of contact ${contact.contactId} is in invalid state ${connectStateName(contact)}: it is already disconnected.`);
          }
          return {};
        }
        if (connectionId === contact.customer.connectionId) {
          if (!ACTIVE.has(contact.state) || contact.customer.state === 'disconnected') {
            throw new ApiFailure('InvalidStateException', `Connection ${connectionId} of contact ${contact.contactId} is in invalid state ${connectStateName(contact)}: it is already disconnected.`);
          }
          this.customerHangsUp(contact.contactId);
          return {};
        }
        const thirdParty = contact.thirdParty;
        if (thirdParty && connectionId === thirdParty.connectionId) {
          if (!ACTIVE.has(contact.state) || !legActive(thirdParty)) {
            throw new ApiFailure('InvalidStateException', `Connection ${connectionId} of contact ${contact.contactId} is in invalid state ${connectStateName(contact)}: it is already disconnected.`);
          }
          this.thirdPartyLeaves(contact, thirdParty);
          return {};
        }
        throw new ApiFailure('ResourceNotFoundException', `Contact ${contact.contactId} has no connection ${connectionId}.`);
      }
      case 'clearContact': {
        const contact = this.apiContact(nonEmptyString(params, 'contactId', method));
        if (!INACTIVE.has(contact.state)) {
          throw new ApiFailure('InvalidStateException', `Contact ${contact.contactId} is in invalid state ${connectStateName(contact)}; only an inactive contact can be cleared.`);
        }
        this.clear(contact);
        return {};
      }
      case 'putAgentState': {
        const state = params.state;
        if (!isRecord(state)) throw new ApiFailure('InvalidParameterException', `putAgentState: state must be an agent state object, got ${JSON.stringify(state) ?? 'undefined'}`);
        const arn = state.agentStateARN;
        if (typeof arn !== 'string' || arn === '') throw new ApiFailure('InvalidParameterException', 'putAgentState: state.agentStateARN must be a non-empty string');
        const enqueue = params.enqueueNextState;
        if (enqueue !== undefined && typeof enqueue !== 'boolean') throw new ApiFailure('InvalidParameterException', 'putAgentState: enqueueNextState must be a boolean');
        const definition = AGENT_STATES.find((s) => s.agentStateARN === arn);
        if (!definition) throw new ApiFailure('InvalidParameterException', `putAgentState: state.agentStateARN ${arn} is not one of the agent's states`);
        this.choose(definition, enqueue === true);
        return {};
      }
      case 'createOutboundContact': {
        const endpoint = params.endpoint;
        if (!isRecord(endpoint)) throw new ApiFailure('InvalidParameterException', 'createOutboundContact: endpoint must be an endpoint object');
        const phoneNumber = endpoint.phoneNumber;
        if (typeof phoneNumber !== 'string' || !E164.test(phoneNumber)) {
          throw new ApiFailure('InvalidParameterException', `createOutboundContact: endpoint.phoneNumber must be E.164 (a "+" and 6 to 15 digits), got ${JSON.stringify(phoneNumber) ?? 'undefined'}`);
        }
        const queueARN = params.queueARN;
        if (queueARN !== undefined && queueARN !== null && typeof queueARN !== 'string') {
          throw new ApiFailure('InvalidParameterException', 'createOutboundContact: queueARN must be a string');
        }
        const active = Array.from(this.contactMap.values()).find((c) => ACTIVE.has(c.state));
        if (active) {
          throw new ApiFailure('InvalidStateException', `The agent is on contact ${active.contactId} (${connectStateName(active)}): no outbound call while a contact is active.`);
        }
        this.dial(phoneNumber, typeof queueARN === 'string' && queueARN !== '' ? queueARN : null);
        return {};
      }
      case 'holdConnection': {
        const contact = this.apiContact(nonEmptyString(params, 'contactId', method));
        const leg = this.legOf(contact, nonEmptyString(params, 'connectionId', method));
        // Only the customer's connection of a talking contact, as Streams' documentation says to (ccpCallControls.ts).
        if (contact.state !== 'connected' || leg !== contact.customer || leg.state !== 'connected') throw apiFailure(CONTROL_ERRORS.cannotHold);
        this.setLeg(leg, 'hold');
        this.emit();
        return {};
      }
      case 'resumeConnection': {
        const contact = this.apiContact(nonEmptyString(params, 'contactId', method));
        const leg = this.legOf(contact, nonEmptyString(params, 'connectionId', method));
        if (contact.state !== 'connected') {
          throw new ApiFailure('InvalidStateException', `Cannot resume call: contact ${contact.contactId} is in invalid state ${connectStateName(contact)}.`);
        }
        if (leg.state !== 'hold') throw apiFailure(CONTROL_ERRORS.alreadyResumed);
        this.setLeg(leg, 'connected');
        this.emit();
        return {};
      }
      case 'sendDigits': {
        const problem = digitsParameterProblem(params.digits);
        if (problem) throw new ApiFailure('InvalidParameterException', problem);
        const digits = params.digits as string;
        const contact = this.apiContact(nonEmptyString(params, 'contactId', method));
        const leg = this.legOf(contact, nonEmptyString(params, 'connectionId', method));
        if (contact.state !== 'connected' || leg.state === 'disconnected') {
          throw new ApiFailure('InvalidStateException', `Contact ${contact.contactId} is in invalid state ${connectStateName(contact)}; digits go only to a talking contact.`);
        }
        if (contact.customer.state === 'hold') {
          throw new ApiFailure('InvalidStateException', `Contact ${contact.contactId} has its customer on hold; resume the call before sending digits.`);
        }
        contact.digits = heardAfter(contact.digits, digits);
        this.emit();
        return {};
      }
      case 'createAdditionalConnection': {
        const contact = this.apiContact(nonEmptyString(params, 'contactId', method));
        if (contact.state !== 'connected' || contact.agent.state === 'disconnected' || !legActive(contact.customer)) {
          throw new ApiFailure('InvalidStateException', `Cannot add a connection: contact ${contact.contactId} is in invalid state ${connectStateName(contact)}.`);
        }
        if (legActive(contact.thirdParty)) {
          throw new ApiFailure('InvalidStateException', `Cannot add a connection: contact ${contact.contactId} already has a third party on the line.`);
        }
        const placement = placementOf(params.endpoint, QUICK_CONNECTS, buildConfiguration().dialableCountries);
        if (!placement.ok) throw apiFailure(placement.err);
        this.addThirdParty(contact, placement);
        return {};
      }
      case 'conferenceConnections': {
        const contact = this.apiContact(nonEmptyString(params, 'contactId', method));
        const thirdParty = contact.thirdParty;
        if (!this.bothLegsTalk(contact) || !thirdParty) throw apiFailure(TRANSFER_ERRORS.cannotConference);
        this.setLeg(contact.customer, 'connected');
        this.setLeg(thirdParty, 'connected');
        this.emit();
        return {};
      }
      case 'toggleActiveConnections': {
        const contact = this.apiContact(nonEmptyString(params, 'contactId', method));
        this.legOf(contact, nonEmptyString(params, 'connectionId', method));
        const thirdParty = contact.thirdParty;
        if (!this.bothLegsTalk(contact) || !thirdParty) {
          throw new ApiFailure('InvalidStateException', `Cannot toggle connections: contact ${contact.contactId} has no third party talking beside its customer.`);
        }
        const customerHeld = contact.customer.state === 'hold';
        // From a conference (neither on hold), the third party waits (not published: see ccpTransfers.ts).
        this.setLeg(contact.customer, customerHeld ? 'connected' : thirdParty.state === 'hold' ? 'hold' : 'connected');
        this.setLeg(thirdParty, customerHeld ? 'hold' : thirdParty.state === 'hold' ? 'connected' : 'hold');
        this.emit();
        return {};
      }
      case 'getEndpoints': {
        const page = endpointsPage(params, QUICK_CONNECTS, [BASIC_QUEUE.queueARN]);
        if (!page.ok) throw apiFailure(page.err);
        return page.data;
      }
    }
    throw new ApiFailure('UnsupportedOperation', `The CCP emulator does not implement ${method}.`);
  }

  /** The contact's connection by id: the agent's, the customer's or the third party's. */
  private legOf(contact: ContactRecord, connectionId: string): Leg {
    if (connectionId === contact.agent.connectionId) return contact.agent;
    if (connectionId === contact.customer.connectionId) return contact.customer;
    if (contact.thirdParty && connectionId === contact.thirdParty.connectionId) return contact.thirdParty;
    throw new ApiFailure('ResourceNotFoundException', `Contact ${contact.contactId} has no connection ${connectionId}.`);
  }

  private apiContact(contactId: string): ContactRecord {
    const contact = this.contactMap.get(contactId);
    if (!contact) throw new ApiFailure('ResourceNotFoundException', `Contact ${contactId} does not exist (or was already cleared).`);
    return contact;
  }

  private acceptProblem(contact: ContactRecord): string | null {
    if (contact.direction === 'inbound' && contact.state === 'connecting') return null;
    return `Contact ${contact.contactId} is in invalid state ${connectStateName(contact)} (${contact.direction}, ${contact.state}); only a ringing inbound contact can be accepted.`;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Transitions

  private accept(contact: ContactRecord): void {
    this.clearTimer(contact);
    this.setContactState(contact, 'connected');
    this.setLeg(contact.agent, 'connected');
    this.system = BUSY;
    this.lastActive = contact.contactId;
    this.emit();
  }

  /** Declined: as a ring nobody answered (#792, #977, #1039; see the top of this file). */
  private reject(contact: ContactRecord): void {
    this.clearTimer(contact);
    this.notAnswered(contact);
  }

  /** The caller hangs up while it rings (#658; which connections show what is not published: see the top). */
  private abandon(contact: ContactRecord): void {
    this.clearTimer(contact);
    this.setContactState(contact, 'error');
    this.setLeg(contact.agent, 'disconnected');
    this.setLeg(contact.customer, 'disconnected');
    this.backToChosen();
    this.emit();
  }

  private ringTimedOut(contactId: string): void {
    const contact = this.contactMap.get(contactId);
    if (this.disposed || !contact || contact.direction !== 'inbound' || contact.state !== 'connecting') return;
    contact.timer = undefined;
    contact.deadline = undefined;
    this.notAnswered(contact);
  }

  /**
   * A ringing call that was not answered, however (rang out or declined): contact 'error', the agent's connection
   * gone, the customer's still up (#391), and the agent in MissedCallAgent unless another call holds them.
   */
  private notAnswered(contact: ContactRecord): void {
    this.setContactState(contact, 'error');
    this.setLeg(contact.agent, 'disconnected');
    const active = Array.from(this.contactMap.values()).find((c) => ACTIVE.has(c.state));
    this.system = active ? this.activeState(active) : MISSED_CALL_AGENT;
    this.emit();
  }

  private dialTimedOut(contactId: string): void {
    const contact = this.contactMap.get(contactId);
    if (this.disposed || !contact || contact.direction !== 'outbound' || contact.state !== 'connecting') return;
    contact.timer = undefined;
    contact.deadline = undefined;
    this.outboundFails(contact);
  }

  /** A connected call ends: first `who`'s leg disconnects, then the contact goes to after-contact work. */
  private endConnected(contact: ContactRecord, who: 'agent' | 'customer'): void {
    this.clearTimer(contact);
    this.setLeg(who === 'agent' ? contact.agent : contact.customer, 'disconnected');
    this.emit();
    this.toAfterContactWork(contact);
  }

  /**
   * The agent hangs up a connected or dialing contact (destroyConnection of the agent's leg). With a third party and the
   * customer still on the line, the agent leaves them together (a transfer, or leaving a conference): the agent's
   * connection drops, then the agent's contact goes to after-contact work and the call goes on without them.
   */
  private destroyAgentLeg(contact: ContactRecord): void {
    if (contact.state !== 'connected' || !legActive(contact.thirdParty) || !legActive(contact.customer)) {
      this.endConnected(contact, 'agent');
      return;
    }
    this.clearTimer(contact);
    this.setLeg(contact.agent, 'disconnected');
    this.emit();
    const thirdParty = contact.thirdParty;
    if (this.contactMap.get(contact.contactId) !== contact || contact.state !== 'connected' || !thirdParty || !legActive(thirdParty) || !legActive(contact.customer)) {
      this.toAfterContactWork(contact); // a listener acted meanwhile: nothing left to hand over
      return;
    }
    this.transferredMap.set(contact.contactId, {
      contactId: contact.contactId,
      direction: contact.direction,
      phoneNumber: contact.phoneNumber,
      destination: destinationOf(thirdParty),
      state: thirdParty.state === 'connecting' ? 'ringing' : 'talking',
      toTarget: thirdParty.toTarget,
    });
    this.toAfterContactWork(contact);
  }

  /**
   * A third-party connection is placed: the customer waits on hold while it rings; at a busy target it drops at once;
   * to an agent or a queue it is 'connected' once routed there (see ccpTransfers.ts).
   */
  private addThirdParty(contact: ContactRecord, placement: { endpoint: EndpointData; quickConnectName: string | null; toTarget: boolean; routedAtOnce: boolean }): void {
    const busy = placement.toTarget && this.targetEngaged();
    const leg: ThirdPartyLeg = {
      connectionId: randomUuid(),
      state: 'connecting',
      since: this.now(),
      endpoint: placement.endpoint,
      quickConnectName: placement.quickConnectName,
      toTarget: placement.toTarget,
    };
    contact.thirdParty = leg;
    if (contact.customer.state === 'connected') this.setLeg(contact.customer, 'hold');
    this.emit();
    if (contact.thirdParty !== leg || leg.state !== 'connecting' || !ACTIVE.has(contact.state)) return; // a listener acted meanwhile
    if (busy) this.thirdPartyLeaves(contact, leg);
    else if (placement.routedAtOnce) {
      this.setLeg(leg, 'connected');
      this.emit();
    }
  }

  /** The target is busy, or already on a call (a consult, or a call transferred to it): one call at a time. */
  private targetEngaged(): boolean {
    if (this.targetBusy) return true;
    const consulted = Array.from(this.contactMap.values()).some((c) => c.thirdParty !== null && c.thirdParty.toTarget && legActive(c.thirdParty) && ACTIVE.has(c.state));
    return consulted || Array.from(this.transferredMap.values()).some((t) => t.toTarget);
  }

  /** The third party's connection drops; a contact left with the agent alone (its customer gone) ends. */
  private thirdPartyLeaves(contact: ContactRecord, leg: ThirdPartyLeg): void {
    this.setLeg(leg, 'disconnected');
    this.emit();
    if (contact.customer.state === 'disconnected' && contact.agent.state !== 'disconnected') this.toAfterContactWork(contact);
  }

  /** The contact talks and its customer is still on the line (talking or held): a third party can join or swap. */
  private bothLegsTalk(contact: ContactRecord): boolean {
    const thirdParty = contact.thirdParty;
    return (
      contact.state === 'connected' &&
      contact.agent.state === 'connected' &&
      (contact.customer.state === 'connected' || contact.customer.state === 'hold') &&
      thirdParty !== null &&
      (thirdParty.state === 'connected' || thirdParty.state === 'hold')
    );
  }

  private toAfterContactWork(contact: ContactRecord): void {
    if (this.contactMap.get(contact.contactId) !== contact || !ACTIVE.has(contact.state)) return; // changed meanwhile (a listener acted)
    this.setContactState(contact, 'ended');
    this.setLeg(contact.agent, 'disconnected');
    this.setLeg(contact.customer, 'disconnected');
    if (contact.thirdParty) this.setLeg(contact.thirdParty, 'disconnected');
    this.system = AFTER_CALL_WORK;
    this.emit();
  }

  /** The callee is busy or never answers: the customer's leg drops, then the contact fails. */
  private outboundFails(contact: ContactRecord): void {
    this.clearTimer(contact);
    this.setLeg(contact.customer, 'disconnected');
    this.emit();
    if (this.contactMap.get(contact.contactId) !== contact || contact.state !== 'connecting') return;
    this.setContactState(contact, 'error');
    this.setLeg(contact.agent, 'disconnected');
    this.system = FAILED_CONNECT_CUSTOMER;
    this.emit();
  }

  private dial(phoneNumber: string, queueARN: string | null): void {
    const now = this.now();
    const known = buildConfiguration().routingProfile.queues.find((q) => q.queueARN === queueARN);
    const queue: QueueData = queueARN === null ? { ...BASIC_QUEUE } : (known ?? { queueARN, queueId: queueARN, name: null });
    const contactId = randomUuid();
    const contact: ContactRecord = {
      contactId,
      initialContactId: contactId,
      direction: 'outbound',
      initiationMethod: 'outbound',
      phoneNumber,
      queue,
      queueTimestamp: now,
      state: 'connecting',
      since: now,
      agent: { connectionId: randomUuid(), state: 'connected', since: now },
      customer: { connectionId: randomUuid(), state: 'connecting', since: now },
      thirdParty: null,
      digits: '',
      muted: false,
    };
    this.contactMap.set(contact.contactId, contact);
    this.system = CALLING_CUSTOMER;
    if (this.dialTimeoutMs !== null) {
      this.startTimer(contact, this.dialTimeoutMs, () => this.dialTimedOut(contact.contactId));
    }
    this.emit();
  }

  private clear(contact: ContactRecord): void {
    this.clearTimer(contact);
    this.contactMap.delete(contact.contactId);
    // After-contact work and a failed outbound call end with their contact; MissedCallAgent stays until the agent
    // chooses a state again, as in Amazon Connect.
    if (this.system === AFTER_CALL_WORK || this.system === FAILED_CONNECT_CUSTOMER) this.system = this.stateFromContacts();
    if (this.system === null) this.nextState = null;
    this.emit();
  }

  /** What the remaining contacts keep the agent in, if anything. */
  private stateFromContacts(): SystemState | null {
    const all = Array.from(this.contactMap.values());
    const active = all.find((c) => ACTIVE.has(c.state));
    if (active) return this.activeState(active);
    if (all.some((c) => c.state === 'ended')) return AFTER_CALL_WORK;
    if (all.some((c) => c.state === 'error' && c.direction === 'outbound')) return FAILED_CONNECT_CUSTOMER;
    return null;
  }

  private choose(definition: AgentStateDefinition, enqueueNextState: boolean): void {
    const now = this.now();
    this.chosen = definition;
    this.chosenSince = now;
    const onActiveContact = Array.from(this.contactMap.values()).some((c) => ACTIVE.has(c.state));
    if (onActiveContact) {
      this.nextState = enqueueNextState ? { definition, since: now } : null;
    } else {
      this.system = null;
      this.nextState = null;
    }
    this.emit();
  }

  /** The contact that held the agent is gone or over: the chosen state shows again (unless another call is active). */
  private backToChosen(): void {
    const active = Array.from(this.contactMap.values()).find((c) => ACTIVE.has(c.state));
    this.system = active ? this.activeState(active) : null;
    if (this.system === null) this.nextState = null;
  }

  private activeState(contact: ContactRecord): SystemState {
    return contact.state === 'connected' ? BUSY : contact.direction === 'inbound' ? PENDING_BUSY : CALLING_CUSTOMER;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Helpers

  private contact(contactId: string): ContactRecord {
    const contact = typeof contactId === 'string' ? this.contactMap.get(contactId) : undefined;
    if (!contact) throw new Error(`There is no contact ${String(contactId)} on the agent's CCP.`);
    return contact;
  }

  private activeContacts(): number {
    return Array.from(this.contactMap.values()).filter((contact) => ACTIVE.has(contact.state)).length;
  }

  private shownState(): { agentStateARN: string | null; name: string; type: string } {
    if (this.system) return { agentStateARN: null, name: this.system.name, type: this.system.type };
    return { agentStateARN: this.chosen.agentStateARN, name: this.chosen.name, type: this.chosen.type };
  }

  private setContactState(contact: ContactRecord, state: ContactStateType): void {
    contact.state = state;
    contact.since = this.now();
  }

  private setLeg(leg: Leg, state: ConnectionStateType): void {
    if (leg.state === state) return;
    leg.state = state;
    leg.since = this.now();
  }

  private startTimer(contact: ContactRecord, ms: number, fire: () => void): void {
    contact.deadline = this.now().getTime() + ms;
    contact.timer = setTimeout(fire, ms);
  }

  private clearTimer(contact: ContactRecord): void {
    if (contact.timer !== undefined) {
      clearTimeout(contact.timer);
      contact.timer = undefined;
    }
    contact.deadline = undefined;
  }

  private now(): Date {
    return new Date(this.clock().getTime());
  }

  private broadcast(event: string, data: unknown): void {
    for (const listener of Array.from(this.broadcastListeners)) {
      try {
        listener(event, data);
      } catch (error) {
        console.error('[ccp-emulator] a broadcast listener failed', error);
      }
    }
  }

  private emit(): void {
    const shown = this.shownState();
    if (shown.name !== this.shownStateName) {
      this.shownStateName = shown.name;
      this.stateSince = this.now();
    }
    for (const listener of Array.from(this.listeners)) {
      try {
        listener();
      } catch (error) {
        console.error('[ccp-emulator] a change listener failed', error);
      }
    }
    this.followMedia();
  }

  /**
   * Softphone media starts with the agent's connection and ends with it. When a call's media ends, the softphone
   * drops its mute and broadcasts `agent::mute_toggle {muted: false}` (softphone.js, deleteLocalMediaStream), after
   * the snapshot that ended it.
   */
  private followMedia(): void {
    for (const contact of this.contactMap.values()) if (hasMedia(contact)) this.withMedia.add(contact.contactId);
    for (const contactId of Array.from(this.withMedia)) {
      const contact = this.contactMap.get(contactId);
      if (contact && hasMedia(contact)) continue;
      this.withMedia.delete(contactId);
      if (contact) contact.muted = false;
      this.broadcast(MUTE_TOGGLE_EVENT, { muted: false });
    }
  }

  private contactData(c: ContactRecord): ContactData {
    const date = (d: Date) => new Date(d.getTime());
    return {
      contactId: c.contactId,
      initialContactId: c.initialContactId,
      type: 'voice',
      initiationMethod: c.initiationMethod,
      state: { type: c.state, timestamp: date(c.since) },
      queue: { ...c.queue },
      queueTimestamp: date(c.queueTimestamp),
      attributes: {},
      contactFeatures: { multiPartyConferenceEnabled: false },
      segmentAttributes: { 'connect:Subtype': { ValueString: 'connect:Telephony' } },
      connections: [
        {
          connectionId: c.agent.connectionId,
          type: 'agent',
          initial: false,
          endpoint: { type: 'agent', phoneNumber: null, agentLogin: null, name: null, endpointARN: null, queue: null },
          state: { type: c.agent.state, timestamp: date(c.agent.since) },
          mute: false,
          quickConnectName: null,
          softphoneMediaInfo: {
            autoAccept: false,
            callType: 'audio_only',
            callConfigJson: '{}',
            callContextToken: `emulated-call-context-${c.contactId}`,
            mediaLegContextToken: `emulated-media-leg-${c.agent.connectionId}`,
          },
        },
        {
          connectionId: c.customer.connectionId,
          type: c.direction,
          initial: true,
          endpoint: { type: 'phone_number', phoneNumber: c.phoneNumber, agentLogin: null, name: null, endpointARN: null, queue: null },
          state: { type: c.customer.state, timestamp: date(c.customer.since) },
          mute: false,
          quickConnectName: null,
          softphoneMediaInfo: null,
        },
        ...(c.thirdParty ? [this.thirdPartyData(c.thirdParty)] : []),
      ],
    };
  }

  /** A third-party connection as the snapshot shows it: an outbound connection to its endpoint (ccpTransfers.ts). */
  private thirdPartyData(leg: ThirdPartyLeg): ConnectionData {
    const { endpoint } = leg;
    return {
      connectionId: leg.connectionId,
      type: 'outbound',
      initial: false,
      endpoint: { type: endpoint.type, phoneNumber: endpoint.phoneNumber, agentLogin: null, name: endpoint.name, endpointARN: endpoint.endpointARN, queue: endpoint.queue ? { ...endpoint.queue } : null },
      state: { type: leg.state, timestamp: new Date(leg.since.getTime()) },
      mute: false,
      quickConnectName: leg.quickConnectName,
      softphoneMediaInfo: null,
    };
  }
}
