import { saidAs } from '../../src/ts/cti/core/agentMessages';
import { VendorError } from '../../src/ts/cti/core/errors';
import { IntegrationEventsHandler } from '../../src/ts/cti/core/integrationEventsHandler';
import type { CallPhase, CommandResult, Direction, EndedBy, EventId, VendorEvent } from '../../src/ts/cti/core/types';
import { HeldFusion } from './heldFusion';
import { HeldVendor, type HeldRequest } from './heldVendor';
import type { Step } from './steps';
import { StoryModel, storyProblems } from './storyModel';

/** Lets every queued promise run: a macrotask passes. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

type VendorCallState = 'ringing' | 'dialing' | 'connected' | 'held' | 'ended';

/** The vendor's own life of a call: what it reported, and so what it may plausibly report next. */
interface VendorCall {
  state: VendorCallState;
  readonly reports: VendorEvent[];
}

const ENDED_BY: readonly EndedBy[] = ['agent', 'customer', 'system'];

function ended(eventId: EventId, phase: CallPhase, endedBy: EndedBy): VendorEvent {
  return { type: 'ended', eventId, phase, endedBy };
}

/** The reports a vendor could plausibly make next about a call in this state. */
function nextReports(eventId: EventId, state: VendorCallState | undefined, direction: Direction): VendorEvent[] {
  switch (state) {
    case undefined:
      return [direction === 'inbound' ? { type: 'incoming', eventId, phoneNumber: '+16505550100' } : { type: 'dialing', eventId, phoneNumber: '+442071234567' }];
    case 'ringing':
      return [{ type: 'connected', eventId }, ...ENDED_BY.map((by) => ended(eventId, 'ringing', by))];
    case 'dialing':
      return [
        { type: 'connected', eventId },
        ...ENDED_BY.map((by) => ended(eventId, 'ringing', by)),
        { type: 'outboundFailed', eventId, errorCode: 'BUSY', message: saidAs('The line is busy') },
        { type: 'outboundFailed', eventId, errorCode: 'NO_ANSWER', message: saidAs('') },
      ];
    case 'connected':
      // Some vendors name the phase a call ended in after the leg that ended first: a connected call may end "ringing".
      return [
        { type: 'held', eventId },
        { type: 'muted', eventId },
        { type: 'transferred', eventId, destination: '7002' },
        { type: 'thirdParty', eventId, party: null, gone: 'hungUp' },
        ...ENDED_BY.map((by) => ended(eventId, 'connected', by)),
        ended(eventId, 'ringing', 'customer'),
      ];
    case 'held':
      return [
        { type: 'resumed', eventId },
        { type: 'unmuted', eventId },
        { type: 'thirdParty', eventId, party: { destination: '7002', state: 'talking' } },
        { type: 'thirdParty', eventId, party: null, gone: 'refused' },
        { type: 'transferred', eventId, destination: '7002' },
        ended(eventId, 'connected', 'customer'),
        ended(eventId, 'connected', 'agent'),
      ];
    case 'ended':
      // Late reports that contradict the end (a connect or a failed dial that trailed behind it), besides repeats.
      return [{ type: 'connected', eventId }, ended(eventId, 'ringing', 'system'), { type: 'outboundFailed', eventId, errorCode: 'OUTDIAL_FAILED', message: saidAs('late') }];
  }
}

/** Where a report leaves the vendor's own call. */
function stateAfter(state: VendorCallState | undefined, event: VendorEvent): VendorCallState | undefined {
  switch (event.type) {
    case 'incoming':
      return state ?? 'ringing';
    case 'dialing':
      return state ?? 'dialing';
    case 'connected':
      return state === 'ringing' || state === 'dialing' ? 'connected' : state;
    case 'held':
      return state === undefined || state === 'ended' ? state : 'held';
    case 'resumed':
      return state === undefined || state === 'ended' ? state : 'connected';
    case 'ended':
    case 'transferred':
      return state === undefined ? state : 'ended';
    case 'outboundFailed':
      return state === 'dialing' ? 'ended' : state;
    default:
      return state;
  }
}

