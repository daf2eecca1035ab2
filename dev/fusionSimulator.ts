/**
 * Plays Fusion Service's part opposite the UEF stand-in: answers the toolbar's operations the way the docs describe
 * Fusion's behaviour (reverse lookup, incoming-call dialog, engagement panel, Wrap Up window), sends the toolbar
 * Fusion's events (Answer, Decline, End Call, agent commands, click-to-dial), records every operation, and keeps the
 * Fusion-side UI state for a page (simulator.ts) or a test to show or check. Pure TypeScript, no DOM.
 */
import type { McaData, UefEventName } from '../src/ts/cti/fusion/uef';
import {
  CHANNEL,
  EventDataMap,
  EventMessage,
  isControllable,
  Message,
  newUuid,
  PublishMessage,
  PublishPayload,
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
  /** How the simulator answered. */
  ok: boolean;
  error?: string;
}

export interface CommandOutcome {
  result: 'success' | 'failure';
  resultDisplayString?: string;
  outData?: Record<string, unknown>;
}

export interface ClickToDialOutcome extends CommandOutcome {
  /** SVCMCA_CALL_ID sent to the toolbar; the toolbar should use it as the eventId of the outbound call. */
  callId: string;
}

export interface EventRecord {
  eventName: UefEventName;
  eventId?: string;
  command?: string;
  /** When sent to the toolbar, on the same clock as OperationRecord.at. */
  at: number;
  /** Undefined until the toolbar answered (controllable) or the event was sent (others). */
  outcome?: CommandOutcome;
}

export type AgentCommand = 'makeAvailable' | 'makeUnavailable' | 'getCurrentAgentState' | 'getActiveEngagements';

export type EngagementView = 'incoming' | 'dialing' | 'engaged' | 'wrapup';

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
  /** Fusion enables the phone icon once the toolbar published agent state. */
  phoneEnabled: boolean;
  agent: AgentStatus | null;
  subscriptions: UefEventName[];
  engagements: Engagement[];
  lastError: string | null;
  lastResult: string | null;
}

export interface FusionSimulatorOptions {
  directory?: DirectoryEntry[];
  agentId?: string;
  /** How long a controllable event waits for the toolbar's answer. */
  eventTimeoutMs?: number;
}

export const DEFAULT_DIRECTORY: readonly DirectoryEntry[] = [
  { contactId: 'CDRM_1001', name: 'Lisa Jones', phone: '+1 650 555 0100' },
  { contactId: 'CDRM_1002', name: 'Ravi Patel', phone: '+1 650 555 0142' },
  { contactId: 'CDRM_1003', name: 'Marta Silva', phone: '+44 20 7946 0958' },
  { contactId: 'CDRM_1004', name: 'Kenji Watanabe', phone: '+81 3 5555 0199' },
];

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

/** Operations whose request must carry an eventId. */
const NEEDS_EVENT_ID = new Set(['newCommEvent', 'startCommEvent', 'closeCommEvent']);

class OperationError extends Error {}

export class FusionSimulator {
  readonly operations: OperationRecord[] = [];
  readonly events: EventRecord[] = [];
  readonly directory: readonly DirectoryEntry[];
  readonly agentId: string;

  private readonly port: Port;
  private readonly eventTimeoutMs: number;
  private readonly listeners = new Set<(state: SimulatorState) => void>();
  private readonly pending = new Map<string, { resolve: (outcome: CommandOutcome) => void; timer: ReturnType<typeof setTimeout> }>();
  /** Every eventId the toolbar announced with newCommEvent, open or not. */
  private readonly knownEventIds = new Set<string>();
  /** Every eventId closed with closeCommEvent: the toolbar must tell Fusion each call's story once. */
  private readonly closedEventIds = new Set<string>();
  private readonly subscriptions = new Set<UefEventName>();
  private engagements: Engagement[] = [];
  private connected = false;
  private appName?: string;
  private sessionId?: string;
  private phoneEnabled = false;
  private agent: AgentStatus | null = null;
  private lastError: string | null = null;
  private lastResult: string | null = null;
  private interactionCounter = 0;
  private agentCommandCounter = 0;

  constructor(port: Port, options: FusionSimulatorOptions = {}) {
    this.port = port;
    this.directory = options.directory ?? DEFAULT_DIRECTORY;
    this.agentId = options.agentId ?? 'LISA.AGENT';
    this.eventTimeoutMs = options.eventTimeoutMs ?? 10000;
    port.onMessage((message) => this.receive(message));
  }

