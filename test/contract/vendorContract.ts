import { OUTBOUND_ERROR_CODES, VENDOR_ERROR_CODES, VendorError, type VendorErrorCode } from '../../src/ts/cti/core/errors';
import type {
  AgentPresence,
  CallPhase,
  DirectoryEntry,
  EndedBy,
  EventId,
  ThirdParty,
  ThirdPartyGone,
  TransferDestination,
  VendorEvent,
  VendorEventListener,
} from '../../src/ts/cti/core/types';
import type { ContractFeatures, VendorDriver, VendorDriverFactory } from './vendorDriver';

/**
 * The vendor contract suite: the definition of "a vendor handler works" (DESIGN.md, "The vendor contract").
 *
 * Each check is an exported async function of a driver that throws an Error on a violation. describeVendorContract()
 * runs them as jest tests for one vendor; suiteCanFail.test.ts runs some of them against deliberately broken
 * handlers to show they do fail. The checks never use jest's expect, so a violation is always the rejection of the
 * check itself, never an assertion swallowed inside a callback.
 *
 * A check waits for what the handler must report (waitFor, bounded by eventTimeoutMs) and asserts the exact
 * normalized events of each call at the end (expectStory). The only fixed wait is quietWindowMs, when a check must
 * show that something did *not* get reported: absence cannot be awaited.
 */

export interface ContractTiming {
  /** How long to wait for an event the handler must report. */
  readonly eventTimeoutMs: number;
  /** How long to watch for events that must not come (stray reports, reports after stop). */
  readonly quietWindowMs: number;
}

export const DEFAULT_TIMING: ContractTiming = { eventTimeoutMs: 2000, quietWindowMs: 50 };

export type ContractCheck = (driver: VendorDriver, timing?: ContractTiming) => Promise<void>;

const CUSTOMER = '+16505550100';
const SECOND_CUSTOMER = '+442071234567';
const CALLEE = '+33142685300';

// ---- Describing events ---------------------------------------------------------------------------------------

type EventOfType<T extends VendorEvent['type']> = Extract<VendorEvent, { type: T }>;
type CallEventType = 'incoming' | 'dialing' | 'connected' | 'ended' | 'outboundFailed' | 'held' | 'resumed' | 'muted' | 'unmuted' | 'transferred';

function eventIdIn(event: VendorEvent): EventId | undefined {
  return 'eventId' in event ? event.eventId : undefined;
}

function ofType<T extends VendorEvent['type']>(type: T, eventId?: EventId): (event: VendorEvent) => event is EventOfType<T> {
  return (event): event is EventOfType<T> => event.type === type && (eventId === undefined || eventIdIn(event) === eventId);
}

/** A value written the way the brief and the reader write events: ended {eventId:'c1', phase:'ringing', …}. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || typeof value !== 'object') return String(value);
  const fields = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}:${formatValue(v)}`);
  return `{${fields.join(', ')}}`;
}

export function formatEvent(event: VendorEvent): string {
  const { type, ...rest } = event;
  return `${type} ${formatValue(rest)}`;
}

function formatList(events: readonly VendorEvent[]): string {
  return events.length === 0 ? '(nothing)' : events.map((e, i) => `\n  ${i + 1}. ${formatEvent(e)}`).join('');
}

/** The same event whatever the order of its fields, and with undefined fields ignored. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const fields = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
  return `{${fields.join(',')}}`;
}

function sameEvents(a: readonly VendorEvent[], b: readonly VendorEvent[]): boolean {
  return a.length === b.length && a.every((event, i) => canonical(event) === canonical(b[i]));
}

const incoming = (eventId: EventId, phoneNumber: string): VendorEvent => ({ type: 'incoming', eventId, phoneNumber });
const dialing = (eventId: EventId, phoneNumber: string): VendorEvent => ({ type: 'dialing', eventId, phoneNumber });
const connected = (eventId: EventId): VendorEvent => ({ type: 'connected', eventId });
const ended = (eventId: EventId, phase: CallPhase, endedBy: EndedBy): VendorEvent => ({ type: 'ended', eventId, phase, endedBy });
const held = (eventId: EventId): VendorEvent => ({ type: 'held', eventId });
const resumed = (eventId: EventId): VendorEvent => ({ type: 'resumed', eventId });
const muted = (eventId: EventId): VendorEvent => ({ type: 'muted', eventId });
const unmuted = (eventId: EventId): VendorEvent => ({ type: 'unmuted', eventId });
const thirdParty = (eventId: EventId, destination: string, state: ThirdParty['state']): VendorEvent => ({ type: 'thirdParty', eventId, party: { destination, state } });
const thirdPartyGone = (eventId: EventId, gone: ThirdPartyGone): VendorEvent => ({ type: 'thirdParty', eventId, party: null, gone });
const transferred = (eventId: EventId, destination: string): VendorEvent => ({ type: 'transferred', eventId, destination });

/**
 * Reports of one step of a call that a vendor may make in any order: the customer's hold and the consult's leg are
 * two facts of one request, and a vendor may learn of them either way round (the core keeps each as it comes).
 */
class AnyOrder {
  constructor(readonly events: readonly VendorEvent[]) {}
}
const inAnyOrder = (...events: VendorEvent[]): AnyOrder => new AnyOrder(events);
type StoryStep = VendorEvent | AnyOrder;

function formatStory(steps: readonly StoryStep[]): string {
  if (steps.length === 0) return '(nothing)';
  let count = 0;
  return steps
    .map((step) => {
      if (!(step instanceof AnyOrder)) return `\n  ${++count}. ${formatEvent(step)}`;
      const first = count + 1;
      count += step.events.length;
      return `\n  ${first}-${count}. in any order: ${step.events.map(formatEvent).join('; ')}`;
    })
    .join('');
}

/** Whether the events are the story: each step in turn, the events of an AnyOrder step in whatever order. */
function tellsStory(actual: readonly VendorEvent[], steps: readonly StoryStep[]): boolean {
  let at = 0;
  for (const step of steps) {
    const expected = step instanceof AnyOrder ? step.events : [step];
    const sorted = (events: readonly VendorEvent[]) => events.map(canonical).sort().join('\n');
    if (sorted(actual.slice(at, at + expected.length)) !== sorted(expected)) return false;
    at += expected.length;
  }
  return at === actual.length;
}

// ---- Recording what the handler reports ------------------------------------------------------------------------

/** Every event the handler reported, in order, and a way to wait for one (the vendors' own handler tests use it too). */
export class ReportedEvents {
  readonly events: VendorEvent[] = [];
  private readonly waiters = new Set<() => void>();

  /** The listener given to handler.start(): it only records, so nothing thrown here can be lost. */
  readonly listener: VendorEventListener = (event) => {
    this.events.push(event);
    for (const wake of [...this.waiters]) wake();
  };

  /** A position in the record, to look only at what comes later. */
  mark(): number {
    return this.events.length;
  }

  since(mark: number): VendorEvent[] {
    return this.events.slice(mark);
  }

  ofCall(eventId: EventId): VendorEvent[] {
    return this.events.filter((event) => eventIdIn(event) === eventId);
  }

  latestPresence(): AgentPresence | undefined {
    return this.events.filter(ofType('agentState')).pop()?.presence;
  }

