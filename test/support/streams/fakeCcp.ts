/**
 * A fake CCP for the REAL amazon-connect-streams library under jest + jsdom: no Amazon Connect instance, no iframe.
 * (How Streams talks to the CCP: https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md)
 *
 * In a page that framed the CCP, the CCP's shared worker posts `agent::update` snapshots up through the iframe conduit
 * onto Streams' EventBus; Streams' AgentDataProvider diffs each snapshot against the previous one and fires the agent
 * and contact events (contact::init, contact::connecting::<id>, …). Verbs go down as `client.call(method, params,
 * callbacks)`, and a few (accept's success) as `broadcast` messages that the worker echoes back to every tab.
 *
 * This harness puts exactly those seams in the test's hands:
 * - the library's own EventBus and AgentDataProvider, fresh on each install: `push(agentData(...))` is the snapshot;
 * - a fake upstream conduit that records `sendUpstream` and echoes broadcasts back onto the bus (which is how
 *   `contact.onAccepted` fires);
 * - a fake API client that records every `call` and answers it through `respond(method, params)`: `{ data }` for
 *   success, `{ err }` for failure, `undefined` to leave it unanswered (the test can answer it later).
 *
 * `connect.core.initialized` is set, so a handler's start() sees a CCP framed already and does not call initCCP, and
 * its stop() leaves that CCP in place. Install again (each test does, in beforeEach) so that no test sees another's
 * bus, snapshot or calls; a test that lets the handler frame a CCP of its own, whose stop() then terminates Streams,
 * must install again before the next start().
 *
 * Streams swallows what its callbacks throw (its EventBus logs "'%s' event handler failed."): never assert inside
 * one; record, then assert.
 */
import 'amazon-connect-streams';

export type Streams = typeof connect;

/** The global that `require('amazon-connect-streams')` defines, as the handler's `load` returns it. */
export function streams(): Streams {
  const loaded = (globalThis as { connect?: Streams }).connect;
  if (!loaded || typeof loaded.core?.initCCP !== 'function') throw new Error('amazon-connect-streams did not define the global `connect`');
  return loaded;
}

// Streams echoes every INFO line to the console by default.
streams().getLog().setEchoLevel(streams().LogLevel.CRITICAL);

// ---- Snapshots ---------------------------------------------------------------------------------------------------

const ACCOUNT = '123456789012';
const INSTANCE_ID = '11111111-2222-3333-4444-555555555555';
export const INSTANCE_ARN = `arn:aws:connect:eu-west-2:${ACCOUNT}:instance/${INSTANCE_ID}`;
export const AGENT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const OUTBOUND_QUEUE_ARN = `${INSTANCE_ARN}/queue/outbound`;

/** States the agent can choose; the shared worker adds system and error states (PendingBusy, MissedCallAgent, …). */
export type SelectableStateType = 'routable' | 'not_routable' | 'offline';
export type AgentStateTypeName = SelectableStateType | 'system' | 'error' | 'init';

export interface AgentStateData {
  readonly agentStateARN: string;
  readonly type: SelectableStateType;
  readonly name: string;
}

export function agentStateDef(name: string, type: SelectableStateType): AgentStateData {
  return { agentStateARN: `${INSTANCE_ARN}/agent-state/${encodeURIComponent(name)}`, type, name };
}

/** The instance's states, deliberately not in the usual order: code must find them by type or name, never by index. */
export const AGENT_STATES: readonly AgentStateData[] = [agentStateDef('Offline', 'offline'), agentStateDef('Lunch', 'not_routable'), agentStateDef('Available', 'routable')];

interface QueueData {
  readonly queueARN: string;
  readonly queueId: string;
  readonly name: string | null;
}

export interface AgentConfigurationData {
  readonly name: string;
  readonly username: string;
  readonly agentARN: string;
  readonly softphoneEnabled: boolean;
  readonly softphoneAutoAccept: boolean;
  readonly extension: string | null;
  readonly dialableCountries: string[];
  readonly permissions: string[];
  readonly agentStates: AgentStateData[];
  readonly routingProfile: {
    readonly name: string;
    readonly routingProfileARN: string;
    readonly routingProfileId: string;
    readonly defaultOutboundQueue: QueueData;
    readonly queues: QueueData[];
    readonly channelConcurrencyMap: Record<string, number>;
  };
}

export interface AgentData {
  readonly configuration: AgentConfigurationData;
  readonly snapshot: {
    readonly state: { readonly agentStateARN: string | null; readonly name: string; readonly type: AgentStateTypeName; readonly startTimestamp: Date };
    readonly agentAvailabilityState: { readonly state: string; readonly type: SelectableStateType; readonly agentStateARN?: string; readonly timeStamp: Date };
    readonly nextState: AgentStateData | null;
    readonly contacts: ContactData[];
    readonly snapshotTimestamp: Date;
    readonly localTimestamp: number;
    readonly skew: number;
  };
}

