import type { ICtiVendorHandler } from '../vendor/ICtiVendorHandler';
import {
  Engagement,
  EngagementState,
  VendorVerb,
  FusionEffect,
  VendorInput,
  commandPlan,
  vendorTransition,
} from './engagement';
import {
  AgentPresence,
  CallAction,
  CommandResult,
  CommandSource,
  EventId,
  FusionData,
  FusionPort,
  LinkStatus,
  OK,
  VendorEvent,
  failure,
} from './types';

export type LogLevel = 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

export interface EngagementView {
  readonly eventId: EventId;
  readonly direction: Engagement['direction'];
  readonly phoneNumber: string;
  readonly contactName?: string;
  readonly state: EngagementState;
  readonly stateSince: number;
}

/** What the toolbar UI shows; rebuilt after every change. */
export interface ToolbarSnapshot {
  readonly vendorName: string | null;
  readonly link: LinkStatus;
  readonly presence: AgentPresence;
  /** The vendor can place calls and is connected. */
  readonly canDial: boolean;
  readonly engagements: readonly EngagementView[];
  /** The last thing that failed, in words an agent understands. */
  readonly lastError: string | null;
}

export interface IntegrationEventsHandlerOptions {
  readonly vendor: ICtiVendorHandler | null;
  readonly fusion: FusionPort;
  readonly now?: () => number;
  readonly newEventId?: () => EventId;
  readonly log?: Logger;
  /** How many ended calls to remember so that their late or repeated reports are absorbed. */
  readonly closedMemory?: number;
}

const NO_VENDOR_PRESENCE: AgentPresence = {
  loggedIn: true,
  available: false,
  stateCode: 'UNAVAILABLE',
  displayName: 'No telephony vendor configured',
};

const CONNECTING_PRESENCE: AgentPresence = {
  loggedIn: true,
  available: false,
  stateCode: 'UNAVAILABLE',
  displayName: 'Connecting to the phone system',
};