  /**
   * Resolves the first event since `mark` that matches; rejects after timeoutMs with what did arrive, so that a
   * failure says what the handler reported instead of what it did not.
   */
  waitFor<E extends VendorEvent>(what: string, matches: (event: VendorEvent) => event is E, mark?: number, timeoutMs?: number): Promise<E>;
  waitFor(what: string, matches: (event: VendorEvent) => boolean, mark?: number, timeoutMs?: number): Promise<VendorEvent>;
  waitFor(what: string, matches: (event: VendorEvent) => boolean, mark = 0, timeoutMs = 3000): Promise<VendorEvent> {
    return new Promise<VendorEvent>((resolve, reject) => {
      const look = (): void => {
        const found = this.events.slice(mark).find(matches);
        if (found === undefined) return;
        finish();
        resolve(found);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`Waited ${timeoutMs} ms for ${what}; the handler reported:${formatList(this.events)}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(look);
      };
      this.waiters.add(look);
      look();
    });
  }
}

// ---- A running handler under check -----------------------------------------------------------------------------

class Session {
  readonly events = new ReportedEvents();

  constructor(
    readonly driver: VendorDriver,
    readonly timing: ContractTiming,
  ) {}

  get handler(): VendorDriver['handler'] {
    return this.driver.handler;
  }

  waitFor<E extends VendorEvent>(what: string, matches: (event: VendorEvent) => event is E, mark = 0): Promise<E> {
    return this.events.waitFor(what, matches, mark, this.timing.eventTimeoutMs);
  }

  waitForCall<T extends CallEventType>(eventId: EventId, type: T, mark = 0): Promise<EventOfType<T>> {
    return this.waitFor(`${type} of call ${eventId}`, ofType(type, eventId), mark);
  }

  /** Asks for a call control and waits for the report it must cause (only the report counts: see ICtiVendorHandler). */
  async control(verb: 'holdCall' | 'resumeCall' | 'muteCall' | 'unmuteCall', eventId: EventId, report: 'held' | 'resumed' | 'muted' | 'unmuted'): Promise<void> {
    const mark = this.events.mark();
    await requested(`${verb}('${eventId}')`, () => this.handler[verb](eventId));
    await this.waitForCall(eventId, report, mark);
  }

  /** Polls the vendor side until `probe` gives `expected`: what the vendor did may show there a moment after it accepted. */
  async vendorSideShows<T>(what: string, probe: () => Promise<T>, expected: T): Promise<void> {
    const deadline = Date.now() + this.timing.eventTimeoutMs;
    const shows = (seen: T): boolean => canonical(seen) === canonical(expected);
    let seen = await probe();
    while (!shows(seen) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await probe();
    }
    if (!shows(seen)) throw new Error(`The vendor side should show ${what} ${formatValue(expected)}, but shows ${formatValue(seen)}.`);
  }

  /** Waits for a thirdParty report of the call: the party in the given state, or gone (null). */
  waitForThirdParty(eventId: EventId, state: ThirdParty['state'] | null, mark = 0): Promise<EventOfType<'thirdParty'>> {
    return this.waitFor(
      state === null ? `thirdParty {party:null} of call ${eventId}` : `thirdParty in state '${state}' of call ${eventId}`,
      (event): event is EventOfType<'thirdParty'> =>
        event.type === 'thirdParty' && event.eventId === eventId && (state === null ? event.party === null : event.party?.state === state),
      mark,
    );
  }

  /** A call verb the check expects the handler to take. */
  ask(verb: 'acceptCall' | 'rejectCall' | 'hangupCall' | 'completeWrapup', eventId: EventId): Promise<void> {
    return requested(`${verb}('${eventId}')`, () => this.handler[verb](eventId));
  }

  /** Waits out the quiet window, then fails if the handler reported anything since `mark`. */
  async expectNothingSince(mark: number, after: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.timing.quietWindowMs));
    const stray = this.events.since(mark);
    if (stray.length > 0) throw new Error(`After ${after}, the handler must report nothing, but it reported:${formatList(stray)}`);
  }

  /**
   * The exact events of one call, in order. Called once the call's last expected event has arrived; the quiet window
   * catches anything reported after it (a second 'ended', a late 'connected').
   */
  async expectStory(eventId: EventId, expected: readonly StoryStep[]): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.timing.quietWindowMs));
    const actual = this.events.ofCall(eventId);
    if (!tellsStory(actual, expected)) {
      throw new Error(`Call ${eventId} should have been reported as:${formatStory(expected)}\nbut the handler reported:${formatList(actual)}`);
    }
  }
}

/** Starts the handler and waits until it reports its link connected. */
async function startedSession(driver: VendorDriver, timing: ContractTiming): Promise<Session> {
  const session = new Session(driver, timing);
  await requested('start()', () => driver.handler.start(session.events.listener));
  await session.waitFor("link 'connected'", (event): event is EventOfType<'link'> => event.type === 'link' && event.status === 'connected');
  return session;
}

/** A started handler whose agent is available, as vendors offer calls only to an available agent. */
async function readySession(driver: VendorDriver, timing: ContractTiming): Promise<Session> {
  const session = await startedSession(driver, timing);
  await session.waitFor('the initial agentState', ofType('agentState'));
  if (!session.events.latestPresence()?.available) await changeAvailability(session, true);
  return session;
}

/** Asks for the agent's availability, waits for its report, and checks the vendor side agrees. */
async function changeAvailability(session: Session, available: boolean): Promise<void> {
  const mark = session.events.mark();
  if (available) await requested('makeAgentAvailable()', () => session.handler.makeAgentAvailable());
  else await requested('makeAgentUnavailable()', () => session.handler.makeAgentUnavailable());
  await session.waitFor(
    `agentState with available ${available}`,
    (event): event is EventOfType<'agentState'> => event.type === 'agentState' && event.presence.available === available,
    mark,
  );
  const vendorSays = await session.driver.agentState();
  const expected = available ? 'available' : 'unavailable';
  if (vendorSays !== expected) {
    throw new Error(`After ${available ? 'makeAgentAvailable' : 'makeAgentUnavailable'} the handler reported the agent ${expected}, but the vendor says "${vendorSays}".`);
  }
}

/** A customer calls; checks the handler reports the call ringing under the driver's eventId, with the caller's number. */
async function ringingCall(session: Session, phoneNumber: string): Promise<EventId> {
  const eventId = await session.driver.customerCalls(phoneNumber);
  const reported = await session.waitForCall(eventId, 'incoming');
  if (!sameEvents([reported], [incoming(eventId, phoneNumber)])) {
    throw new Error(`A call from ${phoneNumber} should be reported as ${formatEvent(incoming(eventId, phoneNumber))}, not ${formatEvent(reported)}.`);
  }
  return eventId;
}

/** A customer calls and the agent answers from the toolbar. */
async function answeredCall(session: Session, phoneNumber: string): Promise<EventId> {
  const eventId = await ringingCall(session, phoneNumber);
  await session.ask('acceptCall', eventId);
  await session.waitForCall(eventId, 'connected');
  return eventId;
}

/** The toolbar places a call under an eventId the vendor has never seen, as Fusion's click-to-dial does. */
async function placedCall(session: Session, phoneNumber: string): Promise<EventId> {
  const eventId = `toolbar-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  await requested(`makeOutboundCall('${phoneNumber}', '${eventId}')`, () => session.handler.makeOutboundCall(phoneNumber, eventId));
  await session.waitForCall(eventId, 'dialing');
  return eventId;
}

/** An optional driver method the declared features promise; a clear failure if the driver lacks it. */
function required<
  M extends
    | 'ringTimesOut'
    | 'calleeAnswers'
    | 'calleeRefuses'
    | 'phoneHolds'
    | 'phoneResumes'
    | 'callHeld'
    | 'callMuted'
    | 'digitsReceived'
    | 'targetCall'
    | 'targetAnswers'
    | 'targetRefuses'
    | 'targetHangsUp'
    | 'callTransferredIn'
    | 'agentHasCalls',
>(
  driver: VendorDriver,
  method: M,
): NonNullable<VendorDriver[M]> {
  const fn = driver[method];
  if (!fn) throw new Error(`The driver has no ${method}(), which this check needs.`);
  return fn.bind(driver) as NonNullable<VendorDriver[M]>;
}

// ---- The checks: always applicable -----------------------------------------------------------------------------

export const startReportsLinkAndAgentState: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await startedSession(driver, timing);
  await session.waitFor('an agentState', ofType('agentState'));
  const reported = session.events.latestPresence();
  const vendorSays = await driver.agentState();
  if (reported?.available !== (vendorSays === 'available')) {
    throw new Error(`The handler reported ${formatValue(reported)}, but the vendor says the agent is "${vendorSays}".`);
  }
};

export const agentAvailabilityFollowsRequests: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await startedSession(driver, timing);
  await session.waitFor('the initial agentState', ofType('agentState'));
  // Away from the initial state and back, so that both verbs must change something whatever the agent started in.
  const startedAvailable = session.events.latestPresence()?.available ?? false;
  await changeAvailability(session, !startedAvailable);
  await changeAvailability(session, startedAvailable);
};

export const inboundAnsweredThenHungUpByAgent: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), connected(eventId), ended(eventId, 'connected', 'agent')]);
};

export const agentRejectsRingingCall: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await ringingCall(session, CUSTOMER);
  await session.ask('rejectCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), ended(eventId, 'ringing', 'agent')]);
};

export const customerAbandonsRingingCall: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await ringingCall(session, CUSTOMER);
  await driver.customerHangsUp(eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), ended(eventId, 'ringing', 'customer')]);
};

export const customerHangsUpAnsweredCall: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await driver.customerHangsUp(eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), connected(eventId), ended(eventId, 'connected', 'customer')]);
};

/** Events, not request replies, are the truth: an answer on the phone reaches the core with no toolbar request. */
export const phoneAnswersThenHangsUp: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await ringingCall(session, CUSTOMER);
  await driver.phoneAnswers(eventId);
  await session.waitForCall(eventId, 'connected');
  await driver.phoneHangsUp(eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), connected(eventId), ended(eventId, 'connected', 'agent')]);
};

