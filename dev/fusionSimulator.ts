/**
 * Plays Fusion Service's part opposite the UEF stand-in: answers the toolbar's operations the way Oracle's pages
 * describe Fusion's behaviour (configuration, readiness, reverse lookup, incoming-call dialog, engagement panel, Wrap
 * Up window), sends the toolbar Fusion's events (Answer, Decline, End Call, agent commands including
 * getActiveInteractionCommands, click-to-dial, wrap-up closed, offer timeout), records every operation, and keeps the
 * Fusion-side UI state for a page (simulator.ts) or a test to show or check. It is a test oracle: it refuses what
 * the toolbar should never send, naming what was wrong. Pure TypeScript, no DOM.
 */
import type {
  IMCAConfiguration,
  IMcaComEventActionData,
  IMcaEventData,
  McaData,
  UefEventName,
  UefOperationName,
} from '../src/ts/cti/fusion/uef';
import {
  CHANNEL,
  EventDataMap,
  EventMessage,
  isControllable,
  isOperationName,
  Message,
  newUuid,
  OperationDataMap,
  PublishMessage,
  PublishPayload,
  PublishResultMessage,
} from './protocol';
import type { Port } from './transport';

/** Epoch milliseconds with sub-millisecond precision, so that latency can be measured against other processes' stamps. */
function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export interface DirectoryEntry {
  contactId: string;
  name: string;
  /** As displayed, e.g. "+1 650 555 0100"; lookups compare digits only. */
  phone: string;
}

/** One operation the toolbar published: its payload as received (less configType), and how Fusion answered. */
export interface OperationRecord extends Omit<PublishPayload, 'configType'> {
  /** 1-based position in the log. */
  seq: number;
  operation: string;
  /** When received: epoch milliseconds with a fraction (performance.timeOrigin + now), comparable across processes. */
  at: number;
  /** How the simulator answered: false for a refusal, whether publish rejected or resolved with isSuccess() false. */
  ok: boolean;
  error?: string;
}

export interface CommandOutcome {
  result: 'success' | 'failure';
  resultDisplayString?: string;
  outData?: unknown;
}

export interface ClickToDialOutcome extends CommandOutcome {
  /** SVCMCA_CALL_ID sent to the toolbar; the toolbar should use it as the eventId of the outbound call. */
  callId: string;
}

export interface EventRecord {
  eventName: UefEventName;
  eventId?: string;
  command?: string;
  /** onDataUpdated's outData.updateType. */
  updateType?: string;
  /** When sent to the toolbar, on the same clock as OperationRecord.at. */
  at: number;
  /** Undefined until the toolbar answered (controllable) or the event was sent (others). */
  outcome?: CommandOutcome;
}

/**
 * The agent commands Fusion sends: the four of the legacy page
 * (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/ontoolbaragentcommand-method.html) and
 * getActiveInteractionCommands (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/ontoolbaragentcommand.html).
 */
export type AgentCommand = 'makeAvailable' | 'makeUnavailable' | 'getCurrentAgentState' | 'getActiveEngagements' | 'getActiveInteractionCommands';

/** 'offerTimedOut': Fusion's ringing dialog timed out and Fusion waits for the toolbar's closeCommEvent. */
export type EngagementView = 'incoming' | 'offerTimedOut' | 'dialing' | 'engaged' | 'wrapup';

export interface Engagement {
  eventId: string;
  number: string;
  contactName?: string;
  contactId?: string;
  interactionId: string;
  direction: 'inbound' | 'outbound';
  view: EngagementView;
  /** The newCommEvent outData, which Fusion expects back as inData of startCommEvent/closeCommEvent. */
  outData: McaData;
  /** SVCMCA_OFFER_TIMEOUT_SEC of the newCommEvent, when it was a positive number. */
  offerTimeoutSec?: number;
}

export interface AgentStatus {
  isAvailable: boolean;
  isLoggedIn?: boolean;
  state?: string;
  stateDisplayString?: string;
  reason?: string;
  reasonDisplayString?: string;
}