export interface AgentDataOptions {
  /** The agent's current state (getState()): a chosen one, or a system/error state such as PendingBusy, MissedCallAgent. */
  readonly state?: string;
  readonly stateType?: AgentStateTypeName;
  /** The state the agent chose (getAvailabilityState()); by default the current state when it is a selectable one, else Available. */
  readonly availability?: string;
  readonly agentStates?: readonly AgentStateData[];
  readonly contacts?: readonly ContactData[];
  readonly nextState?: AgentStateData | null;
}

const queue = (queueARN: string, name: string | null): QueueData => ({ queueARN, queueId: queueARN, name });

/** The agent's configuration; the agent's own queue (…/queue/agent/<id>) is among the queues, as Streams' logging expects. */
export function agentConfiguration(agentStates: readonly AgentStateData[] = AGENT_STATES): AgentConfigurationData {
  const outbound = queue(OUTBOUND_QUEUE_ARN, 'Outbound');
  return {
    name: 'Test Agent',
    username: 'tagent',
    agentARN: `${INSTANCE_ARN}/agent/${AGENT_ID}`,
    softphoneEnabled: true,
    softphoneAutoAccept: false,
    extension: null,
    dialableCountries: ['gb', 'us', 'fr'],
    permissions: ['outboundCall'],
    agentStates: [...agentStates],
    routingProfile: {
      name: 'Basic Routing Profile',
      routingProfileARN: `${INSTANCE_ARN}/routing-profile/rp1`,
      routingProfileId: `${INSTANCE_ARN}/routing-profile/rp1`,
      defaultOutboundQueue: outbound,
      queues: [outbound, queue(`${INSTANCE_ARN}/queue/agent/${AGENT_ID}`, null)],
      channelConcurrencyMap: { VOICE: 1, CHAT: 0, TASK: 0 },
    },
  };
}

/** One agent snapshot, as the shared worker sends it (timestamps are Dates after the structured clone). */
export function agentData({ state = 'Available', stateType = 'routable', availability, agentStates = AGENT_STATES, contacts = [], nextState = null }: AgentDataOptions = {}): AgentData {
  const now = new Date();
  const selectable = stateType === 'routable' || stateType === 'not_routable' || stateType === 'offline';
  const chosenName = availability ?? (selectable ? state : 'Available');
  const chosen = agentStates.find((s) => s.name === chosenName);
  return {
    configuration: agentConfiguration(agentStates),
    snapshot: {
      state: { agentStateARN: selectable ? (agentStates.find((s) => s.name === state)?.agentStateARN ?? null) : null, name: state, type: stateType, startTimestamp: now },
      agentAvailabilityState: { state: chosenName, type: chosen?.type ?? 'routable', ...(chosen ? { agentStateARN: chosen.agentStateARN } : {}), timeStamp: now },
      nextState,
      contacts: [...contacts],
      snapshotTimestamp: now,
      localTimestamp: now.getTime(),
      skew: 0,
    },
  };
}

/** Contact state types (`connect.ContactStateType`); any other text stands for a state this Streams does not know. */
export type ContactStateName = 'init' | 'incoming' | 'pending' | 'connecting' | 'connected' | 'paused' | 'missed' | 'rejected' | 'error' | 'ended' | (string & {});
/** Connection state types (`connect.ConnectionStateType`). */
export type LegState = 'init' | 'connecting' | 'connected' | 'hold' | 'disconnected' | 'silent_monitor' | 'barge';

export interface ConnectionData {
  readonly connectionId: string;
  readonly type: 'agent' | 'inbound' | 'outbound' | 'monitoring';
  readonly initial: boolean;
  readonly endpoint: { type: string; phoneNumber: string | null; agentLogin: null; name: null; endpointARN: null; queue: null } | null;
  readonly state: { readonly type: LegState; readonly timestamp: Date };
  readonly mute: boolean | null;
  readonly softphoneMediaInfo: Record<string, unknown> | null;
  readonly monitoringInfo: null;
  readonly chatMediaInfo: null;
  readonly quickConnectName: null;
}

export interface ContactData {
  readonly contactId: string;
  readonly initialContactId: string;
  readonly type: 'voice' | 'queue_callback' | 'chat' | 'task';
  readonly initiationMethod: string | null;
  readonly state: { readonly type: ContactStateName; readonly timestamp: Date };
  readonly queue: QueueData;
  readonly queueTimestamp: Date;
  readonly attributes: Record<string, { name: string; value: string }>;
  readonly contactFeatures: { multiPartyConferenceEnabled: boolean };
  readonly connections: ConnectionData[];
}