export const phoneDeclinesRingingCall: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await ringingCall(session, CUSTOMER);
  await driver.phoneHangsUp(eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), ended(eventId, 'ringing', 'agent')]);
};

/** The core keys everything by eventId: a handler with a single "current call" mixes up the second one. */
export const twoCallsKeepTheirOwnEventIds: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const first = await ringingCall(session, CUSTOMER);
  const second = await ringingCall(session, SECOND_CUSTOMER);
  if (first === second) throw new Error(`Two calls at once were both given eventId ${first}.`);

  await session.ask('acceptCall', first);
  await session.waitForCall(first, 'connected');
  await session.ask('rejectCall', second);
  await session.waitForCall(second, 'ended');
  await session.ask('hangupCall', first);
  await session.waitForCall(first, 'ended');

  await session.expectStory(first, [incoming(first, CUSTOMER), connected(first), ended(first, 'connected', 'agent')]);
  await session.expectStory(second, [incoming(second, SECOND_CUSTOMER), ended(second, 'ringing', 'agent')]);
};

/**
 * A verb naming a call the vendor does not have must fail in words an agent can read, and touch nothing: with a
 * real call ringing, so that a handler that acts on "the current call" whatever the eventId is caught. "This call is
 * gone" must be told apart from "try again": the call verbs reject with a VendorError whose code is NOT_FOUND.
 */
export const verbsOnUnknownCallRejectReadably: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const ringing = await ringingCall(session, CUSTOMER);
  const unknown = 'no-such-call-0000';
  const handler = session.handler;
  const verbs: Array<[string, () => Promise<void>, (outcome: Outcome) => string | null]> = [
    ['acceptCall', () => handler.acceptCall(unknown), (outcome) => notVendorError(outcome, 'NOT_FOUND')],
    ['rejectCall', () => handler.rejectCall(unknown), (outcome) => notVendorError(outcome, 'NOT_FOUND')],
    ['hangupCall', () => handler.hangupCall(unknown), (outcome) => notVendorError(outcome, 'NOT_FOUND')],
  ];
  if (handler.capabilities.afterCallWork) verbs.push(['completeWrapup', () => handler.completeWrapup(unknown), unreadableFailure]);
  for (const [verb, request] of callControls(handler, unknown)) verbs.push([verb, request, (outcome) => notVendorError(outcome, 'NOT_FOUND')]);

  const mark = session.events.mark();
  const problems: string[] = [];
  for (const [verb, request, problemOf] of verbs) {
    const problem = problemOf(await outcomeOf(request));
    if (problem) problems.push(`${verb}('${unknown}') ${problem}`);
  }
  try {
    await session.expectNothingSince(mark, `verbs on unknown call ${unknown}`);
  } catch (err) {
    problems.push((err as Error).message);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));

  await session.ask('rejectCall', ringing);
  await session.waitForCall(ringing, 'ended');
};

/** After stop() resolves nothing is reported: neither what happens later, nor a report still in flight. */
export const stopEndsReporting: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const first = await ringingCall(session, CUSTOMER);
  const second = await ringingCall(session, SECOND_CUSTOMER);
  await driver.customerHangsUp(first); // its report may still be on its way when stop() is called
  await requested('stop()', () => session.handler.stop());
  const mark = session.events.mark();
  await driver.customerHangsUp(second);
  await session.expectNothingSince(mark, 'stop()');
};

/**
 * One situation, one code: start() on a handler already started rejects with INVALID_IN_STATE, and the first start
 * stands (its listener still hears the calls).
 */
export const startTwiceRejectsInvalidInState: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const second = new ReportedEvents();
  const problem = notVendorError(await outcomeOf(() => session.handler.start(second.listener)), 'INVALID_IN_STATE');
  if (problem) throw new Error(`start() a second time ${problem}`);
  const eventId = await ringingCall(session, CUSTOMER);
  await session.ask('rejectCall', eventId);
  await session.waitForCall(eventId, 'ended');
};

/** The verbs a handler offers, each asked about one call (outbound and after-call work only where the handler has them). */
function everyVerb(handler: VendorDriver['handler'], eventId: EventId): Array<[string, () => Promise<void>]> {
  const verbs: Array<[string, () => Promise<void>]> = [
    ['makeAgentAvailable()', () => handler.makeAgentAvailable()],
    ['makeAgentUnavailable()', () => handler.makeAgentUnavailable()],
    [`acceptCall('${eventId}')`, () => handler.acceptCall(eventId)],
    [`rejectCall('${eventId}')`, () => handler.rejectCall(eventId)],
    [`hangupCall('${eventId}')`, () => handler.hangupCall(eventId)],
  ];
  if (handler.capabilities.outboundCalls) verbs.push([`makeOutboundCall('${CALLEE}', …)`, () => handler.makeOutboundCall(CALLEE, `toolbar-offline-${eventId}`)]);
  if (handler.capabilities.afterCallWork) verbs.push([`completeWrapup('${eventId}')`, () => handler.completeWrapup(eventId)]);
  if (handler.capabilities.transferDirectory) verbs.push(['transferDirectory()', async () => void (await handler.transferDirectory())]);
  return [...verbs, ...callControls(handler, eventId)];
}

/** The call controls a handler declares, each asked about one call. */
function callControls(handler: VendorDriver['handler'], eventId: EventId): Array<[string, () => Promise<void>]> {
  const verbs: Array<[string, () => Promise<void>]> = [];
  if (handler.capabilities.hold) {
    verbs.push([`holdCall('${eventId}')`, () => handler.holdCall(eventId)], [`resumeCall('${eventId}')`, () => handler.resumeCall(eventId)]);
  }
  if (handler.capabilities.mute) {
    verbs.push([`muteCall('${eventId}')`, () => handler.muteCall(eventId)], [`unmuteCall('${eventId}')`, () => handler.unmuteCall(eventId)]);
  }
  if (handler.capabilities.digits) verbs.push([`sendDigits('${eventId}', '1')`, () => handler.sendDigits(eventId, '1')]);
  if (handler.capabilities.transfer) {
    const to: TransferDestination = { kind: 'number', phoneNumber: CALLEE };
    verbs.push(
      [`transferCall('${eventId}', '${CALLEE}', {mode:'blind'})`, () => handler.transferCall(eventId, to, { mode: 'blind' })],
      [`transferCall('${eventId}', '${CALLEE}', {mode:'consult'})`, () => handler.transferCall(eventId, to, { mode: 'consult' })],
      [`completeTransfer('${eventId}')`, () => handler.completeTransfer(eventId)],
      [`cancelTransfer('${eventId}')`, () => handler.cancelTransfer(eventId)],
    );
  }
  if (handler.capabilities.conference) verbs.push([`conferenceCall('${eventId}')`, () => handler.conferenceCall(eventId)]);
  return verbs;
}

async function expectLinkDown(verbs: Array<[string, () => Promise<void>]>, when: string): Promise<string[]> {
  const problems: string[] = [];
  for (const [verb, request] of verbs) {
    const problem = notVendorError(await outcomeOf(request), 'LINK_DOWN');
    if (problem) problems.push(`${when}, ${verb} ${problem}`);
  }
  return problems;
}

/**
 * "Try again when the link is back": every verb before start() and after stop() rejects with a VendorError whose code
 * is LINK_DOWN, even for a call the vendor still has (the link is checked before the call).
 */
export const verbsWithoutLinkRejectLinkDown: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const problems = await expectLinkDown(everyVerb(driver.handler, 'no-such-call-0000'), 'Before start()');
  const session = await readySession(driver, timing);
  const ringing = await ringingCall(session, CUSTOMER);
  await requested('stop()', () => session.handler.stop());
  problems.push(...(await expectLinkDown(everyVerb(session.handler, ringing), 'After stop()')));
  if (problems.length > 0) throw new Error(problems.join('\n'));
};

/**
 * A request the vendor itself refuses (the driver has the phone system refuse it) rejects with a VendorError of the
 * shared set, never a bare Error, and changes nothing: the call still rings, and can then be answered.
 */
export const vendorRefusalRejectsWithVendorError: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await ringingCall(session, CUSTOMER);
  driver.refuseNext('acceptCall');
  const problem = notVendorError(await outcomeOf(() => session.handler.acceptCall(eventId)));
  if (problem) throw new Error(`acceptCall('${eventId}') that the phone system refused ${problem}`);
  await session.ask('acceptCall', eventId);
  await session.waitForCall(eventId, 'connected');
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  // The refusal reported nothing: the call went from ringing to connected once, and ended once.
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), connected(eventId), ended(eventId, 'connected', 'agent')]);
};

