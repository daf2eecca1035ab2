/**
 * One call's whole story, as an agent lives it: the customer calls, Fusion offers it, the agent presses Answer in
 * Fusion, the call connects, the customer hangs up, the agent closes the wrap-up, and the toolbar is free again. Two
 * latencies come out of it, each from stamps taken where the thing happened:
 *   ring   = the Fusion simulator receiving newCommEvent − the T-Server simulator producing EventRinging
 *   answer = the T-Server simulator producing EventEstablished − the Fusion simulator sending the `accept` command
 */
import type { PushedEvent } from '../../../protocol/bridgeProtocol';
import type { BridgeObserver } from './bridgeObserver';
import type { Customer } from './customer';
import type { FusionEvent, FusionOperation, FusionRecord, FusionSimulatorPage } from './fusionSimulatorPage';

/** Each step of a call happens within milliseconds; ten seconds means it is not going to happen. */
export const STEP_TIMEOUT_MS = 10_000;

export interface CallOutcome {
  readonly ringMs?: number;
  readonly answerMs?: number;
  /** Set when the story broke off: what was missing or wrong. */
  readonly problem?: string;
}

export interface CallParties {
  readonly customer: Customer;
  readonly observer: BridgeObserver;
  readonly fusion: FusionSimulatorPage;
}

class StoryError extends Error {}

function bridgeEvent(observer: BridgeObserver, eventName: PushedEvent['eventName'], eventId: string): Promise<PushedEvent & { time?: number }> {
  return observer.events.waitFor(
    (event) => event.eventName === eventName && 'eventId' in event && event.eventId === eventId,
    STEP_TIMEOUT_MS,
    `${eventName} for ${eventId} from the bridge`,
  );
}

async function fusionOperation(fusion: FusionSimulatorPage, operation: string, eventId: string): Promise<FusionOperation> {
  const record = (await fusion.records.waitFor(
    (r: FusionRecord) => r.kind === 'operation' && r.operation === operation && r.eventId === eventId,
    STEP_TIMEOUT_MS,
    `${operation} for ${eventId} in the Fusion simulator`,
  )) as FusionOperation;
  if (!record.ok) throw new StoryError(`the Fusion simulator refused ${operation} for ${eventId}: ${record.error ?? 'no reason given'}`);
  return record;
}

async function fusionCommand(fusion: FusionSimulatorPage, command: string, eventId: string): Promise<FusionEvent> {
  const record = (await fusion.records.waitFor(
    (r: FusionRecord) => r.kind === 'event' && r.eventName === 'onToolbarInteractionCommand' && r.command === command && r.eventId === eventId,
    STEP_TIMEOUT_MS,
    `the toolbar's answer to ${command} for ${eventId}`,
  )) as FusionEvent;
  if (record.result !== 'success') throw new StoryError(`the toolbar answered ${command} for ${eventId} with ${record.result}: ${record.resultDisplayString ?? 'no reason given'}`);
  return record;
}

function stampOf(event: { eventName: string; time?: number }): number {
  if (typeof event.time !== 'number') throw new StoryError(`${event.eventName} carries no time: is the bridge older than the benchmark?`);
  return event.time;
}

/** Anything that went wrong on the side without a waiter: an EventError, or an operation Fusion refused. */
function sideFailure(parties: CallParties, eventId: string, connectionId: string): string | undefined {
  const error = parties.observer.events.find((event) => event.eventName === 'EventError' && event.connectionId === connectionId);
  if (error?.eventName === 'EventError') return `EventError ${error.errorCode}: ${error.errorMessage}`;
  const refused = parties.fusion.records.find((r) => r.kind === 'operation' && r.eventId === eventId && !r.ok) as FusionOperation | undefined;
  if (refused) return `the Fusion simulator refused ${refused.operation} for ${eventId}: ${refused.error ?? 'no reason given'}`;
  return parties.observer.failure ?? undefined;
}

export async function oneCall(parties: CallParties): Promise<CallOutcome> {
  const { customer, observer, fusion } = parties;
  let ringMs: number | undefined;
  let answerMs: number | undefined;
  let call: { connectionId: string; eventId: string } | undefined;
  try {
    call = await customer.calls();
    const { eventId } = call;

    const ringing = await bridgeEvent(observer, 'EventRinging', eventId);
    const offered = await fusionOperation(fusion, 'newCommEvent', eventId);
    ringMs = offered.at - stampOf(ringing);

    await fusion.answer(eventId, STEP_TIMEOUT_MS);
    const established = await bridgeEvent(observer, 'EventEstablished', eventId);
    const accepted = await fusionCommand(fusion, 'accept', eventId);
    answerMs = stampOf(established) - accepted.at;
    await fusionOperation(fusion, 'startCommEvent', eventId);

    await customer.hangsUp(call.connectionId);
    await bridgeEvent(observer, 'EventReleased', eventId);
    const closed = await fusionOperation(fusion, 'closeCommEvent', eventId);
    if (closed.reason !== 'WRAPUP') throw new StoryError(`closeCommEvent for ${eventId} gave the reason ${closed.reason ?? 'none'}, not WRAPUP`);
    await fusion.closeWrapUp(eventId, STEP_TIMEOUT_MS);
    await fusion.waitUntilNoCalls(STEP_TIMEOUT_MS);

    const failure = sideFailure(parties, eventId, call.connectionId);
    if (failure !== undefined) throw new StoryError(failure);
    return { ringMs, answerMs };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const failure = call && sideFailure(parties, call.eventId, call.connectionId);
    return { ringMs, answerMs, problem: failure !== undefined && failure !== message ? `${message} (${failure})` : message };
  }
}