export interface SimulatorState {
  /** The toolbar completed the handshake. */
  connected: boolean;
  appName?: string;
  /** The toolbar's last readyForOperationOperation readiness; false until it sends true. */
  ready: boolean;
  /** Fusion enables the phone icon once the toolbar published agent state. */
  phoneEnabled: boolean;
  agent: AgentStatus | null;
  subscriptions: UefEventName[];
  /** The outData of the toolbar's last successful answer to getActiveInteractionCommands, or null. */
  supportedCommands: Record<string, unknown> | null;
  engagements: Engagement[];
  lastError: string | null;
  lastResult: string | null;
}

/** What the agent's getConfigurationOperation answers with (Oracle's IMCAConfiguration). */
export type SimulatorConfiguration = IMCAConfiguration;

export interface FusionSimulatorOptions {
  directory?: DirectoryEntry[];
  agentId?: string;
  agentPartyId?: string;
  /** Comma-separated feature codes. */
  features?: string;
  /** The name Fusion gives the toolbar in every answer's toolbarName. */
  toolbarName?: string;
  /** How long a controllable event waits for the toolbar's answer. */
  eventTimeoutMs?: number;
}

/** How failNext makes the next publish of an operation fail. */
export type FailureMode = 'reject' | 'unsuccessful';

export const DEFAULT_DIRECTORY: readonly DirectoryEntry[] = [
  { contactId: 'CDRM_1001', name: 'Lisa Jones', phone: '+1 650 555 0100' },
  { contactId: 'CDRM_1002', name: 'Ravi Patel', phone: '+1 650 555 0142' },
  { contactId: 'CDRM_1003', name: 'Marta Silva', phone: '+44 20 7946 0958' },
  { contactId: 'CDRM_1004', name: 'Kenji Watanabe', phone: '+81 3 5555 0199' },
];

/**
 * closeCommEvent's reasons, exactly Oracle's (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/closecommevent.html):
 * ABANDONED (the customer ended before the agent accepted and before timeout), CANCELED (an outbound call the agent
 * cancelled before the customer answered), ENDCOMMUNICATION (ended; a wrap-up page Fusion shows must close), MISSED
 * (could not be established for another reason), REJECT (the agent rejected), TIMEOUT (the attempt timed out),
 * WRAPUP (show the Wrap Up window).
 */
export const CLOSE_REASONS = ['ABANDONED', 'CANCELED', 'ENDCOMMUNICATION', 'MISSED', 'REJECT', 'TIMEOUT', 'WRAPUP'] as const;

/** The operations whose response data has isSuccess()/getError() (Oracle's d.ts), so Fusion can refuse them resolved. */
const HAS_IS_SUCCESS: ReadonlySet<string> = new Set<UefOperationName>(['agentStateEventOperation', 'outboundCommError', 'getConfigurationOperation']);