// ---- The checks: optional capabilities ------------------------------------------------------------------------

export const ringTimeoutEndsBySystem: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const ringTimesOut = required(driver, 'ringTimesOut');
  const session = await readySession(driver, timing);
  const eventId = await ringingCall(session, CUSTOMER);
  await ringTimesOut(eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), ended(eventId, 'ringing', 'system')]);
};

/** The call is reported under the toolbar's eventId from its first event on (dialing), whatever the vendor's own id. */
export const outboundCallAnsweredThenHungUp: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const calleeAnswers = required(driver, 'calleeAnswers');
  const session = await readySession(driver, timing);
  const eventId = await placedCall(session, CALLEE);
  await calleeAnswers(eventId);
  await session.waitForCall(eventId, 'connected');
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [dialing(eventId, CALLEE), connected(eventId), ended(eventId, 'connected', 'agent')]);
};

/** A refused call ends while still offered; 'agent' would make Fusion record the agent's cancel instead. */
export const outboundCallRefusedByCallee: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const calleeRefuses = required(driver, 'calleeRefuses');
  const session = await readySession(driver, timing);
  const eventId = await placedCall(session, CALLEE);
  await calleeRefuses(eventId);
  const outcome = await session.waitFor(
    `ended or outboundFailed of call ${eventId}`,
    (event): event is EventOfType<'ended' | 'outboundFailed'> =>
      (event.type === 'ended' || event.type === 'outboundFailed') && event.eventId === eventId,
  );
  const acceptable =
    outcome.type === 'outboundFailed' || (outcome.phase === 'ringing' && (outcome.endedBy === 'customer' || outcome.endedBy === 'system'));
  if (!acceptable) {
    throw new Error(`A refused outbound call should end as ended {phase:'ringing', endedBy:'customer' or 'system'} or outboundFailed, not ${formatEvent(outcome)}.`);
  }
  if (outcome.type === 'outboundFailed' && !(OUTBOUND_ERROR_CODES as readonly string[]).includes(outcome.errorCode)) {
    throw new Error(`outboundFailed.errorCode must be one of ${OUTBOUND_ERROR_CODES.join(', ')}, not '${String(outcome.errorCode)}'.`);
  }
  await session.expectStory(eventId, [dialing(eventId, CALLEE), outcome]);
};

export const outboundCallCanceledByAgent: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await placedCall(session, CALLEE);
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [dialing(eventId, CALLEE), ended(eventId, 'ringing', 'agent')]);
};

/**
 * One situation, one code: a dial under an eventId the handler already has a call for rejects with INVALID_IN_STATE,
 * and the call that has it is left alone.
 */
export const dialWithEventIdInUseRejectsInvalidInState: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await placedCall(session, CALLEE);
  const mark = session.events.mark();
  const problem = notVendorError(await outcomeOf(() => session.handler.makeOutboundCall(SECOND_CUSTOMER, eventId)), 'INVALID_IN_STATE');
  if (problem) throw new Error(`makeOutboundCall('${SECOND_CUSTOMER}', '${eventId}') while call ${eventId} is dialing ${problem}`);
  await session.expectNothingSince(mark, `a second dial under eventId ${eventId}`);
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [dialing(eventId, CALLEE), ended(eventId, 'ringing', 'agent')]);
};

export const wrapupCompletesAfterConnectedCall: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await driver.customerHangsUp(eventId);
  await session.waitForCall(eventId, 'ended');
  await session.ask('completeWrapup', eventId);
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), connected(eventId), ended(eventId, 'connected', 'customer')]);
};

// ---- The checks: call controls ---------------------------------------------------------------------------------

/** The vendor holds the call (the customer hears its hold music) and takes it back, each reported once. */
export const holdThenResumeAnsweredCall: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const callHeld = required(driver, 'callHeld');
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await session.control('holdCall', eventId, 'held');
  await session.vendorSideShows(`call ${eventId} on hold:`, () => callHeld(eventId), true);
  await session.control('resumeCall', eventId, 'resumed');
  await session.vendorSideShows(`call ${eventId} on hold:`, () => callHeld(eventId), false);
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), connected(eventId), held(eventId), resumed(eventId), ended(eventId, 'connected', 'agent')]);
};

/** Events are the truth: a hold at the phone reaches the core with no toolbar request behind it. */
export const phoneHoldsAndResumes: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const [phoneHolds, phoneResumes] = [required(driver, 'phoneHolds'), required(driver, 'phoneResumes')];
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await phoneHolds(eventId);
  await session.waitForCall(eventId, 'held');
  await phoneResumes(eventId);
  await session.waitForCall(eventId, 'resumed');
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), connected(eventId), held(eventId), resumed(eventId), ended(eventId, 'connected', 'agent')]);
};

/** A customer who gives up on hold ends a talked call: connected, by the customer, with no resume first. */
export const customerHangsUpWhileHeld: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await session.control('holdCall', eventId, 'held');
  await driver.customerHangsUp(eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), connected(eventId), held(eventId), ended(eventId, 'connected', 'customer')]);
};

/**
 * A control on a call that is not connected rejects with INVALID_IN_STATE and changes nothing: the call still rings,
 * and can then be answered (one check per control, the ones the handler declares).
 */
export const controlsOnRingingCallRejectInvalidInState: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await ringingCall(session, CUSTOMER);
  const mark = session.events.mark();
  const problems: string[] = [];
  for (const [verb, request] of callControls(session.handler, eventId)) {
    const problem = notVendorError(await outcomeOf(request), 'INVALID_IN_STATE');
    if (problem) problems.push(`${verb} while the call rings ${problem}`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  await session.expectNothingSince(mark, `call controls on ringing call ${eventId}`);
  await session.ask('acceptCall', eventId);
  await session.waitForCall(eventId, 'connected');
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), connected(eventId), ended(eventId, 'connected', 'agent')]);
};

export const muteThenUnmuteAnsweredCall: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const callMuted = required(driver, 'callMuted');
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await session.control('muteCall', eventId, 'muted');
  await session.vendorSideShows(`the agent muted on call ${eventId}:`, () => callMuted(eventId), true);
  await session.control('unmuteCall', eventId, 'unmuted');
  await session.vendorSideShows(`the agent muted on call ${eventId}:`, () => callMuted(eventId), false);
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), connected(eventId), muted(eventId), unmuted(eventId), ended(eventId, 'connected', 'agent')]);
};

/** Digits reach the far side in the order sent, one request after another, and nothing is reported. */
export const digitsReachTheFarSide: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const digitsReceived = required(driver, 'digitsReceived');
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  const mark = session.events.mark();
  await requested(`sendDigits('${eventId}', '12#*')`, () => session.handler.sendDigits(eventId, '12#*'));
  await requested(`sendDigits('${eventId}', '0')`, () => session.handler.sendDigits(eventId, '0'));
  await session.vendorSideShows(`the digits heard on call ${eventId}:`, () => digitsReceived(eventId), '12#*0');
  await session.expectNothingSince(mark, 'sendDigits');
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
};

// ---- The checks: transfer, consult and conference --------------------------------------------------------------

type TransferTarget = NonNullable<VendorDriver['transferTarget']>;

/** The transfer target the driver plays; a clear failure if the driver has none. */
function transferTargetOf(driver: VendorDriver): TransferTarget {
  if (!driver.transferTarget) throw new Error('The driver has no transferTarget, which this check needs.');
  return driver.transferTarget;
}

function describeDestination(destination: TransferDestination): string {
  return destination.kind === 'number' ? `'${destination.phoneNumber}'` : formatValue(destination);
}

/** Nothing rings or talks at the target. */
const NOBODY_AT_THE_TARGET = 'none';
/** The target talks with the agent only: a consult, the customer on hold. */
const TARGET_WITH_THE_AGENT = { state: 'talking', withCustomer: false, withAgent: true } as const;
/** The target talks with the customer only: the call transferred, or a conference the agent left. */
const TARGET_WITH_THE_CUSTOMER = { state: 'talking', withCustomer: true, withAgent: false } as const;
const TARGET_WITH_BOTH = { state: 'talking', withCustomer: true, withAgent: true } as const;

/** What the target's side shows; probes only its state for 'none' and 'ringing', where nobody talks there. */
async function targetShows(session: Session, expected: 'none' | 'ringing' | Awaited<ReturnType<NonNullable<VendorDriver['targetCall']>>>): Promise<void> {
  const targetCall = required(session.driver, 'targetCall');
  if (typeof expected === 'string') await session.vendorSideShows('at the transfer target the call state', async () => (await targetCall()).state, expected);
  else await session.vendorSideShows('at the transfer target', targetCall, expected);
}