const PHONE_NUMBER = /^\+?[0-9][0-9 ().\-*#]{0,31}$/;

function defaultEventId(): EventId {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `toolbar-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function defaultLog(level: LogLevel, message: string): void {
  console[level](`[toolbar] ${message}`);
}

function contactNameOf(data: FusionData): string | undefined {
  const name = data.SVCMCA_CONTACT_NAME ?? data.SVCMCA_DISPLAY_NAME;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}

function samePresence(a: AgentPresence | null, b: AgentPresence): boolean {
  return (
    a !== null &&
    a.loggedIn === b.loggedIn &&
    a.available === b.available &&
    a.stateCode === b.stateCode &&
    a.displayName === b.displayName &&
    a.reasonCode === b.reasonCode
  );
}

/**
 * The mediator between the telephony vendor and Fusion. It keeps one engagement per call and makes sure Fusion
 * hears exactly one story per call (one newCommEvent, at most one startCommEvent, one closeCommEvent, in order),
 * whoever reports or asks for what: Fusion's UI, the toolbar's buttons, or the vendor's own side.
 */
export class IntegrationEventsHandler {
  private readonly vendor: ICtiVendorHandler | null;
  private readonly fusion: FusionPort;
  private readonly now: () => number;
  private readonly newEventId: () => EventId;
  private readonly log: Logger;
  private readonly closedMemory: number;

  private readonly engagements = new Map<EventId, Engagement>();
  /** Fusion publishes of each engagement, chained so they reach Fusion in order. */
  private readonly fusionQueues = new Map<EventId, Promise<void>>();
  /** Vendor requests in flight, so that the same action from two sources reaches the vendor once. */
  private readonly inFlight = new Map<string, Promise<CommandResult>>();
  /** Ended calls, remembered (up to closedMemory, oldest dropped first) to absorb late reports. */
  private readonly closed = new Set<EventId>();

  private presence: AgentPresence;
  private publishedPresence: AgentPresence | null = null;
  private link: LinkStatus;
  private lastError: string | null = null;
  private readonly listeners = new Set<(snapshot: ToolbarSnapshot) => void>();

  constructor(options: IntegrationEventsHandlerOptions) {
    this.vendor = options.vendor;
    this.fusion = options.fusion;
    this.now = options.now ?? Date.now;
    this.newEventId = options.newEventId ?? defaultEventId;
    this.log = options.log ?? defaultLog;
    this.closedMemory = options.closedMemory ?? 500;
    this.presence = this.vendor ? CONNECTING_PRESENCE : NO_VENDOR_PRESENCE;
    this.link = this.vendor ? 'connecting' : 'down';
  }

  /** Publishes the initial agent state, which enables Fusion's phone icon, then connects the vendor. */
  async start(): Promise<void> {
    await this.announcePresence();
    await this.connectVendor();
  }

  /** Publishes the agent state Fusion has not seen yet. */
  announcePresence(): Promise<void> {
    return this.publishPresence();
  }

  /** Connects the vendor and starts taking its reports. */
  async connectVendor(): Promise<void> {
    if (!this.vendor) return;
    try {
      await this.vendor.start((event) => this.handleVendorEvent(event));
    } catch (err) {
      this.link = 'down';
      this.fail(`Could not connect to ${this.vendor.displayName}: ${messageOf(err)}`);
    }
  }

  // ---- What the vendor reports -------------------------------------------------------------------------------

  handleVendorEvent(event: VendorEvent): void {
    const problem = vendorEventProblem(event);
    if (problem) {
      this.fail(`The phone system sent a report the toolbar cannot use (${problem}); ignored.`);
      return;
    }
    switch (event.type) {
      case 'incoming':
        this.openEngagement(event.eventId, 'inbound', event.phoneNumber, {});
        break;
      case 'dialing':
        this.openEngagement(event.eventId, 'outbound', event.phoneNumber, {});
        break;
      case 'connected':
        this.applyVendorInput(event.eventId, { kind: 'connected' });
        break;
      case 'ended':
        this.applyVendorInput(event.eventId, { kind: 'ended', phase: event.phase, endedBy: event.endedBy });
        break;
      case 'outboundFailed':
        this.lastError = `The call could not be placed: ${event.message}`;
        this.applyVendorInput(event.eventId, { kind: 'outboundFailed' }, event);
        break;
      case 'agentState':
        this.presence = event.presence;
        void this.publishPresence();
        break;
      case 'link':
        this.link = event.status;
        if (event.status === 'down' && event.detail) this.lastError = event.detail;
        break;
      case 'error':
        this.fail(event.message);
        return;
    }
    this.changed();
  }

  private openEngagement(eventId: EventId, direction: Engagement['direction'], phoneNumber: string, fusionData: FusionData): boolean {
    if (this.engagements.has(eventId) || this.closed.has(eventId)) {
      this.log('info', `Call ${eventId} is already known; repeated report absorbed.`);
      return false;
    }
    const engagement: Engagement = {
      eventId,
      direction,
      phoneNumber,
      state: direction === 'inbound' ? 'ringing' : 'dialing',
      stateSince: this.now(),
      fusionData,
    };
    this.engagements.set(eventId, engagement);
    this.enqueue(engagement, async () => {
      const outData = await this.fusion.newCommEvent({ eventId, direction, phoneNumber, inData: engagement.fusionData });
      engagement.fusionData = { ...engagement.fusionData, ...outData };
      this.changed();
    }, 'newCommEvent');
    return true;
  }

  private applyVendorInput(eventId: EventId, input: VendorInput, failed?: Extract<VendorEvent, { type: 'outboundFailed' }>): void {
    const engagement = this.engagements.get(eventId);
    if (!engagement) {
      const known = this.closed.has(eventId) ? 'already closed' : 'unknown';
      this.log('info', `Vendor reported ${input.kind} for ${known} call ${eventId}; absorbed.`);
      return;
    }
    const transition = vendorTransition(engagement.state, engagement.direction, input);
    if (transition.kind === 'absorb') {
      this.log('info', `Vendor reported ${input.kind} for call ${eventId} (${engagement.state}): ${transition.why}; absorbed.`);
      return;
    }
    engagement.state = transition.to;
    engagement.stateSince = this.now();
    engagement.requested = undefined;
    for (const effect of transition.effects) this.publishEffect(engagement, effect, failed);
    if (transition.to === 'ended') this.forget(engagement);
  }

  private publishEffect(engagement: Engagement, effect: FusionEffect, failed?: Extract<VendorEvent, { type: 'outboundFailed' }>): void {
    const { eventId, direction } = engagement;
    switch (effect.kind) {
      case 'startComm':
        this.enqueue(engagement, () => this.fusion.startCommEvent({ eventId, direction, inData: engagement.fusionData }), 'startCommEvent');
        break;
      case 'closeComm':
        this.enqueue(
          engagement,
          () => this.fusion.closeCommEvent({ eventId, direction, reason: effect.reason, inData: engagement.fusionData }),
          'closeCommEvent',
        );
        break;
      case 'outboundError':
        this.enqueue(
          engagement,
          () =>
            this.fusion.outboundCommError({
              eventId,
              errorCode: failed?.errorCode ?? 'OUTDIAL_FAILED',
              message: failed?.message ?? 'The call could not be placed.',
            }),
          'outboundCommError',
        );
        break;
    }
  }

  /** Runs a Fusion publish after the engagement's earlier ones; a failure is reported and the chain goes on. */
  private enqueue(engagement: Engagement, publish: () => Promise<void>, what: string): void {
    const previous = this.fusionQueues.get(engagement.eventId) ?? Promise.resolve();
    const next = previous.then(publish).catch((err: unknown) => {
      this.fail(`Fusion did not take ${what} for call ${engagement.phoneNumber}: ${messageOf(err)}`);
    });
    this.fusionQueues.set(engagement.eventId, next);
    void next.then(() => {
      // An idle chain has nothing left to order: drop it, so that finished calls hold nothing.
      if (this.fusionQueues.get(engagement.eventId) === next) this.fusionQueues.delete(engagement.eventId);
    });
  }

  private forget(engagement: Engagement): void {
    this.engagements.delete(engagement.eventId);
    this.closed.add(engagement.eventId);
    // A Set iterates in insertion order: the first id is the oldest.
    if (this.closed.size > this.closedMemory) this.closed.delete(this.closed.values().next().value as EventId);
  }

  // ---- What the agent asks for (from Fusion or from the toolbar) -----------------------------------------------

  async callAction(eventId: EventId, action: CallAction, source: CommandSource): Promise<CommandResult> {
    const engagement = this.engagements.get(eventId);
    const state = engagement?.state ?? (this.closed.has(eventId) ? 'ended' : undefined);
    if (!state) return this.refuse('UNKNOWN_ENGAGEMENT', `There is no call ${eventId}.`);
    const plan = commandPlan(state, action);
    switch (plan.kind) {
      case 'done':
        this.log('info', `${action} from ${source} for call ${eventId} (${state}): already done.`);
        return OK;
      case 'invalid':
        return this.refuse('INVALID_IN_STATE', plan.message);
      case 'vendor':
        // Only a call still in the map can need the vendor: ended calls plan 'done' or 'invalid'.
        return engagement ? this.requestFromVendor(engagement, plan.verb, action, source) : this.refuse('UNKNOWN_ENGAGEMENT', `There is no call ${eventId}.`);
    }
  }

  /**
   * Sends a call request to the vendor once: until the vendor reports its outcome, the same request from another
   * source is absorbed and a conflicting one (answer while declining) is refused.
   */
  private async requestFromVendor(engagement: Engagement, verb: VendorVerb, action: CallAction, source: CommandSource): Promise<CommandResult> {
    const vendor = this.vendor;
    if (!vendor) return this.refuse('NO_VENDOR', 'No telephony vendor is configured.');
    const { eventId } = engagement;
    if (engagement.requested === verb && !this.inFlight.has(`${verb}:${eventId}`)) {
      this.log('info', `${action} from ${source} for call ${eventId}: already sent to the vendor.`);
      return OK;
    }
    if (engagement.requested && engagement.requested !== verb) {
      return this.refuse('INVALID_IN_STATE', `The call is busy: ${describeVerb(engagement.requested)} is under way.`);
    }
    engagement.requested = verb;
    const result = await this.once(`${verb}:${eventId}`, () => vendor[verb](eventId), describeAction(action));
    if (!result.ok && engagement.requested === verb) engagement.requested = undefined;
    return result;
  }

  /** Fusion closed the Wrap Up window: the call is over for good. */
  wrapupClosed(eventId: EventId): CommandResult {
    const engagement = this.engagements.get(eventId);
    if (!engagement || engagement.state !== 'wrapup') {
      this.log('info', `Wrap-up closed for call ${eventId}, which is not in wrap-up; nothing to do.`);
      return OK;
    }
    engagement.state = 'ended';
    engagement.stateSince = this.now();
    this.forget(engagement);
    this.changed();
    if (this.vendor?.capabilities.afterCallWork) {
      const vendor = this.vendor;
      void this.once(`completeWrapup:${eventId}`, () => vendor.completeWrapup(eventId), 'finish after-call work');
    }
    return OK;
  }

  async setAvailability(available: boolean, source: CommandSource): Promise<CommandResult> {
    const vendor = this.vendor;
    if (!vendor) return this.refuse('NO_VENDOR', 'No telephony vendor is configured.');
    this.log('info', `make ${available ? 'available' : 'unavailable'} from ${source}`);
    return available
      ? this.once('availability:on', () => vendor.makeAgentAvailable(), 'make you available')
      : this.once('availability:off', () => vendor.makeAgentUnavailable(), 'make you unavailable');
  }

  /**
   * Places an outbound call. From Fusion's click-to-dial the eventId and payload come from onOutgoingEvent;
   * from the toolbar a new eventId is made.
   */
  async dial(phoneNumber: string, origin: { eventId?: EventId; fusionData?: FusionData } = {}): Promise<CommandResult> {
    const number = phoneNumber.trim();
    if (!PHONE_NUMBER.test(number)) return this.refuse('BAD_INPUT', `"${phoneNumber}" is not a phone number.`);
    const vendor = this.vendor;
    if (!vendor) return this.refuse('NO_VENDOR', 'No telephony vendor is configured.');
    if (!vendor.capabilities.outboundCalls) return this.refuse('NOT_SUPPORTED', `${vendor.displayName} cannot place calls from the toolbar.`);
    const eventId = origin.eventId ?? this.newEventId();
    if (!this.openEngagement(eventId, 'outbound', number, origin.fusionData ?? {})) return OK;
    this.changed();
    try {
      await vendor.makeOutboundCall(number, eventId);
      return OK;
    } catch (err) {
      const message = messageOf(err);
      this.handleVendorEvent({ type: 'outboundFailed', eventId, errorCode: 'OUTDIAL_FAILED', message });
      return failure('VENDOR_ERROR', `The call could not be placed: ${message}`);
    }
  }

  // ---- What Fusion may ask about ----------------------------------------------------------------------------

  currentPresence(): AgentPresence {
    return this.presence;
  }

  activeEngagementIds(): EventId[] {
    // Ended calls leave the map at once: every engagement in it is still open in Fusion (wrap-up included).
    return [...this.engagements.keys()];
  }

  snapshot(): ToolbarSnapshot {
    return {
      vendorName: this.vendor?.displayName ?? null,
      link: this.link,
      presence: this.presence,
      canDial: !!this.vendor?.capabilities.outboundCalls && this.link === 'connected',
      lastError: this.lastError,
      engagements: [...this.engagements.values()].map((e) => ({
        eventId: e.eventId,
        direction: e.direction,
        phoneNumber: e.phoneNumber,
        contactName: contactNameOf(e.fusionData),
        state: e.state,
        stateSince: e.stateSince,
      })),
    };
  }

  subscribe(listener: (snapshot: ToolbarSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  /** Reports a failure the agent should read (also used by the UI and FusionHandler for their own errors). */
  fail(message: string): void {
    this.log('error', message);
    this.lastError = message;
    this.changed();
  }

  clearError(): void {
    if (this.lastError === null) return;
    this.lastError = null;
    this.changed();
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private async publishPresence(): Promise<void> {
    const presence = this.presence;
    if (samePresence(this.publishedPresence, presence)) return;
    this.publishedPresence = presence;
    try {
      await this.fusion.agentStateEvent(presence);
    } catch (err) {
      this.publishedPresence = null;
      this.fail(`Fusion did not take the agent state "${presence.displayName}": ${messageOf(err)}`);
    }
  }

  /** Runs a vendor request once even if asked for again while it is in flight; failures become results. */
  private once(key: string, request: () => Promise<void>, what: string): Promise<CommandResult> {
    const running = this.inFlight.get(key);
    if (running) return running;
    // Promise.resolve().then: a handler that throws instead of rejecting still yields a result.
    const result = Promise.resolve().then(request).then(
      (): CommandResult => OK,
      (err: unknown): CommandResult => this.refuse('VENDOR_ERROR', `Could not ${what}: ${messageOf(err)}`),
    );
    this.inFlight.set(key, result);
    void result.then(() => this.inFlight.delete(key));
    return result;
  }

  /** A failed result that the agent also reads in the toolbar. */
  refuse(code: Exclude<CommandResult, { ok: true }>['code'], message: string): CommandResult {
    this.fail(message);
    return failure(code, message);
  }

  private changed(): void {
    if (this.listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (err) {
        this.log('error', `A toolbar view failed to update: ${messageOf(err)}`);
      }
    }
  }
}

const PHASES: readonly string[] = ['ringing', 'connected'];
const ENDED_BY: readonly string[] = ['agent', 'customer', 'system'];
const LINK_STATES: readonly string[] = ['connecting', 'connected', 'reconnecting', 'down'];

/**
 * Handlers are typed, but their reports are built from what a vendor sent over the wire: check the fields the
 * core relies on, and name the first that is wrong.
 */
function vendorEventProblem(event: VendorEvent): string | null {
  const e = event as unknown as Record<string, unknown>;
  const text = (key: string) => typeof e[key] === 'string' && (e[key] as string).trim() !== '';
  switch (event.type) {
    case 'incoming':
    case 'dialing':
      if (!text('eventId')) return `${event.type} without a call id`;
      return text('phoneNumber') ? null : `${event.type} for call ${event.eventId} without a phone number`;
    case 'connected':
    case 'outboundFailed':
      return text('eventId') ? null : `${event.type} without a call id`;
    case 'ended':
      if (!text('eventId')) return 'ended without a call id';
      if (!PHASES.includes(event.phase)) return `ended with phase "${String(event.phase)}"`;
      return ENDED_BY.includes(event.endedBy) ? null : `ended by "${String(event.endedBy)}"`;
    case 'agentState': {
      const p = event.presence as unknown as Record<string, unknown> | undefined;
      const ok = !!p && typeof p.available === 'boolean' && typeof p.loggedIn === 'boolean' && typeof p.stateCode === 'string' && typeof p.displayName === 'string';
      return ok ? null : 'agentState without a complete presence';
    }
    case 'link':
      return LINK_STATES.includes(event.status) ? null : `link status "${String(event.status)}"`;
    case 'error':
      return text('message') ? null : 'error without a message';
    default:
      return `unknown report type "${String(e.type)}"`;
  }
}

function describeVerb(verb: VendorVerb): string {
  switch (verb) {
    case 'acceptCall':
      return 'answering';
    case 'rejectCall':
      return 'declining';
    case 'hangupCall':
      return 'hanging up';
  }
}

function describeAction(action: CallAction): string {
  switch (action) {
    case 'accept':
      return 'answer the call';
    case 'reject':
      return 'decline the call';
    case 'hangup':
      return 'hang up';
  }
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return 'unknown error';
}