export function digitsOf(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** Matches equal digits, or the same last 10 digits when one side lacks the country code. */
function sameNumber(a: string, b: string): boolean {
  const x = digitsOf(a);
  const y = digitsOf(b);
  if (x === '' || y === '') return false;
  return x === y || (x.length >= 10 && y.length >= 10 && x.slice(-10) === y.slice(-10));
}

/** A positive number of seconds from SVCMCA_OFFER_TIMEOUT_SEC (Oracle's IMcaInData types it as a string), else undefined. */
function offerTimeoutOf(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Operations whose request must carry an eventId. */
const NEEDS_EVENT_ID = new Set(['newCommEvent', 'startCommEvent', 'closeCommEvent']);

class OperationError extends Error {}

export class FusionSimulator {
  readonly operations: OperationRecord[] = [];
  readonly events: EventRecord[] = [];
  readonly directory: readonly DirectoryEntry[];
  readonly agentId: string;
  readonly configuration: SimulatorConfiguration;
  readonly toolbarName: string;

  private readonly port: Port;
  private readonly eventTimeoutMs: number;
  private readonly listeners = new Set<(state: SimulatorState) => void>();
  private readonly pending = new Map<string, { resolve: (outcome: CommandOutcome) => void; timer: ReturnType<typeof setTimeout> }>();
  /** Every eventId the toolbar announced with newCommEvent, open or not. */
  private readonly knownEventIds = new Set<string>();
  /** The reasons of every closeCommEvent Fusion took, per eventId: the toolbar must tell Fusion each call's story once. */
  private readonly closeReasons = new Map<string, string[]>();
  /** Offer timers of ringing engagements, per eventId. */
  private readonly offerTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly failures = new Map<string, { mode: FailureMode; message: string }>();
  private readonly subscriptions = new Set<UefEventName>();
  private engagements: Engagement[] = [];
  private connected = false;
  private appName?: string;
  private sessionId?: string;
  private ready = false;
  private phoneEnabled = false;
  private agent: AgentStatus | null = null;
  private supportedCommands: Record<string, unknown> | null = null;
  /** getActiveInteractionCommands went to this toolbar session already. */
  private askedForCommands = false;
  private lastError: string | null = null;
  private lastResult: string | null = null;
  private interactionCounter = 0;
  private agentCommandCounter = 0;

  constructor(port: Port, options: FusionSimulatorOptions = {}) {
    this.port = port;
    this.directory = options.directory ?? DEFAULT_DIRECTORY;
    this.agentId = options.agentId ?? 'LISA.AGENT';
    this.toolbarName = options.toolbarName ?? 'SimulatedMediaToolbar';
    this.eventTimeoutMs = options.eventTimeoutMs ?? 10000;
    this.configuration = {
      faTrustToken: '',
      agentId: this.agentId,
      agentPartyId: options.agentPartyId ?? '300100551234567',
      features: options.features ?? 'INBOUND_CALL,OUTBOUND_CALL',
      companionPanelUrl: '',
      companionPanelTitle: '',
    };
    port.onMessage((message) => this.receive(message));
  }

  get state(): SimulatorState {
    return {
      connected: this.connected,
      appName: this.appName,
      ready: this.ready,
      phoneEnabled: this.phoneEnabled,
      agent: this.agent && { ...this.agent },
      subscriptions: [...this.subscriptions],
      supportedCommands: this.supportedCommands && { ...this.supportedCommands },
      engagements: this.engagements.map((e) => ({ ...e, outData: { ...e.outData } })),
      lastError: this.lastError,
      lastResult: this.lastResult,
    };
  }

  /** Calls `listener` with the new state after every change; returns a function that unsubscribes. */
  onChange(listener: (state: SimulatorState) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  lookup(number: string): DirectoryEntry | undefined {
    return this.directory.find((entry) => sameNumber(entry.phone, number));
  }

  /**
   * A test hook: the next publish of `operation` fails with `message`, either as a rejection ('reject': publish rejects
   * with an IErrorData) or, for the operations whose response data has isSuccess(), as a resolved response with
   * isSuccess() false and getError() set ('unsuccessful'). Oracle's typings allow both, so the toolbar must take both
   * as failures. Fusion does nothing of what the operation asked.
   */
  failNext(operation: UefOperationName, mode: FailureMode, message: string): void {
    if (mode === 'unsuccessful' && !HAS_IS_SUCCESS.has(operation)) {
      throw new Error(`failNext: ${operation}'s response data has no isSuccess(), so it can only fail as 'reject'`);
    }
    this.failures.set(operation, { mode, message });
  }

  // ---- UI commands: Fusion → toolbar ----------------------------------------------------------------------------

  /** The agent clicked Answer in the incoming-call dialog. */
  answer(eventId: string): Promise<CommandOutcome> {
    return this.interactionCommand(eventId, 'accept', 'Answer');
  }

  /** The agent clicked Decline in the incoming-call dialog. */
  decline(eventId: string): Promise<CommandOutcome> {
    return this.interactionCommand(eventId, 'reject', 'Decline');
  }

  /** The agent clicked End Call; Oracle's Genesys tutorial says Fusion sends `wrapup` for it. */
  endCall(eventId: string): Promise<CommandOutcome> {
    return this.interactionCommand(eventId, 'wrapup', 'End Call');
  }

  /** The agent closed the Wrap Up window: Fusion closes it and tells the toolbar (not controllable). */
  async closeWrapUp(eventId: string): Promise<CommandOutcome> {
    this.engagements = this.engagements.filter((e) => !(e.eventId === eventId && e.view === 'wrapup'));
    return this.dataUpdated(eventId, 'WRAPUP_CLOSED', 'Close Wrap Up');
  }

  /**
   * The ringing dialog's offer timed out (the agent let it ring, or SVCMCA_OFFER_TIMEOUT_SEC elapsed): Fusion tells the
   * toolbar with onDataUpdated OFFER_TIMEOUT and expects it to close the engagement with closeCommEvent
   * (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/ondataupdated-method.html; the newCommEvent method
   * page, https://docs.oracle.com/en/cloud/saas/fusion-service/faiec/newcommevent-method.html). The dialog stays as
   * "offer timed out" until the toolbar closes it.
   */
  async offerTimeout(eventId: string): Promise<CommandOutcome> {
    const engagement = this.engagements.find((e) => e.eventId === eventId);
    if (!engagement || engagement.view !== 'incoming') {
      const outcome: CommandOutcome = { result: 'failure', resultDisplayString: `No call ${eventId} is ringing, so there is no offer to time out` };
      this.noteOutcome('Offer timeout', outcome);
      return outcome;
    }
    this.cancelOfferTimer(eventId);
    engagement.view = 'offerTimedOut';
    return this.dataUpdated(eventId, 'OFFER_TIMEOUT', 'Offer timeout');
  }

  agentCommand(command: AgentCommand): Promise<CommandOutcome> {
    const eventId = `agent-command-${++this.agentCommandCounter}`;
    const data: EventDataMap['onToolbarAgentCommand'] = {
      ...this.eventBase('onToolbarAgentCommand'),
      command,
      eventId,
      inData: {},
      outData: {},
      result: '',
      timeStamp: Date.now(),
      resultDisplayString: '',
    };
    return this.sendEvent('onToolbarAgentCommand', data, command);
  }

  /**
   * Asks the toolbar which interaction commands it supports and records its outData as supportedCommands. Fusion sends
   * it "only once for a session" (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/ontoolbaragentcommand.html):
   * the simulator does so when the toolbar subscribes to onToolbarAgentCommand; tests call this to ask again. Oracle
   * does not publish outData's shape, so any object is recorded.
   */
  async requestActiveInteractionCommands(): Promise<CommandOutcome> {
    const outcome = await this.agentCommand('getActiveInteractionCommands');
    if (outcome.result !== 'success') return outcome;
    if (!isRecord(outcome.outData)) {
      this.lastError = `getActiveInteractionCommands: the toolbar answered success without an outData object (${JSON.stringify(outcome.outData) ?? 'undefined'})`;
      this.changed();
      return outcome;
    }
    this.supportedCommands = { ...outcome.outData };
    this.changed();
    return outcome;
  }

  /** The agent clicked a phone number in Fusion. */
  async clickToDial(number: string, contact?: DirectoryEntry): Promise<ClickToDialOutcome> {
    const callId = newUuid();
    const who = contact ?? this.lookup(number);
    const outData: McaData = {
      SVCMCA_ANI: number,
      SVCMCA_CALL_ID: callId,
      SVCMCA_COMMUNICATION_DIRECTION: 'ORA_SVC_OUTBOUND',
    };
    if (who) {
      outData.SVCMCA_CONTACT_ID = who.contactId;
      outData.SVCMCA_DISPLAY_NAME = who.name;
    }
    // Real UEF's raw data carries the call id as `uuid` too (reference/uef.md §1.4, from public toolbars' code).
    const data: EventDataMap['onOutgoingEvent'] = { ...this.eventBase('onOutgoingEvent'), uuid: callId, outData, origin: 'FusionSimulator', windowName: '' };
    const outcome = await this.sendEvent('onOutgoingEvent', data, `Call ${number}`);
    return { ...outcome, callId };
  }

  // ---- events ---------------------------------------------------------------------------------------------------

  /** Oracle's IMcaEventData, common to every MCA event's data. */
  private eventBase(method: UefEventName): IMcaEventData {
    return { channel: 'PHONE', channelType: 'ORA_SVC_PHONE', method, toolbarName: this.toolbarName, uuid: newUuid() };
  }

  private dataUpdated(eventId: string, updateType: string, label: string): Promise<CommandOutcome> {
    const data: EventDataMap['onDataUpdated'] = { ...this.eventBase('onDataUpdated'), outData: { updateType }, eventId, eventSource: 'FUSION', result: '' };
    return this.sendEvent('onDataUpdated', data, label);
  }

  private interactionCommand(eventId: string, command: string, label: string): Promise<CommandOutcome> {
    const engagement = this.engagements.find((e) => e.eventId === eventId);
    const data: EventDataMap['onToolbarInteractionCommand'] = {
      ...this.eventBase('onToolbarInteractionCommand'),
      command,
      commandId: newUuid(),
      eventId,
      inData: { ...engagement?.outData },
      outData: {},
      result: '',
      target: '',
      timeStamp: Date.now(),
      slot: '',
      resultDisplayString: '',
    };
    return this.sendEvent('onToolbarInteractionCommand', data, label);
  }

  private sendEvent<K extends UefEventName>(eventName: K, data: EventDataMap[K], label: string): Promise<CommandOutcome> {
    const record: EventRecord = { eventName, at: epochNow() };
    const d = data as { eventId?: string; command?: string; outData?: { updateType?: unknown } };
    if (d.eventId !== undefined) record.eventId = d.eventId;
    if (d.command !== undefined) record.command = d.command;
    if (eventName === 'onDataUpdated' && typeof d.outData?.updateType === 'string') record.updateType = d.outData.updateType;
    this.events.push(record);
    const finish = (outcome: CommandOutcome): CommandOutcome => {
      record.outcome = outcome;
      this.noteOutcome(label, outcome);
      return outcome;
    };
    if (!this.subscriptions.has(eventName)) {
      return Promise.resolve(finish({ result: 'failure', resultDisplayString: `The toolbar has not subscribed to ${eventName}` }));
    }
    const deliveryId = newUuid();
    const message = { channel: CHANNEL, kind: 'event', deliveryId, eventName, data } as EventMessage;
    if (!isControllable(eventName)) {
      this.port.send(message);
      return Promise.resolve(finish({ result: 'success' }));
    }
    return new Promise<CommandOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(deliveryId);
        const seconds = this.eventTimeoutMs / 1000;
        resolve(finish({ result: 'failure', resultDisplayString: `The toolbar did not answer ${eventName} within ${seconds} s` }));
      }, this.eventTimeoutMs);
      this.pending.set(deliveryId, { resolve: (outcome) => resolve(finish(outcome)), timer });
      this.port.send(message);
    });
  }

  private noteOutcome(label: string, outcome: CommandOutcome): void {
    const text = `${label}: ${outcome.result}${outcome.resultDisplayString ? ` (${outcome.resultDisplayString})` : ''}`;
    this.lastResult = text;
    if (outcome.result === 'failure') this.lastError = text;
    this.changed();
  }

  // ---- messages from the toolbar --------------------------------------------------------------------------------

  private receive(message: Message): void {
    switch (message.kind) {
      case 'hello':
        if (this.sessionId !== undefined && this.sessionId !== message.sessionId) {
          // The toolbar reloaded: a new session, which subscribes, gets getActiveInteractionCommands and readies again.
          this.subscriptions.clear();
          this.askedForCommands = false;
          this.ready = false;
        }
        this.sessionId = message.sessionId;
        this.connected = true;
        this.appName = message.appName;
        this.port.send({ channel: CHANNEL, kind: 'welcome' });
        break;
      case 'subscribe':
        this.subscriptions.add(message.eventName);
        if (message.eventName === 'onToolbarAgentCommand' && !this.askedForCommands) {
          this.askedForCommands = true;
          void this.requestActiveInteractionCommands();
        }
        break;
      case 'unsubscribe':
        this.subscriptions.delete(message.eventName);
        break;
      case 'publish':
        this.handlePublish(message);
        break;
      case 'eventResult': {
        const pending = this.pending.get(message.deliveryId);
        if (!pending) {
          console.warn(`[fusion-simulator] eventResult for unknown or timed-out delivery ${message.deliveryId}`);
          return;
        }
        clearTimeout(pending.timer);
        this.pending.delete(message.deliveryId);
        const outcome: CommandOutcome = { result: message.result };
        if (message.resultDisplayString !== undefined) outcome.resultDisplayString = message.resultDisplayString;
        if (message.outData !== undefined) outcome.outData = message.outData;
        pending.resolve(outcome);
        return; // resolve() notifies
      }
      default:
        console.warn(`[fusion-simulator] unexpected message kind "${message.kind}" from the toolbar`);
        return;
    }
    this.changed();
  }

  private handlePublish(message: PublishMessage): void {
    const { operation, payload, requestId } = message;
    const record = this.record(operation, payload);
    const refuse = (error: string) => {
      record.ok = false;
      record.error = error;
      this.lastError = `${operation}: ${error}`;
    };
    const failure = this.failures.get(operation);
    if (failure) this.failures.delete(operation);
    if (failure?.mode === 'unsuccessful' && isOperationName(operation)) {
      refuse(failure.message);
      this.port.send(this.unsuccessful(operation, requestId, failure.message));
      return;
    }
    let result: Extract<PublishResultMessage, { ok: true }>;
    try {
      if (failure) throw new OperationError(failure.message);
      result = this.perform(operation, payload, requestId);
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      refuse(error.message);
      this.port.send({ channel: CHANNEL, kind: 'publishResult', requestId, ok: false, error: error.message });
      return;
    }
    this.port.send(result);
  }

  private publishResult<K extends UefOperationName>(requestId: string, operation: K, data: OperationDataMap[K]): Extract<PublishResultMessage, { ok: true }> {
    return { channel: CHANNEL, kind: 'publishResult', requestId, ok: true, operation, data } as Extract<PublishResultMessage, { ok: true }>;
  }

  /** Fusion's answer to a refused operation whose response data has isSuccess(): result 'error' and the reason. */
  private unsuccessful(operation: UefOperationName, requestId: string, error: string): Extract<PublishResultMessage, { ok: true }> {
    const base = { method: operation, result: 'error', toolbarName: this.toolbarName, uuid: newUuid() };
    switch (operation) {
      case 'outboundCommError':
        return this.publishResult(requestId, operation, { result: 'error', error });
      case 'getConfigurationOperation':
        return this.publishResult(requestId, operation, { ...base, outData: {}, configuration: { ...this.configuration, agentId: '', agentPartyId: '' }, error });
      default: // agentStateEventOperation: failNext allows 'unsuccessful' for the three operations only
        return this.publishResult(requestId, 'agentStateEventOperation', { ...base, error });
    }
  }

  private record(operation: string, payload: PublishPayload): OperationRecord {
    const { configType: _configType, inData, ...fields } = payload;
    const record: OperationRecord = { seq: this.operations.length + 1, operation, at: epochNow(), ok: true };
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) (record as unknown as Record<string, unknown>)[key] = value;
    if (inData !== undefined) record.inData = { ...inData };
    this.operations.push(record);
    return record;
  }

  /** Applies one operation to the Fusion state and returns Fusion's answer; throws OperationError to refuse it. */
  private perform(operation: string, p: PublishPayload, requestId: string): Extract<PublishResultMessage, { ok: true }> {
    if (NEEDS_EVENT_ID.has(operation) && !p.eventId) throw new OperationError(`eventId missing in the ${operation} request`);
    const answer = <K extends UefOperationName>(op: K, data: OperationDataMap[K]) => this.publishResult(requestId, op, data);
    const base = { method: operation, result: 'success', toolbarName: this.toolbarName, uuid: newUuid() };
    switch (operation) {
      case 'getConfigurationOperation':
        // https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/getconfiguration.html: the agent is in configuration.
        // `error` is null, not undefined, when there is none: a JSON copy (as jsdom's tests make) would drop an undefined.
        return answer('getConfigurationOperation', { ...base, outData: {}, configuration: { ...this.configuration }, error: null });
      case 'readyForOperationOperation':
        this.readyForOperation(p);
        return answer('readyForOperationOperation', base);
      case 'agentStateEventOperation':
        this.agentState(p);
        return answer('agentStateEventOperation', { ...base, error: null });
      case 'newCommEvent': {
        const outData = this.newComm(p.eventId as string, p.inData ?? {});
        return answer('newCommEvent', { ...this.comData('newCommEvent', p.eventId as string, outData), outData });
      }
      case 'startCommEvent': {
        const outData = this.startComm(p.eventId as string, p.inData ?? {});
        // Oracle's typings name screenPopMode and wrapupId but publish none of their values.
        return answer('startCommEvent', { ...this.comData('startCommEvent', p.eventId as string, outData), outData, screenPopMode: '', wrapupId: String(outData.SVCMCA_WRAPUP_ID ?? '') });
      }
      case 'closeCommEvent': {
        const outData = this.closeComm(p.eventId as string, p.reason, p.inData ?? {});
        return answer('closeCommEvent', { ...this.comData('closeCommEvent', p.eventId as string, outData), outData, wrapupId: String(outData.SVCMCA_WRAPUP_ID ?? '') });
      }
      case 'outboundCommError':
        if (!p.commUuid) throw new OperationError('commUuid missing in the outboundCommError request');
        this.lastError = `Outbound call failed: ${p.errorCode ?? 'no error code'}${p.errorMsg ? ` (${p.errorMsg})` : ''}`;
        return answer('outboundCommError', { result: 'success', error: '' });
      default:
        throw new OperationError(`unknown operation "${operation}"`);
    }
  }

  /** The fields every comm event's answer has (Oracle's IMcaComEventActionData); each operation adds its own. */
  private comData(method: string, eventId: string, outData: McaData): IMcaComEventActionData {
    const interactionId = String(outData.SVCMCA_INTERACTION_ID ?? '');
    return {
      channelId: '',
      channelType: 'ORA_SVC_PHONE',
      engagementId: interactionId,
      eventId,
      eventSource: 'toolbar',
      interactionId,
      method,
      result: 'success',
      toolbarName: this.toolbarName,
      uuid: newUuid(),
      channel: 'PHONE',
    };
  }

  /**
   * Records the toolbar's readiness. Oracle's UEF page says only that the operation "notifies the Fusion application
   * that toolbar is ready for operation" (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/readyforoperation.html);
   * the legacy page adds "The toolbar is disabled by default, and is enabled when this method is called with the
   * readiness parameter set to TRUE" (https://docs.oracle.com/en/cloud/saas/fusion-service/faiec/readyforoperation-method.html).
   * The simulator shows readiness but, since the UEF page does not say Fusion disables anything, refuses nothing for it.
   */
  private readyForOperation(p: PublishPayload): void {
    if (typeof p.readiness !== 'boolean') throw new OperationError('readiness missing in the readyForOperationOperation request (setReadiness)');
    this.ready = p.readiness;
  }

  private agentState(p: PublishPayload): void {
    if (typeof p.isAvailable !== 'boolean') throw new OperationError('isAvailable missing in the agentStateEventOperation request');
    this.phoneEnabled = true; // "Once this API is executed, the Phone icon becomes available in the UI"
    this.agent = {
      isAvailable: p.isAvailable,
      isLoggedIn: p.isLoggedIn,
      state: p.state,
      stateDisplayString: p.stateDisplayString,
      reason: p.reason,
      reasonDisplayString: p.reasonDisplayString,
    };
  }

  private newComm(eventId: string, inData: McaData): McaData {
    const open = this.engagements.find((e) => e.eventId === eventId);
    if (open) throw new OperationError(`eventId ${eventId} already has an open engagement (${open.view})`);
    if (this.closeReasons.has(eventId)) throw new OperationError(`newCommEvent for eventId ${eventId}, which was already closed`);
    const number = String(inData.SVCMCA_ANI ?? '');
    const direction = inData.SVCMCA_COMMUNICATION_DIRECTION === 'ORA_SVC_OUTBOUND' ? 'outbound' : 'inbound';
    const contact = number ? this.lookup(number) : undefined;
    const interactionId = String(300100550000000 + ++this.interactionCounter);
    const outData: McaData = { ...inData, SVCMCA_INTERACTION_ID: interactionId };
    if (contact) {
      outData.SVCMCA_CONTACT_NAME = contact.name;
      outData.SVCMCA_CONTACT_ID = contact.contactId;
      outData.SVCMCA_CONTACT_PRIMARY_PHONE = contact.phone;
    }
    this.knownEventIds.add(eventId);
    const engagement: Engagement = {
      eventId,
      number,
      contactName: contact?.name,
      contactId: contact?.contactId,
      interactionId,
      direction,
      view: direction === 'outbound' ? 'dialing' : 'incoming',
      outData,
    };
    const offerTimeoutSec = offerTimeoutOf(inData.SVCMCA_OFFER_TIMEOUT_SEC);
    if (offerTimeoutSec !== undefined) engagement.offerTimeoutSec = offerTimeoutSec;
    this.engagements.push(engagement);
    if (offerTimeoutSec !== undefined && engagement.view === 'incoming') {
      this.offerTimers.set(
        eventId,
        setTimeout(() => {
          this.offerTimers.delete(eventId);
          void this.offerTimeout(eventId);
        }, offerTimeoutSec * 1000),
      );
    }
    return outData;
  }

  private cancelOfferTimer(eventId: string): void {
    const timer = this.offerTimers.get(eventId);
    if (timer !== undefined) clearTimeout(timer);
    this.offerTimers.delete(eventId);
  }

  private openEngagement(operation: string, eventId: string): Engagement | undefined {
    if (!this.knownEventIds.has(eventId)) {
      throw new OperationError(`${operation} for eventId ${eventId}, which Fusion never saw in newCommEvent`);
    }
    return this.engagements.find((e) => e.eventId === eventId);
  }

  private startComm(eventId: string, inData: McaData): McaData {
    const engagement = this.openEngagement('startCommEvent', eventId);
    if (!engagement) throw new OperationError(`startCommEvent for eventId ${eventId}, whose engagement is already closed`);
    if (engagement.view === 'offerTimedOut') throw new OperationError(`startCommEvent for eventId ${eventId}, whose offer timed out`);
    this.cancelOfferTimer(eventId);
    engagement.view = 'engaged';
    return { ...inData, ...engagement.outData };
  }

  /**
   * One closeCommEvent per call, with one of Oracle's reasons, except that ENDCOMMUNICATION may follow WRAPUP: it
   * "indicates that the communication ended and if Service Center is in wrap-up mode it then must close the wrap-up
   * page" (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/closecommevent.html).
   */
  private closeComm(eventId: string, reason: string | undefined, inData: McaData): McaData {
    if (!reason) throw new OperationError('reason missing in the closeCommEvent request');
    if (!(CLOSE_REASONS as readonly string[]).includes(reason)) {
      throw new OperationError(`closeCommEvent reason "${reason}" is not one of Oracle's: ${CLOSE_REASONS.join(', ')}`);
    }
    const engagement = this.openEngagement('closeCommEvent', eventId);
    const earlier = this.closeReasons.get(eventId) ?? [];
    const endsWrapUp = earlier.length === 1 && earlier[0] === 'WRAPUP' && reason === 'ENDCOMMUNICATION';
    if (earlier.length > 0 && !endsWrapUp) {
      throw new OperationError(`a second closeCommEvent for eventId ${eventId} (already closed with ${earlier.join(', then ')})`);
    }
    this.closeReasons.set(eventId, [...earlier, reason]);
    this.cancelOfferTimer(eventId);
    if (engagement && reason === 'WRAPUP') {
      engagement.view = 'wrapup'; // "Displays the Wrap Up window"
    } else {
      this.engagements = this.engagements.filter((e) => e.eventId !== eventId);
    }
    return { ...inData, ...engagement?.outData };
  }

  private changed(): void {
    const state = this.state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch (error) {
        console.error('[fusion-simulator] change listener failed', error);
      }
    }
  }
}