/** Whether the customer is on hold, where the driver can tell (callHeld, for vendors with hold). */
async function customerHeldShows(session: Session, eventId: EventId, heldNow: boolean): Promise<void> {
  const { callHeld } = session.driver;
  if (callHeld) await session.vendorSideShows(`call ${eventId} on hold:`, () => callHeld.call(session.driver, eventId), heldNow);
}

async function agentFreeShows(session: Session, free: boolean): Promise<void> {
  const agentHasCalls = required(session.driver, 'agentHasCalls');
  await session.vendorSideShows('the agent with calls at the vendor:', agentHasCalls, !free);
}

function transferCallRequest(session: Session, eventId: EventId, destination: TransferDestination, mode: 'blind' | 'consult'): [string, () => Promise<void>] {
  return [`transferCall('${eventId}', ${describeDestination(destination)}, {mode:'${mode}'})`, () => session.handler.transferCall(eventId, destination, { mode })];
}

/** The reports of a call answered and then consulted about until the target answered. */
function consultedStory(eventId: EventId, target: TransferTarget): StoryStep[] {
  return [
    incoming(eventId, CUSTOMER),
    connected(eventId),
    inAnyOrder(held(eventId), thirdParty(eventId, target.reportedAs, 'dialing')),
    thirdParty(eventId, target.reportedAs, 'talking'),
  ];
}

/** The agent consults the target on an answered call: the customer is held and the target rings. */
async function consultRinging(session: Session, eventId: EventId): Promise<void> {
  const target = transferTargetOf(session.driver);
  const mark = session.events.mark();
  await requested(...transferCallRequest(session, eventId, target.destination, 'consult'));
  await session.waitForCall(eventId, 'held', mark);
  await session.waitForThirdParty(eventId, 'dialing', mark);
  await customerHeldShows(session, eventId, true);
  await targetShows(session, 'ringing');
}

/** consultRinging, then the target answers: it talks with the agent, the customer still held. */
async function consultTalking(session: Session, eventId: EventId): Promise<void> {
  await consultRinging(session, eventId);
  const mark = session.events.mark();
  await required(session.driver, 'targetAnswers')();
  await session.waitForThirdParty(eventId, 'talking', mark);
  await targetShows(session, TARGET_WITH_THE_AGENT);
  await customerHeldShows(session, eventId, true);
}

/** consultTalking, then conferenceCall: all three talk, nobody held. */
async function conferenced(session: Session, eventId: EventId): Promise<void> {
  await consultTalking(session, eventId);
  const mark = session.events.mark();
  await requested(`conferenceCall('${eventId}')`, () => session.handler.conferenceCall(eventId));
  await session.waitForThirdParty(eventId, 'conferenced', mark);
  await session.waitForCall(eventId, 'resumed', mark);
  await targetShows(session, TARGET_WITH_BOTH);
  await customerHeldShows(session, eventId, false);
}

/**
 * The reports a blind transfer may make before 'transferred': a vendor whose blind transfer is a consult completed at
 * once may report its steps (Amazon Connect adds the destination as a connection, which holds the customer, and the
 * agent's connection then leaves: https://github.com/amazon-connect/amazon-connect-streams/issues/274). The core takes
 * them as attributes of the call; what it needs is 'transferred' as the call's one end.
 */
const BLIND_TRANSFER_STEPS: ReadonlyArray<VendorEvent['type']> = ['held', 'resumed', 'thirdParty'];

/**
 * A blind transfer of an answered call to `destination`: 'transferred' (as `reportedAs`) is the call's end, with no
 * 'ended' before or after it; the target rings, answers and talks with the customer; the agent is free, and has only
 * the wrap-up left where the vendor keeps one.
 */
async function blindTransferReachesTarget(session: Session, destination: TransferDestination, reportedAs: string): Promise<void> {
  const eventId = await answeredCall(session, CUSTOMER);
  await requested(...transferCallRequest(session, eventId, destination, 'blind'));
  const report = await session.waitForCall(eventId, 'transferred');
  if (report.destination !== reportedAs) throw new Error(`A call transferred to ${describeDestination(destination)} should be reported as transferred to '${reportedAs}', not ${formatEvent(report)}.`);
  await targetShows(session, 'ringing');
  await required(session.driver, 'targetAnswers')();
  await targetShows(session, TARGET_WITH_THE_CUSTOMER);
  await agentFreeShows(session, true);
  if (session.handler.capabilities.afterCallWork) await session.ask('completeWrapup', eventId);

  await new Promise((resolve) => setTimeout(resolve, session.timing.quietWindowMs));
  const actual = session.events.ofCall(eventId);
  const opening = [incoming(eventId, CUSTOMER), connected(eventId)];
  const steps = actual.slice(opening.length, -1);
  const last = actual[actual.length - 1];
  const told =
    actual.length > opening.length &&
    sameEvents(actual.slice(0, opening.length), opening) &&
    steps.every((event) => BLIND_TRANSFER_STEPS.includes(event.type)) &&
    last !== undefined &&
    canonical(last) === canonical(transferred(eventId, reportedAs));
  if (!told) {
    throw new Error(
      `Call ${eventId} should have been reported as:${formatList(opening)}\n  then only ${BLIND_TRANSFER_STEPS.join(', ')} reports, and last ${formatEvent(transferred(eventId, reportedAs))}` +
        `\nbut the handler reported:${formatList(actual)}`,
    );
  }
}

export const blindTransferReachesTheTarget: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const target = transferTargetOf(driver);
  const session = await readySession(driver, timing);
  await blindTransferReachesTarget(session, target.destination, target.reportedAs);
};

/** A consult the target answered, completed: the customer goes to the target and the agent leaves. */
export const consultThenCompleteTransfer: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const target = transferTargetOf(driver);
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await consultTalking(session, eventId);
  await requested(`completeTransfer('${eventId}')`, () => session.handler.completeTransfer(eventId));
  await session.waitForCall(eventId, 'transferred');
  await targetShows(session, TARGET_WITH_THE_CUSTOMER);
  await agentFreeShows(session, true);
  await session.expectStory(eventId, [...consultedStory(eventId, target), transferred(eventId, target.reportedAs)]);
};

/** cancelTransfer drops the consult leg and takes the customer back, whether the target talks or still rings. */
function consultCancelled(targetAnswered: boolean): ContractCheck {
  return async (driver, timing = DEFAULT_TIMING) => {
    const target = transferTargetOf(driver);
    const session = await readySession(driver, timing);
    const eventId = await answeredCall(session, CUSTOMER);
    if (targetAnswered) await consultTalking(session, eventId);
    else await consultRinging(session, eventId);
    const mark = session.events.mark();
    await requested(`cancelTransfer('${eventId}')`, () => session.handler.cancelTransfer(eventId));
    await session.waitForThirdParty(eventId, null, mark);
    await session.waitForCall(eventId, 'resumed', mark);
    await targetShows(session, NOBODY_AT_THE_TARGET);
    await customerHeldShows(session, eventId, false);
    await session.ask('hangupCall', eventId);
    await session.waitForCall(eventId, 'ended', mark);
    const consulted = targetAnswered
      ? consultedStory(eventId, target)
      : consultedStory(eventId, target).slice(0, -1); // the target never answered: no 'talking'
    await session.expectStory(eventId, [
      ...consulted,
      inAnyOrder(thirdPartyGone(eventId, 'cancelled'), resumed(eventId)),
      ended(eventId, 'connected', 'agent'),
    ]);
  };
}
export const consultCancelledWhileTheTargetTalks = consultCancelled(true);
export const consultCancelledWhileTheTargetRings = consultCancelled(false);

/** A target that refuses leaves the customer on hold for the agent to take back; the core tells the agent why. */
export const consultRefusedByTheTarget: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const target = transferTargetOf(driver);
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await consultRinging(session, eventId);
  const mark = session.events.mark();
  await required(driver, 'targetRefuses')();
  const gone = await session.waitForThirdParty(eventId, null, mark);
  if (gone.gone !== 'refused' && gone.gone !== 'busy') {
    throw new Error(`A consult the target refused should be reported as thirdParty {party:null, gone:'refused' or 'busy'}, not ${formatEvent(gone)}.`);
  }
  await targetShows(session, NOBODY_AT_THE_TARGET);
  await customerHeldShows(session, eventId, true);
  await session.control('resumeCall', eventId, 'resumed');
  await customerHeldShows(session, eventId, false);
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended', mark);
  await session.expectStory(eventId, [
    ...consultedStory(eventId, target).slice(0, -1),
    gone,
    resumed(eventId),
    ended(eventId, 'connected', 'agent'),
  ]);
};