/** The agent's leg of a contact. With softphone media info, as for a softphone agent (Streams then asks mediaFactory). */
export function agentConnection(contactId: string, state: LegState, softphone = true): ConnectionData {
  return {
    connectionId: `${contactId}-agent`,
    type: 'agent',
    initial: false,
    endpoint: { type: 'agent', phoneNumber: null, agentLogin: null, name: null, endpointARN: null, queue: null },
    state: { type: state, timestamp: new Date() },
    mute: false,
    softphoneMediaInfo: softphone ? { autoAccept: false, callType: 'audio_only', callConfigJson: '{}', callContextToken: 'x', mediaLegContextToken: 'y' } : null,
    monitoringInfo: null,
    chatMediaInfo: null,
    quickConnectName: null,
  };
}

/** The customer's leg: the contact's initial connection, 'inbound' for a call to the agent, 'outbound' for one it placed. */
export function customerConnection(contactId: string, direction: 'inbound' | 'outbound', phoneNumber: string | null, state: LegState): ConnectionData {
  return {
    connectionId: `${contactId}-customer`,
    type: direction,
    initial: true,
    endpoint: { type: 'phone_number', phoneNumber, agentLogin: null, name: null, endpointARN: null, queue: null },
    state: { type: state, timestamp: new Date() },
    mute: false,
    softphoneMediaInfo: null,
    monitoringInfo: null,
    chatMediaInfo: null,
    quickConnectName: null,
  };
}

export interface VoiceContactOptions {
  readonly contactId?: string;
  readonly state?: ContactStateName;
  readonly agentLeg?: LegState;
  readonly customerLeg?: LegState;
  readonly direction?: 'inbound' | 'outbound';
  readonly phoneNumber?: string | null;
  readonly type?: ContactData['type'];
  readonly softphone?: boolean;
  /** Replaces the two usual legs (agent + customer). */
  readonly connections?: readonly ConnectionData[];
}

/** A voice contact as GetAgentSnapshot has it: the agent's leg and the customer's (initial) leg. */
export function voiceContact({
  contactId = 'contact-1',
  state = 'connecting',
  agentLeg = 'connecting',
  customerLeg = 'connected',
  direction = 'inbound',
  phoneNumber = '+16505550100',
  type = 'voice',
  softphone = true,
  connections,
}: VoiceContactOptions = {}): ContactData {
  const now = new Date();
  return {
    contactId,
    initialContactId: contactId,
    type,
    initiationMethod: direction === 'outbound' ? 'outbound' : 'inbound',
    state: { type: state, timestamp: now },
    queue: queue(`${INSTANCE_ARN}/queue/basic`, 'BasicQueue'),
    queueTimestamp: now,
    attributes: {},
    contactFeatures: { multiPartyConferenceEnabled: false },
    connections: connections ? [...connections] : [agentConnection(contactId, agentLeg, softphone), customerConnection(contactId, direction, phoneNumber, customerLeg)],
  };
}

// ---- The fake CCP ------------------------------------------------------------------------------------------------

/** What the fake CCP answers to one API call: success with data, failure with an error, or (undefined) nothing. */
export type Reply = { readonly data?: unknown; readonly err?: undefined } | { readonly err: unknown; readonly data?: unknown } | undefined;
export type Responder = (method: string, params: Record<string, unknown>) => Reply;

interface StreamsCallbacks {
  success?: (data?: unknown) => void;
  failure?: (err?: unknown, data?: unknown) => void;
}

/** One `client.call` Streams made. An unanswered one can be answered later, once. */
export interface ApiCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly answered: boolean;
  succeed(data?: unknown): void;
  fail(err: unknown, data?: unknown): void;
}

export interface UpstreamMessage {
  readonly event: string;
  readonly data: unknown;
}

export interface FakeCcp {
  readonly streams: Streams;
  readonly bus: connect.EventBus;
  /** What the handler's `load` is given: the library, already loaded. */
  readonly load: () => Promise<Streams>;
  /** Sends one agent snapshot, as the CCP's `agent::update` does. */
  push(data: AgentData): void;
  /** How API calls are answered from now on (replaceable by a test). Default: success with no data. */
  respond: Responder;
  readonly apiCalls: readonly ApiCall[];
  callsTo(method: string): ApiCall[];
  /** The params of every call of one method, in order: what a test asserts most often. */
  paramsOf(method: string): Array<Record<string, unknown>>;
  readonly upstreamMessages: readonly UpstreamMessage[];
  /** The events of the broadcasts sent upstream (accept's contact::accepted, click-stream data, …). */
  broadcasts(): string[];
  /** Resolves once something subscribed to `event` on the bus (by default the agent's init: a handler's start() did). */
  subscribed(event?: string): Promise<void>;
}