  get state(): SimulatorState {
    return {
      connected: this.connected,
      appName: this.appName,
      phoneEnabled: this.phoneEnabled,
      agent: this.agent && { ...this.agent },
      subscriptions: [...this.subscriptions],
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
    const outcome = await this.sendEvent('onDataUpdated', { eventId, outData: { updateType: 'WRAPUP_CLOSED' } }, 'Close Wrap Up');
    return outcome;
  }

  agentCommand(command: AgentCommand): Promise<CommandOutcome> {
    const eventId = `agent-command-${++this.agentCommandCounter}`;
    return this.sendEvent('onToolbarAgentCommand', { eventId, command, inData: {} }, command);
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
    // Real UEF's raw data carries the call id as `uuid` too.
    const outcome = await this.sendEvent('onOutgoingEvent', { data: { ...outData, uuid: callId }, outData }, `Call ${number}`);
    return { ...outcome, callId };
  }

  // ---- events ---------------------------------------------------------------------------------------------------

  private interactionCommand(eventId: string, command: string, label: string): Promise<CommandOutcome> {
    const engagement = this.engagements.find((e) => e.eventId === eventId);
    return this.sendEvent('onToolbarInteractionCommand', { eventId, command, inData: { ...engagement?.outData } }, label);
  }

  private sendEvent<K extends UefEventName>(eventName: K, data: EventDataMap[K], label: string): Promise<CommandOutcome> {
    const record: EventRecord = { eventName, at: epochNow() };
    const d = data as { eventId?: string; command?: string };
    if (d.eventId !== undefined) record.eventId = d.eventId;
    if (d.command !== undefined) record.command = d.command;
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
        if (this.sessionId !== undefined && this.sessionId !== message.sessionId) this.subscriptions.clear(); // toolbar reloaded
        this.sessionId = message.sessionId;
        this.connected = true;
        this.appName = message.appName;
        this.port.send({ channel: CHANNEL, kind: 'welcome' });
        break;
      case 'subscribe':
        this.subscriptions.add(message.eventName);
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
    const record = this.record(message.operation, message.payload);
    let outData: McaData;
    try {
      outData = this.perform(message.operation, message.payload);
    } catch (error) {
      if (!(error instanceof OperationError)) throw error;
      record.ok = false;
      record.error = error.message;
      this.lastError = `${message.operation}: ${error.message}`;
      this.port.send({ channel: CHANNEL, kind: 'publishResult', requestId: message.requestId, ok: false, error: error.message });
      return;
    }
    // getData() echoes the request's scalar fields; the Fusion answer proper is in getOutData().
    const data: McaData = {};
    for (const [key, value] of Object.entries(message.payload)) if (key !== 'inData') data[key] = value as McaData[string];
    this.port.send({ channel: CHANNEL, kind: 'publishResult', requestId: message.requestId, ok: true, data, outData });
  }

  private record(operation: string, payload: PublishPayload): OperationRecord {
    const { configType: _configType, inData, ...fields } = payload;
    const record: OperationRecord = { seq: this.operations.length + 1, operation, at: epochNow(), ok: true };
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) (record as unknown as Record<string, unknown>)[key] = value;
    if (inData !== undefined) record.inData = { ...inData };
    this.operations.push(record);
    return record;
  }

  /** Applies one operation to the Fusion state and returns its outData; throws OperationError to refuse it. */
  private perform(operation: string, p: PublishPayload): McaData {
    if (NEEDS_EVENT_ID.has(operation) && !p.eventId) throw new OperationError(`eventId missing in the ${operation} request`);
    switch (operation) {
      case 'getConfigurationOperation':
        return { configType: p.configType ?? 'TOOLBAR', agentId: this.agentId, features: 'INBOUND_CALL,OUTBOUND_CALL' };
      case 'agentStateEventOperation':
        return this.agentState(p);
      case 'newCommEvent':
        return this.newComm(p.eventId as string, p.inData ?? {});
      case 'startCommEvent':
        return this.startComm(p.eventId as string, p.inData ?? {});
      case 'closeCommEvent':
        return this.closeComm(p.eventId as string, p.reason, p.inData ?? {});
      case 'outboundCommError':
        if (!p.commUuid) throw new OperationError('commUuid missing in the outboundCommError request');
        this.lastError = `Outbound call failed: ${p.errorCode ?? 'no error code'}${p.errorMsg ? ` (${p.errorMsg})` : ''}`;
        return {};
      default:
        throw new OperationError(`unknown operation "${operation}"`);
    }
  }

  private agentState(p: PublishPayload): McaData {
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
    return {};
  }

  private newComm(eventId: string, inData: McaData): McaData {
    const open = this.engagements.find((e) => e.eventId === eventId);
    if (open) throw new OperationError(`eventId ${eventId} already has an open engagement (${open.view})`);
    if (this.closedEventIds.has(eventId)) throw new OperationError(`newCommEvent for eventId ${eventId}, which was already closed`);
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
    this.engagements.push({
      eventId,
      number,
      contactName: contact?.name,
      contactId: contact?.contactId,
      interactionId,
      direction,
      view: direction === 'outbound' ? 'dialing' : 'incoming',
      outData,
    });
    return outData;
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
    engagement.view = 'engaged';
    return { ...inData, ...engagement.outData };
  }

  private closeComm(eventId: string, reason: string | undefined, inData: McaData): McaData {
    if (!reason) throw new OperationError('reason missing in the closeCommEvent request');
    const engagement = this.openEngagement('closeCommEvent', eventId);
    if (this.closedEventIds.has(eventId)) throw new OperationError(`a second closeCommEvent for eventId ${eventId}`);
    this.closedEventIds.add(eventId);
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