export const consultTargetHangsUp: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const target = transferTargetOf(driver);
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await consultTalking(session, eventId);
  const mark = session.events.mark();
  await required(driver, 'targetHangsUp')();
  await session.waitForThirdParty(eventId, null, mark);
  await targetShows(session, NOBODY_AT_THE_TARGET);
  await customerHeldShows(session, eventId, true);
  await session.control('resumeCall', eventId, 'resumed');
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended', mark);
  await session.expectStory(eventId, [
    ...consultedStory(eventId, target),
    thirdPartyGone(eventId, 'hungUp'),
    resumed(eventId),
    ended(eventId, 'connected', 'agent'),
  ]);
};

/** The customer who gives up during a consult ends the call, and the handler frees the agent of the consult leg. */
export const customerHangsUpDuringConsult: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const target = transferTargetOf(driver);
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await consultTalking(session, eventId);
  await driver.customerHangsUp(eventId);
  await session.waitForCall(eventId, 'ended');
  await agentFreeShows(session, true);
  await targetShows(session, NOBODY_AT_THE_TARGET);
  await session.expectStory(eventId, [...consultedStory(eventId, target), ended(eventId, 'connected', 'customer')]);
};

/** A transfer the vendor cannot route fails as the verb's rejection, and the agent keeps the customer. */
export const blindTransferToUnroutableRejects: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const { unroutable } = transferTargetOf(driver);
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  const mark = session.events.mark();
  const [what, request] = transferCallRequest(session, eventId, unroutable, 'blind');
  const problem = notVendorError(await outcomeOf(request));
  if (problem) throw new Error(`${what} to a destination the vendor cannot reach ${problem}`);
  await session.expectNothingSince(mark, what);
  await customerHeldShows(session, eventId, false);
  await targetShows(session, NOBODY_AT_THE_TARGET);
  await agentFreeShows(session, false);
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), connected(eventId), ended(eventId, 'connected', 'agent')]);
};

/** One situation, one code: the verbs that end a consult, without a consult, reject with INVALID_IN_STATE. */
export const consultVerbsWithoutConsultRejectInvalidInState: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  const { handler } = session;
  const verbs: Array<[string, () => Promise<void>]> = [
    [`completeTransfer('${eventId}')`, () => handler.completeTransfer(eventId)],
    [`cancelTransfer('${eventId}')`, () => handler.cancelTransfer(eventId)],
  ];
  if (handler.capabilities.conference) verbs.push([`conferenceCall('${eventId}')`, () => handler.conferenceCall(eventId)]);
  const mark = session.events.mark();
  const problems: string[] = [];
  for (const [verb, request] of verbs) {
    const problem = notVendorError(await outcomeOf(request), 'INVALID_IN_STATE');
    if (problem) problems.push(`${verb} on a connected call without a consult ${problem}`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  await session.expectNothingSince(mark, `consult verbs on call ${eventId} without a consult`);
  await customerHeldShows(session, eventId, false);
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [incoming(eventId, CUSTOMER), connected(eventId), ended(eventId, 'connected', 'agent')]);
};

/** A call another agent transferred here is still the customer's: their number, and the transfer said. */
export const transferredInCallRings: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const callTransferredIn = required(driver, 'callTransferredIn');
  const session = await readySession(driver, timing);
  const eventId = await callTransferredIn(CUSTOMER);
  const reported = await session.waitForCall(eventId, 'incoming');
  const transfer = reported.transfer as unknown;
  const from = transfer !== null && typeof transfer === 'object' ? (transfer as Record<string, unknown>).from : undefined;
  const readable = transfer !== null && typeof transfer === 'object' && (from === undefined || (typeof from === 'string' && from.trim() !== ''));
  if (reported.phoneNumber !== CUSTOMER || !readable) {
    throw new Error(`A call transferred in from ${CUSTOMER} should be reported as incoming {eventId:'${eventId}', phoneNumber:'${CUSTOMER}', transfer:{from?}}, not ${formatEvent(reported)}.`);
  }
  await session.ask('acceptCall', eventId);
  await session.waitForCall(eventId, 'connected');
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await session.expectStory(eventId, [reported, connected(eventId), ended(eventId, 'connected', 'agent')]);
};

/** A conference, then the agent hangs up: the agent leaves, and the customer and the target talk on. */
export const conferenceThenAgentLeaves: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const target = transferTargetOf(driver);
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await conferenced(session, eventId);
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended');
  await targetShows(session, TARGET_WITH_THE_CUSTOMER);
  await agentFreeShows(session, true);
  await session.expectStory(eventId, [
    ...consultedStory(eventId, target),
    inAnyOrder(resumed(eventId), thirdParty(eventId, target.reportedAs, 'conferenced')),
    ended(eventId, 'connected', 'agent'),
  ]);
};

/** The target leaving a conference leaves the agent and the customer talking, nobody on hold. */
export const targetLeavesConference: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const target = transferTargetOf(driver);
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await conferenced(session, eventId);
  const mark = session.events.mark();
  await required(driver, 'targetHangsUp')();
  await session.waitForThirdParty(eventId, null, mark);
  await targetShows(session, NOBODY_AT_THE_TARGET);
  await customerHeldShows(session, eventId, false);
  await agentFreeShows(session, false);
  await session.ask('hangupCall', eventId);
  await session.waitForCall(eventId, 'ended', mark);
  await session.expectStory(eventId, [
    ...consultedStory(eventId, target),
    inAnyOrder(resumed(eventId), thirdParty(eventId, target.reportedAs, 'conferenced')),
    thirdPartyGone(eventId, 'hungUp'),
    ended(eventId, 'connected', 'agent'),
  ]);
};

/** The customer leaving a conference ends the call for the agent, whom the handler frees of the target. */
export const customerLeavesConference: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const target = transferTargetOf(driver);
  const session = await readySession(driver, timing);
  const eventId = await answeredCall(session, CUSTOMER);
  await conferenced(session, eventId);
  await driver.customerHangsUp(eventId);
  await session.waitForCall(eventId, 'ended');
  await agentFreeShows(session, true);
  await session.expectStory(eventId, [
    ...consultedStory(eventId, target),
    inAnyOrder(resumed(eventId), thirdParty(eventId, target.reportedAs, 'conferenced')),
    ended(eventId, 'connected', 'customer'),
  ]);
};

/** The transfer target as a directory entry; a clear failure where the driver names it otherwise. */
function directoryTargetOf(driver: VendorDriver): Extract<TransferDestination, { kind: 'directory' }> {
  const { destination } = transferTargetOf(driver);
  if (destination.kind !== 'directory') throw new Error(`The driver's transferTarget is ${describeDestination(destination)}, not a directory entry, which this check needs.`);
  return destination;
}

/** Asks for the directory and checks that every entry is one an agent can read and pick. */
async function readableDirectory(session: Session): Promise<readonly DirectoryEntry[]> {
  let entries: unknown;
  const outcome = await outcomeOf(async () => {
    entries = await session.handler.transferDirectory();
  });
  if (!outcome.resolved) throw new Error(`transferDirectory() should have succeeded, but it rejected with ${describeRejection(outcome.error)}`);
  if (!Array.isArray(entries)) throw new Error(`transferDirectory() should resolve a list of entries, not ${formatValue(entries)}.`);
  const kinds: readonly unknown[] = ['agent', 'queue', 'number'];
  const unreadable = (entries as unknown[]).filter((entry) => {
    const e = entry as Record<string, unknown> | null;
    return !e || typeof e !== 'object' || typeof e.id !== 'string' || e.id === '' || typeof e.name !== 'string' || e.name.trim() === '' || !kinds.includes(e.kind);
  });
  if (unreadable.length > 0) throw new Error(`transferDirectory() listed entries an agent cannot pick: ${unreadable.map(formatValue).join(', ')}.`);
  return entries as DirectoryEntry[];
}

export const directoryListsTheTarget: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const destination = directoryTargetOf(driver);
  const session = await readySession(driver, timing);
  const entries = await readableDirectory(session);
  const found = entries.find((entry) => entry.id === destination.id);
  if (found?.name !== destination.name) {
    throw new Error(`transferDirectory() should list {id:'${destination.id}', name:'${destination.name}'}, but it listed:${entries.length === 0 ? ' (nothing)' : entries.map((e) => `\n  ${formatValue(e)}`).join('')}`);
  }
};