/** The parts of Streams' core that its typings leave out and this harness sets. */
interface CoreInternals {
  initialized: boolean;
  eventBus: connect.EventBus;
  agentDataProvider: unknown;
  upstream: unknown;
  client: unknown;
  mediaFactory: unknown;
  endedEventTracker: Set<string>;
  AgentDataProvider: new (bus: connect.EventBus) => unknown;
}

interface StreamsInternals {
  EventBus: new (options?: { logEvents?: boolean }) => connect.EventBus & { getSubscriptions(event: string): unknown[] };
  Contact: new (contactId: string) => connect.Contact;
  agent: { initialized: boolean };
}

export const answerAll: Responder = () => ({ data: {} });

/** Installs a fresh fake CCP into the global `connect`. Call in beforeEach (and again after a handler's stop()). */
export function installFakeCcp({ respond = answerAll }: { respond?: Responder } = {}): FakeCcp {
  const lib = streams();
  const internals = lib as unknown as StreamsInternals;
  const core = lib.core as unknown as CoreInternals;

  // What initCCP would set up, minus the iframe: the library's own bus and snapshot differ.
  const bus = new internals.EventBus({ logEvents: false });
  core.eventBus = bus;
  core.agentDataProvider = new core.AgentDataProvider(bus);
  core.initialized = true;
  // Module state that outlives a bus: reset it, or one test's contacts and agent leak into the next.
  internals.agent.initialized = false;
  core.endedEventTracker = new Set();
  // A VoiceConnection with softphone media info asks the media factory for a controller.
  core.mediaFactory = { get: () => Promise.resolve(), destroy: () => undefined };

  const upstreamMessages: UpstreamMessage[] = [];
  const BROADCAST: string = lib.EventType.BROADCAST;
  const noSubscription = () => ({ unsubscribe: () => undefined });
  core.upstream = {
    name: 'fake-ccp',
    sendUpstream(event: string, data?: unknown) {
      upstreamMessages.push({ event, data });
      // The shared worker re-broadcasts to every tab, the sender included: contact.accept()'s success reaches
      // contact.onAccepted this way. Structured clone turns a Contact into its plain fields.
      const message = data as { event?: string; data?: unknown } | undefined;
      if (event === BROADCAST && message?.event) {
        const payload = message.data instanceof internals.Contact ? { contactId: message.data.getContactId() } : message.data;
        bus.trigger(message.event, payload);
      }
    },
    sendDownstream: () => undefined,
    onUpstream: noSubscription,
    onDownstream: noSubscription,
    onAllUpstream: noSubscription,
  };

  const apiCalls: ApiCall[] = [];
  const ccp: FakeCcp = {
    streams: lib,
    bus,
    load: () => Promise.resolve(lib),
    push: (data) => bus.trigger(lib.AgentEvents.UPDATE, data),
    respond,
    apiCalls,
    callsTo: (method) => apiCalls.filter((call) => call.method === method),
    paramsOf: (method) => apiCalls.filter((call) => call.method === method).map((call) => call.params),
    upstreamMessages,
    broadcasts: () => upstreamMessages.filter((m) => m.event === BROADCAST).map((m) => String((m.data as { event?: unknown }).event)),
    async subscribed(event = lib.AgentEvents.INIT) {
      for (let tick = 0; tick < 100; tick++) {
        if (bus.getSubscriptions(event).length > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      throw new Error(`Nothing subscribed to ${event} on the Streams bus.`);
    },
  };

  core.client = {
    call(method: string, params: Record<string, unknown>, callbacks?: StreamsCallbacks) {
      let answered = false;
      const answer = (settle: () => void): void => {
        if (answered) throw new Error(`The fake CCP answered ${method} twice.`);
        answered = true;
        settle();
      };
      const call: ApiCall = {
        method,
        params,
        get answered() {
          return answered;
        },
        succeed: (data) => answer(() => callbacks?.success?.(data)),
        fail: (err, data) => answer(() => callbacks?.failure?.(err, data)),
      };
      apiCalls.push(call);
      const reply = ccp.respond(method, params);
      if (reply === undefined) return;
      if (reply.err !== undefined) call.fail(reply.err, reply.data);
      else call.succeed(reply.data);
    },
  };
  return ccp;
}

/** A responder that fails the named methods with `err` and answers the rest. */
export function failing(methods: readonly string[], err: unknown): Responder {
  return (method) => (methods.includes(method) ? { err } : { data: {} });
}

/** A responder that never answers the named methods and answers the rest. */
export function silentOn(methods: readonly string[]): Responder {
  return (method) => (methods.includes(method) ? undefined : { data: {} });
}