/**
 * One run: a fresh core between a HeldVendor and a HeldFusion, the steps in order (a microtask between each), then
 * everything held answered until nothing is left, then the story invariant checked. Returns the problems found
 * (none: the story held), each naming its call and what Fusion heard of it.
 */
export async function runSteps(steps: readonly Step[], options: { fusionHolds: boolean; afterCallWork: boolean }): Promise<string[]> {
  const vendor = new HeldVendor({ outboundCalls: true, afterCallWork: options.afterCallWork });
  const fusion = new HeldFusion();
  const model = new StoryModel();
  let toolbarDials = 0;
  const core = new IntegrationEventsHandler({ vendor, fusion, log: () => undefined, now: () => 0, newEventId: () => `out-${++toolbarDials}` });
  await core.start();
  fusion.holding = options.fusionHolds;

  const vendorCalls = new Map<EventId, VendorCall>();
  const sent: VendorEvent[] = [];
  const results: Promise<CommandResult>[] = [];
  const malformed = new Set<VendorEvent>();

  const report = (event: VendorEvent) => {
    sent.push(event);
    if ('eventId' in event && event.eventId !== undefined && !malformed.has(event)) {
      const call = vendorCalls.get(event.eventId);
      const state = stateAfter(call?.state, event);
      if (state !== undefined) {
        if (call) call.state = state;
        else vendorCalls.set(event.eventId, { state, reports: [] });
        vendorCalls.get(event.eventId)?.reports.push(event);
      }
    }
    if (!malformed.has(event)) model.report(event);
    vendor.report(event);
  };

  /** What the vendor reports once a request of the core's is done, as its life of the call goes. */
  const followUp = (request: HeldRequest) => {
    const eventId = request.eventId;
    if (eventId === undefined) return;
    const state = vendorCalls.get(eventId)?.state;
    if (request.verb === 'acceptCall' && state === 'ringing') report({ type: 'connected', eventId });
    if (request.verb === 'rejectCall' && state === 'ringing') report(ended(eventId, 'ringing', 'agent'));
    if (request.verb === 'hangupCall' && (state === 'dialing' || state === 'connected' || state === 'held')) report(ended(eventId, state === 'dialing' ? 'ringing' : 'connected', 'agent'));
    if (request.verb === 'holdCall' && state === 'connected') report({ type: 'held', eventId });
    if (request.verb === 'resumeCall' && state === 'held') report({ type: 'resumed', eventId });
    const talked = state === 'connected' || state === 'held';
    if (request.verb === 'transferCall' && talked && request.detail?.endsWith('blind')) report({ type: 'transferred', eventId, destination: '7002' });
    if (request.verb === 'transferCall' && talked && request.detail?.endsWith('consult')) {
      report({ type: 'held', eventId });
      report({ type: 'thirdParty', eventId, party: { destination: '7002', state: 'dialing' } });
    }
    if (request.verb === 'completeTransfer' && talked) report({ type: 'transferred', eventId, destination: '7002' });
    if (request.verb === 'cancelTransfer' && talked) {
      report({ type: 'thirdParty', eventId, party: null, gone: 'cancelled' });
      report({ type: 'resumed', eventId });
    }
    if (request.verb === 'conferenceCall' && talked) {
      report({ type: 'resumed', eventId });
      report({ type: 'thirdParty', eventId, party: { destination: '7002', state: 'conferenced' } });
    }
    if (request.verb === 'makeOutboundCall' && state === undefined) report({ type: 'dialing', eventId, phoneNumber: '+16505550100' });
  };

  for (const step of steps) {
    switch (step.kind) {
      case 'callAction':
        results.push(core.callAction(step.eventId, step.action, step.source));
        break;
      case 'callControl':
        results.push(core.callControl(step.eventId, step.request));
        break;
      case 'finishWrapup':
        model.finishWrapup(step.eventId, step.source);
        core.finishWrapup(step.eventId, step.source);
        break;
      case 'offerTimedOut':
        model.offerTimedOut(step.eventId);
        results.push(core.offerTimedOut(step.eventId));
        break;
      case 'dial': {
        const valid = step.phoneNumber !== 'not a number';
        const eventId = step.eventId ?? `out-${toolbarDials + 1}`;
        // The core opens the call before its first await: the model opens it too, now.
        if (valid) model.open(eventId, 'outbound');
        results.push(core.dial(step.phoneNumber, step.eventId === undefined ? {} : { eventId: step.eventId, fusionData: { SVCMCA_CONTACT_ID: '300100' } }));
        break;
      }
      case 'setAvailability':
        results.push(core.setAvailability(step.available, step.source));
        break;
      case 'vendorLife': {
        const direction: Direction = step.eventId.startsWith('c') ? 'inbound' : 'outbound';
        const call = vendorCalls.get(step.eventId);
        // A call that ended at the vendor may still be reported again, late: its own reports, or contradicting ones.
        const options = [...nextReports(step.eventId, call?.state, direction), ...(call?.state === 'ended' ? call.reports : [])];
        report(options[step.pick % options.length]);
        break;
      }
      case 'vendorReport':
        if (isMalformed(step.event)) malformed.add(step.event);
        report(step.event);
        break;
      case 'vendorRepeat':
        if (sent.length > 0) report(sent[step.pick % sent.length]);
        break;
      case 'vendorAnswer': {
        const request = vendor.take(step.pick);
        if (!request) break;
        if (step.refusal) {
          request.answer(new VendorError(step.refusal.code, `refused (${step.refusal.code})`, undefined, step.refusal.outboundErrorCode));
          if (request.verb === 'makeOutboundCall' && request.eventId !== undefined) {
            // The core takes the refusal a few promise turns later; nothing else may come in between, so the model
            // sees the same order.
            await flush();
            model.dialFailed(request.eventId);
          }
        } else {
          request.answer();
          if (step.followUp) followUp(request);
        }
        break;
      }
      case 'fusionAnswer':
        if (fusion.holding) fusion.answer(step.pick, step.ok);
        else if (!step.ok) fusion.refuseNext = true;
        break;
      case 'flush':
        await flush();
        break;
    }
    await Promise.resolve();
  }

  // Everything held is answered (done, no follow-up) until nothing is left; every command must then have an answer.
  fusion.refuseNext = false;
  await flush();
  while (vendor.held.length > 0 || fusion.held.length > 0) {
    while (vendor.held.length > 0) vendor.take(0)?.answer();
    while (fusion.held.length > 0) fusion.answer(0, true);
    await flush();
  }
  await Promise.all(results);

  const snapshot = core.snapshot();
  const wrapup = snapshot.engagements.filter((e) => e.state === 'wrapup').map((e) => e.eventId);
  const problems = storyProblems(model, fusion.published, core.activeEngagementIds(), wrapup);
  for (const overtaking of fusion.overtaking) problems.push(`${overtaking}; Fusion heard [${fusion.story(overtaking.split(' ')[1]).join(', ')}]`);
  for (const key of vendor.repeats) problems.push(`${key} reached the vendor again while the first was in flight; the vendor got [${vendor.calls.join(', ')}]`);
  return problems;
}

/** The reports the core must ignore as unusable (vendorReportCheck.ts), which therefore change no story. */
function isMalformed(event: VendorEvent): boolean {
  switch (event.type) {
    case 'incoming':
    case 'dialing':
      return event.eventId === '' || event.phoneNumber === '';
    case 'connected':
    case 'outboundFailed':
      return event.eventId === '';
    case 'ended':
      return event.eventId === '' || (event.phase !== 'ringing' && event.phase !== 'connected');
    default:
      return false;
  }
}