/** The directory and the transfer verb agree: the entry as listed is a destination the call goes to, named as listed. */
export const blindTransferToListedEntry: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const { id } = directoryTargetOf(driver);
  const session = await readySession(driver, timing);
  const listed = (await readableDirectory(session)).find((entry) => entry.id === id);
  if (!listed) throw new Error(`transferDirectory() lists no entry '${id}' to transfer to.`);
  await blindTransferReachesTarget(session, { kind: 'directory', id: listed.id, name: listed.name }, listed.name);
};

/**
 * The reasons a vendor lists are ones it takes: the first, given with makeAgentUnavailable, is reported back on the
 * agent's presence (reasonCode), the vendor side says unavailable, and a reason it never listed is refused.
 */
export const notReadyReasonIsTakenAndReported: ContractCheck = async (driver, timing = DEFAULT_TIMING) => {
  const session = await readySession(driver, timing);
  const reasons = await session.handler.notReadyReasons();
  const unreadable = reasons.filter((r) => typeof r?.code !== 'string' || r.code.trim() === '' || typeof r.name !== 'string' || r.name.trim() === '');
  if (reasons.length === 0 || unreadable.length > 0) {
    throw new Error(`notReadyReasons() should list readable {code, name} reasons, but it listed: ${formatValue(reasons)}`);
  }
  const [reason] = reasons;
  const mark = session.events.mark();
  await requested(`makeAgentUnavailable('${reason.code}')`, () => session.handler.makeAgentUnavailable(reason.code));
  await session.waitFor(
    `agentState unavailable with reasonCode '${reason.code}'`,
    (event): event is EventOfType<'agentState'> => event.type === 'agentState' && !event.presence.available && event.presence.reasonCode === reason.code,
    mark,
  );
  const vendorSays = await driver.agentState();
  if (vendorSays !== 'unavailable') throw new Error(`After makeAgentUnavailable('${reason.code}') the vendor says "${vendorSays}", not unavailable.`);
  const unknown = await outcomeOf(() => session.handler.makeAgentUnavailable('no such reason'));
  if (outcomeProblem(unknown) !== null) throw new Error(`makeAgentUnavailable('no such reason') ${outcomeProblem(unknown)}`);
};

/** Why a request that should be refused was not refused readably, or null when it was. */
function outcomeProblem(outcome: Outcome): string | null {
  const problem = unreadableFailure(outcome);
  return problem === null ? null : `should reject with a VendorError an agent can read, but it ${problem}`;
}

/**
 * What a vendor declares must be what its handler and driver offer: a feature declared but missing fails here
 * rather than in a confusing way later, and one offered but not declared would go unchecked, so it fails too.
 */
export function declaredFeaturesAreReal(features: ContractFeatures): ContractCheck {
  return async (driver) => {
    const { capabilities } = driver.handler;
    const offered: Record<keyof ContractFeatures, [boolean, string]> = {
      ringTimeout: [driver.ringTimesOut !== undefined, 'the driver has ringTimesOut()'],
      outbound: [
        capabilities.outboundCalls && driver.calleeAnswers !== undefined && driver.calleeRefuses !== undefined,
        'capabilities.outboundCalls is true and the driver has calleeAnswers() and calleeRefuses()',
      ],
      afterCallWork: [capabilities.afterCallWork, 'capabilities.afterCallWork is true'],
      hold: [
        capabilities.hold && driver.callHeld !== undefined && driver.phoneHolds !== undefined && driver.phoneResumes !== undefined,
        'capabilities.hold is true and the driver has callHeld(), phoneHolds() and phoneResumes()',
      ],
      mute: [capabilities.mute && driver.callMuted !== undefined, 'capabilities.mute is true and the driver has callMuted()'],
      digits: [capabilities.digits && driver.digitsReceived !== undefined, 'capabilities.digits is true and the driver has digitsReceived()'],
      transfer: [
        capabilities.transfer &&
          driver.transferTarget !== undefined &&
          driver.targetCall !== undefined &&
          driver.targetAnswers !== undefined &&
          driver.targetRefuses !== undefined &&
          driver.targetHangsUp !== undefined &&
          driver.callTransferredIn !== undefined &&
          driver.agentHasCalls !== undefined,
        'capabilities.transfer is true and the driver has transferTarget, targetCall(), targetAnswers(), targetRefuses(), targetHangsUp(), callTransferredIn() and agentHasCalls()',
      ],
      conference: [capabilities.transfer && capabilities.conference, 'capabilities.transfer and capabilities.conference are true'],
      transferDirectory: [
        capabilities.transfer && capabilities.transferDirectory && driver.transferTarget?.destination.kind === 'directory',
        "capabilities.transfer and capabilities.transferDirectory are true and the driver's transferTarget is a directory entry",
      ],
      notReadyReasons: [capabilities.notReadyReasons, 'capabilities.notReadyReasons is true'],
    };
    const problems = (Object.keys(offered) as Array<keyof ContractFeatures>)
      .filter((feature) => features[feature] !== offered[feature][0])
      .map((feature) => `${feature} is declared ${features[feature]}, but "${offered[feature][1]}" is ${offered[feature][0]}.`);
    if (capabilities.outboundCalls && !features.outbound && !offered.outbound[0]) {
      problems.push('The handler can place calls, so its driver must play the callee (calleeAnswers, calleeRefuses) and declare outbound.');
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
  };
}

// ---- Outcomes of verbs ---------------------------------------------------------------------------------------

type Outcome = { readonly resolved: true } | { readonly resolved: false; readonly error: unknown };

/** Runs a request and keeps how it ended, whether it rejected or threw before returning a promise. */
async function outcomeOf(request: () => Promise<void>): Promise<Outcome> {
  try {
    await request();
    return { resolved: true };
  } catch (error) {
    return { resolved: false, error };
  }
}

/** Awaits a request the check expects to succeed; if it fails, says which one and why, even for a non-Error. */
async function requested(what: string, request: () => Promise<void>): Promise<void> {
  const outcome = await outcomeOf(request);
  if (!outcome.resolved) throw new Error(`${what} should have succeeded, but it rejected with ${describeRejection(outcome.error)}`);
}

function describeRejection(error: unknown): string {
  return error instanceof Error ? `"${error.message}"` : formatValue(error);
}

/** Why an outcome is not a failure an agent can read, or null if it is one. */
function unreadableFailure(outcome: Outcome): string | null {
  if (outcome.resolved) return 'resolved; it must reject.';
  const { error } = outcome;
  if (!(error instanceof Error)) return `rejected with ${formatValue(error)}, which is not an Error.`;
  const message = error.message.trim();
  if (message === '' || /undefined|\[object Object\]/.test(message)) return `rejected with an unreadable message: "${error.message}".`;
  return null;
}

/** Why an outcome is not a VendorError (of the given code, if one is given) with a readable message, or null if it is one. */
function notVendorError(outcome: Outcome, code?: VendorErrorCode): string | null {
  const unreadable = unreadableFailure(outcome);
  if (unreadable) return unreadable;
  const { error } = outcome as { readonly error: unknown };
  if (!(error instanceof VendorError)) return `rejected with a bare ${error instanceof Error ? error.name : typeof error} ${describeRejection(error)}; it must reject with a VendorError.`;
  if (!(VENDOR_ERROR_CODES as readonly string[]).includes(error.code)) return `rejected with a VendorError of unknown code '${String(error.code)}'.`;
  if (code !== undefined && error.code !== code) return `rejected with a VendorError ${error.code} ("${error.message}"); it must be ${code}.`;
  return null;
}

// ---- Running the suite -------------------------------------------------------------------------------------------

/** Runs one check on a fresh driver, then stops the handler and disposes of the driver whatever happened. */
export async function runContractCheck(makeDriver: VendorDriverFactory, check: ContractCheck, timing: ContractTiming = DEFAULT_TIMING): Promise<void> {
  const driver = await makeDriver();
  const checked = await outcomeOf(() => check(driver, timing));
  const cleanedUp = await outcomeOf(() => stopAndDispose(driver));
  // The check's own failure comes first: a cleanup that fails after it must not hide it.
  if (!checked.resolved) throw checked.error;
  if (!cleanedUp.resolved) throw cleanedUp.error;
}

async function stopAndDispose(driver: VendorDriver): Promise<void> {
  try {
    await driver.handler.stop(); // again, for checks that stopped it already: stop() must be harmless twice
  } finally {
    await driver.dispose();
  }
}

interface NamedCheck {
  readonly title: string;
  readonly check: ContractCheck;
}

/** The contract every handler meets. */
export const ALWAYS_APPLICABLE_CHECKS: readonly NamedCheck[] = [
  { title: 'start reports the link connected and the agent state', check: startReportsLinkAndAgentState },
  { title: 'makeAgentAvailable and makeAgentUnavailable change the vendor state and are reported', check: agentAvailabilityFollowsRequests },
  { title: 'inbound: incoming with the caller, acceptCall → connected, hangupCall → ended connected by agent', check: inboundAnsweredThenHungUpByAgent },
  { title: 'rejectCall while ringing → ended ringing by agent', check: agentRejectsRingingCall },
  { title: 'the customer hangs up while ringing → ended ringing by customer', check: customerAbandonsRingingCall },
  { title: 'the customer hangs up after answer → ended connected by customer', check: customerHangsUpAnsweredCall },
  { title: 'answer on the phone → connected; hang up on the phone → ended connected by agent', check: phoneAnswersThenHangsUp },
  { title: 'decline on the phone while ringing → ended ringing by agent', check: phoneDeclinesRingingCall },
  { title: 'two calls at once keep their own eventIds', check: twoCallsKeepTheirOwnEventIds },
  { title: 'verbs on an unknown eventId reject readably (the call verbs with VendorError NOT_FOUND) and report nothing', check: verbsOnUnknownCallRejectReadably },
  { title: 'stop() ends reporting, including reports in flight', check: stopEndsReporting },
  { title: 'start() on a started handler rejects with VendorError INVALID_IN_STATE; the first start stands', check: startTwiceRejectsInvalidInState },
  { title: 'every verb before start() and after stop() rejects with VendorError LINK_DOWN', check: verbsWithoutLinkRejectLinkDown },
  { title: 'a request the phone system refuses rejects with a VendorError and leaves the call as it was', check: vendorRefusalRejectsWithVendorError },
  { title: 'the call controls it declares reject on a ringing call with VendorError INVALID_IN_STATE and change nothing', check: controlsOnRingingCallRejectInvalidInState },
];

/** The contract of each optional feature, checked only for vendors that declare it. */
export const FEATURE_CHECKS: Readonly<Record<keyof ContractFeatures, readonly NamedCheck[]>> = {
  ringTimeout: [{ title: 'a ring timeout → ended ringing by system', check: ringTimeoutEndsBySystem }],
  outbound: [
    { title: 'makeOutboundCall reports under its eventId; callee answers → connected', check: outboundCallAnsweredThenHungUp },
    { title: 'the callee refuses → ended ringing (not by agent) or outboundFailed', check: outboundCallRefusedByCallee },
    { title: 'hangupCall while dialing → ended ringing by agent', check: outboundCallCanceledByAgent },
    { title: 'makeOutboundCall under an eventId in use rejects with VendorError INVALID_IN_STATE', check: dialWithEventIdInUseRejectsInvalidInState },
  ],
  afterCallWork: [{ title: 'completeWrapup resolves after a connected call ended', check: wrapupCompletesAfterConnectedCall }],
  hold: [
    { title: 'holdCall → held, the vendor holds the call; resumeCall → resumed', check: holdThenResumeAnsweredCall },
    { title: 'hold and resume at the phone → held, resumed', check: phoneHoldsAndResumes },
    { title: 'the customer hangs up while held → ended connected by customer', check: customerHangsUpWhileHeld },
  ],
  mute: [
    { title: 'muteCall → muted, the vendor mutes the agent; unmuteCall → unmuted', check: muteThenUnmuteAnsweredCall },
  ],
  digits: [
    { title: 'sendDigits reaches the far side in order and reports nothing', check: digitsReachTheFarSide },
  ],
  transfer: [
    { title: "blind transferCall → transferred to the destination as the call's one end; the target rings, answers and talks with the customer; the agent is free", check: blindTransferReachesTheTarget },
    {
      title: 'consult → held and thirdParty dialing; the target answers → thirdParty talking, with the agent only; completeTransfer → transferred, the target with the customer, the agent free',
      check: consultThenCompleteTransfer,
    },
    { title: 'cancelTransfer while the target talks → thirdParty gone cancelled and resumed; nothing left at the target', check: consultCancelledWhileTheTargetTalks },
    { title: 'cancelTransfer while the target rings → thirdParty gone cancelled and resumed; nothing left at the target', check: consultCancelledWhileTheTargetRings },
    { title: 'the target refuses a consult → thirdParty gone refused or busy, the customer still held; resumeCall → resumed', check: consultRefusedByTheTarget },
    { title: 'the target hangs up a consult → thirdParty gone hungUp, the customer still held', check: consultTargetHangsUp },
    { title: 'the customer hangs up during a consult → ended connected by customer; the agent is free, nothing left at the target', check: customerHangsUpDuringConsult },
    { title: 'a blind transfer the vendor cannot route rejects with a VendorError; nothing is reported and the call stays connected', check: blindTransferToUnroutableRejects },
    { title: 'completeTransfer and cancelTransfer without a consult reject with VendorError INVALID_IN_STATE and change nothing', check: consultVerbsWithoutConsultRejectInvalidInState },
    { title: "a call transferred in → incoming with transfer and the customer's number", check: transferredInCallRings },
  ],
  conference: [
    {
      title: 'conferenceCall → resumed and thirdParty conferenced, the target talks with both; hangupCall → ended connected by agent, the target still with the customer, the agent free',
      check: conferenceThenAgentLeaves,
    },
    { title: 'the target leaves a conference → thirdParty gone hungUp; the agent and the customer talk on', check: targetLeavesConference },
    { title: 'the customer leaves a conference → ended connected by customer; the agent is free', check: customerLeavesConference },
  ],
  transferDirectory: [
    { title: "transferDirectory lists the transfer target's entry with its id and name, every entry readable", check: directoryListsTheTarget },
    { title: 'a blind transfer to the entry as listed → transferred as its name; the target talks with the customer', check: blindTransferToListedEntry },
  ],
  notReadyReasons: [
    {
      title: "makeAgentUnavailable with a listed reason → agentState unavailable with that reasonCode, the vendor unavailable; an unlisted reason rejects readably",
      check: notReadyReasonIsTakenAndReported,
    },
  ],
};

/**
 * Checks a vendor cannot meet because its API does not say what the check needs (check title → why), each stated
 * where the vendor's contract test is declared and in the README. Such a check still runs, and its test asserts that
 * it fails: should the vendor come to meet it, the test fails and says to remove the gap.
 */
export type KnownGaps = Readonly<Record<string, string>>;

/**
 * Declares the contract tests of one vendor. The features are fixed at describe-time, so every test that exists
 * asserts something and none is skipped at run time; the first test verifies the declaration itself.
 */
export function describeVendorContract(
  name: string,
  makeDriver: VendorDriverFactory,
  features: ContractFeatures,
  timing: ContractTiming = DEFAULT_TIMING,
  knownGaps: KnownGaps = {},
): void {
  const titles = new Set([...ALWAYS_APPLICABLE_CHECKS, ...Object.values(FEATURE_CHECKS).flat()].map(({ title }) => title));
  for (const title of Object.keys(knownGaps)) if (!titles.has(title)) throw new Error(`known gap "${title}" names no check of the contract`);
  const declareCheck = (title: string, check: ContractCheck, testTimeoutMs: number): void => {
    const gap = knownGaps[title];
    if (gap === undefined) {
      it(title, () => runContractCheck(makeDriver, check, timing), testTimeoutMs);
      return;
    }
    it(
      `${title} — a known gap: ${gap}`,
      async () => {
        const outcome = await outcomeOf(() => runContractCheck(makeDriver, check, timing));
        if (outcome.resolved) throw new Error(`"${title}" now passes: remove it from the vendor's known gaps (and the README's)`);
      },
      testTimeoutMs,
    );
  };
  // Room for a few waits per check, so that a missing event fails with the suite's message, not jest's timeout.
  const testTimeoutMs = 5 * timing.eventTimeoutMs + 10 * timing.quietWindowMs;
  const declared = (Object.keys(features) as Array<keyof ContractFeatures>).map((f) => `${f}: ${features[f] ? 'yes' : 'no'}`).join(', ');

  describe(`vendor contract: ${name}`, () => {
    it(`declares its optional features truthfully (${declared})`, () => runContractCheck(makeDriver, declaredFeaturesAreReal(features), timing));
    for (const { title, check } of ALWAYS_APPLICABLE_CHECKS) declareCheck(title, check, testTimeoutMs);
    for (const feature of Object.keys(FEATURE_CHECKS) as Array<keyof ContractFeatures>) {
      if (!features[feature]) continue;
      for (const { title, check } of FEATURE_CHECKS[feature]) {
        if (knownGaps[title] === undefined) it(`${feature}: ${title}`, () => runContractCheck(makeDriver, check, timing), testTimeoutMs);
        else declareCheck(title, check, testTimeoutMs);
      }
    }
  });
}
