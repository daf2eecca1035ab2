import { VendorError, messageOf, type OutboundErrorCode } from '../../src/ts/cti/core/errors';
import type { ICtiVendorHandler } from '../../src/ts/cti/vendor/ICtiVendorHandler';
import type { DirectoryEntry, EventId, TransferDestination, TransferMode, VendorEvent, VendorEventListener } from '../../src/ts/cti/core/types';
import {
  ContractCheck,
  ContractTiming,
  agentRejectsRingingCall,
  declaredFeaturesAreReal,
  dialWithEventIdInUseRejectsInvalidInState,
  inboundAnsweredThenHungUpByAgent,
  outboundCallAnsweredThenHungUp,
  outboundCallRefusedByCallee,
  phoneAnswersThenHangsUp,
  runContractCheck,
  startTwiceRejectsInvalidInState,
  stopEndsReporting,
  twoCallsKeepTheirOwnEventIds,
  vendorRefusalRejectsWithVendorError,
  verbsOnUnknownCallRejectReadably,
  verbsWithoutLinkRejectLinkDown,
  holdThenResumeAnsweredCall,
  phoneHoldsAndResumes,
  customerHangsUpWhileHeld,
  controlsOnRingingCallRejectInvalidInState,
  muteThenUnmuteAnsweredCall,
  digitsReachTheFarSide,
} from './vendorContract';
import { ReferenceVendorHandler, createReferenceDriver } from '../support/referencePhoneSystem';

/*
 * A suite that passes everything proves nothing. Here some of its checks run against handlers broken on purpose,
 * each in one way a real handler could be, and must fail, with a message that names the fault. Each broken handler
 * is the honest reference handler with one thing wrong, so the same check passing on the honest one (the control
 * below) shows that the failure comes from that fault and nothing else.
 */

const FAST: ContractTiming = { eventTimeoutMs: 300, quietWindowMs: 30 };

/** The honest handler behind a handler that may rewrite, drop or add to what it reports. */
class DelegatingHandler implements ICtiVendorHandler {
  constructor(protected readonly inner: ICtiVendorHandler) {}
  get displayName(): string { return this.inner.displayName; }
  get capabilities(): ICtiVendorHandler['capabilities'] { return this.inner.capabilities; }

  start(listener: VendorEventListener): Promise<void> {
    return this.inner.start((event) => this.reported(event).forEach(listener));
  }
  /** What the broken handler reports for one event of the honest one. */
  protected reported(event: VendorEvent): VendorEvent[] { return [event]; }

  stop(): Promise<void> { return this.inner.stop(); }
  makeAgentAvailable(): Promise<void> { return this.inner.makeAgentAvailable(); }
  makeAgentUnavailable(): Promise<void> { return this.inner.makeAgentUnavailable(); }
  makeOutboundCall(phoneNumber: string, eventId: EventId): Promise<void> { return this.inner.makeOutboundCall(phoneNumber, eventId); }
  acceptCall(eventId: EventId): Promise<void> { return this.inner.acceptCall(eventId); }
  rejectCall(eventId: EventId): Promise<void> { return this.inner.rejectCall(eventId); }
  hangupCall(eventId: EventId): Promise<void> { return this.inner.hangupCall(eventId); }
  completeWrapup(eventId: EventId): Promise<void> { return this.inner.completeWrapup(eventId); }
  holdCall(eventId: EventId): Promise<void> { return this.inner.holdCall(eventId); }
  resumeCall(eventId: EventId): Promise<void> { return this.inner.resumeCall(eventId); }
  muteCall(eventId: EventId): Promise<void> { return this.inner.muteCall(eventId); }
  unmuteCall(eventId: EventId): Promise<void> { return this.inner.unmuteCall(eventId); }
  sendDigits(eventId: EventId, digits: string): Promise<void> { return this.inner.sendDigits(eventId, digits); }
  transferCall(eventId: EventId, destination: TransferDestination, options: { readonly mode: TransferMode }): Promise<void> {
    return this.inner.transferCall(eventId, destination, options);
  }
  completeTransfer(eventId: EventId): Promise<void> { return this.inner.completeTransfer(eventId); }
  cancelTransfer(eventId: EventId): Promise<void> { return this.inner.cancelTransfer(eventId); }
  conferenceCall(eventId: EventId): Promise<void> { return this.inner.conferenceCall(eventId); }
  transferDirectory(): Promise<readonly DirectoryEntry[]> { return this.inner.transferDirectory(); }
}

/** Blames the customer for every end of call: Fusion would record ABANDONED for an agent's decline. */
class BlamesTheCustomer extends DelegatingHandler {
  protected reported(event: VendorEvent): VendorEvent[] {
    return [event.type === 'ended' ? { ...event, endedBy: 'customer' } : event];
  }
}

/** Reports every call under the first call's eventId, like a handler with one "current call" slot. */
class ReusesTheFirstEventId extends DelegatingHandler {
  private firstEventId: EventId | null = null;
  protected reported(event: VendorEvent): VendorEvent[] {
    if (!('eventId' in event) || event.eventId === undefined) return [event];
    this.firstEventId ??= event.eventId;
    return [{ ...event, eventId: this.firstEventId }];
  }
}

/** Acts on the latest ringing call whatever eventId it is given (the tutorial's single `this.contact`). */
class ActsOnTheCurrentCall extends DelegatingHandler {
  private current: EventId | null = null;
  protected reported(event: VendorEvent): VendorEvent[] {
    if (event.type === 'incoming') this.current = event.eventId;
    return [event];
  }
  acceptCall(): Promise<void> { return this.inner.acceptCall(this.current ?? ''); }
}

/** Logs a failed request and carries on, so the core believes the vendor took it. */
class SwallowsFailures extends DelegatingHandler {
  acceptCall(eventId: EventId): Promise<void> { return this.inner.acceptCall(eventId).catch(() => undefined); }
}

/** Rejects with the vendor's raw error object, which an agent would read as "[object Object]". */
class RejectsWithRawObjects extends DelegatingHandler {
  rejectCall(eventId: EventId): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the broken handler under test rejects with a non-Error on purpose
    return this.inner.rejectCall(eventId).catch(() => Promise.reject({ code: 'E_NO_CALL' }));
  }
}

/** Reports each end of call twice, as a handler listening to two vendor events for the same fact might. */
class ReportsTheEndTwice extends DelegatingHandler {
  protected reported(event: VendorEvent): VendorEvent[] {
    return event.type === 'ended' ? [event, event] : [event];
  }
}

/** Reports 'connected' only for calls it answered itself: an answer on the softphone never reaches the core. */
class ReportsOnlyItsOwnAnswers extends DelegatingHandler {
  private readonly answered = new Set<EventId>();
  protected reported(event: VendorEvent): VendorEvent[] {
    return event.type === 'connected' && !this.answered.has(event.eventId) ? [] : [event];
  }
  acceptCall(eventId: EventId): Promise<void> {
    this.answered.add(eventId);
    return this.inner.acceptCall(eventId);
  }
}

/** Places calls under an id of its own instead of the toolbar's eventId. */
class IgnoresTheToolbarsEventId extends DelegatingHandler {
  makeOutboundCall(phoneNumber: string): Promise<void> { return this.inner.makeOutboundCall(phoneNumber, 'vendor-own-id'); }
}

/** Forgets to unsubscribe: stop() resolves, yet the vendor's events keep coming. */
class KeepsReportingAfterStop extends DelegatingHandler {
  stop(): Promise<void> { return Promise.resolve(); }
}

/** Rewrites each rejection of the call verbs; the honest handler's error goes in, the broken one's comes out. */
class RewritesCallVerbFailures extends DelegatingHandler {
  constructor(
    inner: ICtiVendorHandler,
    private readonly rewrite: (err: unknown) => unknown,
  ) {
    super(inner);
  }
  private rewritten(request: Promise<void>): Promise<void> {
    return request.catch((err: unknown) => {
      throw this.rewrite(err);
    });
  }
  acceptCall(eventId: EventId): Promise<void> { return this.rewritten(this.inner.acceptCall(eventId)); }
  rejectCall(eventId: EventId): Promise<void> { return this.rewritten(this.inner.rejectCall(eventId)); }
  hangupCall(eventId: EventId): Promise<void> { return this.rewritten(this.inner.hangupCall(eventId)); }
}

/** Takes a second start() as if nothing were wrong (and keeps reporting to the first listener). */
class IgnoresASecondStart extends DelegatingHandler {
  private started = false;
  start(listener: VendorEventListener): Promise<void> {
    if (this.started) return Promise.resolve();
    this.started = true;
    return super.start(listener);
  }
}

/** Rewrites each rejection of makeOutboundCall, as RewritesCallVerbFailures does for the call verbs. */
class RewritesDialFailures extends DelegatingHandler {
  constructor(
    inner: ICtiVendorHandler,
    private readonly rewrite: (err: unknown) => unknown,
  ) {
    super(inner);
  }
  makeOutboundCall(phoneNumber: string, eventId: EventId): Promise<void> {
    return this.inner.makeOutboundCall(phoneNumber, eventId).catch((err: unknown) => {
      throw this.rewrite(err);
    });
  }
}

/** A vendor error with another code, or passed on as the bare Error a handler that drops the type would throw. */
const withCode = (from: string, to: VendorError['code']) => (err: unknown) => (err instanceof VendorError && err.code === from ? new VendorError(to, err.message) : err);
const asBareError = (err: unknown) => new Error(messageOf(err));

/** Takes availability requests while the link is down, as if they were queued, so the agent is never told to retry. */
class AcceptsAvailabilityOffline extends DelegatingHandler {
  makeAgentAvailable(): Promise<void> {
    return this.inner.makeAgentAvailable().catch((err: unknown) => {
      if (!(err instanceof VendorError && err.code === 'LINK_DOWN')) throw err;
    });
  }
}

/** Reports a refused outbound call with an error code of its own instead of one of the declared set. */
class ReportsItsOwnOutboundCode extends DelegatingHandler {
  private readonly outbound = new Set<EventId>();
  protected reported(event: VendorEvent): VendorEvent[] {
    if (event.type === 'dialing') this.outbound.add(event.eventId);
    if (event.type === 'ended' && this.outbound.has(event.eventId) && event.phase === 'ringing') {
      return [{ type: 'outboundFailed', eventId: event.eventId, errorCode: 'CALLEE_BUSY' as OutboundErrorCode, message: 'The callee is busy.' }];
    }
    return [event];
  }
}

/** Says the call is held without asking the vendor: the customer still hears the agent. */
class ClaimsHoldWithoutHolding extends DelegatingHandler {
  private listener: VendorEventListener | null = null;
  start(listener: VendorEventListener): Promise<void> {
    this.listener = listener;
    return super.start(listener);
  }
  holdCall(eventId: EventId): Promise<void> {
    this.listener?.({ type: 'held', eventId });
    return Promise.resolve();
  }
}

/** Reports holds only when it asked for them: a hold at the phone leaves the toolbar showing a live call. */
class ReportsOnlyItsOwnHolds extends DelegatingHandler {
  private readonly asked = new Set<EventId>();
  protected reported(event: VendorEvent): VendorEvent[] {
    return (event.type === 'held' || event.type === 'resumed') && !this.asked.has(event.eventId) ? [] : [event];
  }
  holdCall(eventId: EventId): Promise<void> {
    this.asked.add(eventId);
    return this.inner.holdCall(eventId);
  }
}

/** Reports a resume before the end of a held call, as a handler that reads "not held" off the ended call might. */
class ResumesBeforeEnding extends DelegatingHandler {
  private readonly onHold = new Set<EventId>();
  protected reported(event: VendorEvent): VendorEvent[] {
    if (event.type === 'held') this.onHold.add(event.eventId);
    if (event.type === 'ended' && this.onHold.delete(event.eventId)) return [{ type: 'resumed', eventId: event.eventId }, event];
    return [event];
  }
}

/** Passes the vendor's refusal of a hold on as a bare Error, so the core cannot tell why. */
class RejectsHoldWithBareErrors extends DelegatingHandler {
  holdCall(eventId: EventId): Promise<void> {
    return this.inner.holdCall(eventId).catch((err: unknown) => {
      throw asBareError(err);
    });
  }
}

/** Mutes at the vendor and never says so: the toolbar's Mute button would not show it pressed. */
class MutesSilently extends DelegatingHandler {
  protected reported(event: VendorEvent): VendorEvent[] {
    return event.type === 'muted' || event.type === 'unmuted' ? [] : [event];
  }
}

/** Sends only the first digit of each request, like a handler that passes a string where one key is expected. */
class SendsOnlyTheFirstDigit extends DelegatingHandler {
  sendDigits(eventId: EventId, digits: string): Promise<void> { return this.inner.sendDigits(eventId, digits.slice(0, 1)); }
}

interface Breakage {
  readonly handler: string;
  readonly wrap: (honest: ReferenceVendorHandler) => ICtiVendorHandler;
  readonly check: ContractCheck;
  readonly checkName: string;
  readonly failsWith: RegExp;
}

const BREAKAGES: readonly Breakage[] = [
  {
    handler: 'blames the customer for an agent reject',
    wrap: (h) => new BlamesTheCustomer(h),
    check: agentRejectsRingingCall,
    checkName: 'agentRejectsRingingCall',
    failsWith: /but the handler reported:[\s\S]*ended \{eventId:'call-1', phase:'ringing', endedBy:'customer'\}/,
  },
  {
    handler: 'reuses the first eventId for a second call',
    wrap: (h) => new ReusesTheFirstEventId(h),
    check: twoCallsKeepTheirOwnEventIds,
    checkName: 'twoCallsKeepTheirOwnEventIds',
    failsWith: /Waited 300 ms for incoming of call call-2; the handler reported:[\s\S]*incoming \{eventId:'call-1', phoneNumber:'\+442071234567'\}/,
  },
  {
    handler: 'acts on the current call whatever the eventId',
    wrap: (h) => new ActsOnTheCurrentCall(h),
    check: verbsOnUnknownCallRejectReadably,
    checkName: 'verbsOnUnknownCallRejectReadably',
    failsWith: /acceptCall\('no-such-call-0000'\) resolved; it must reject[\s\S]*must report nothing, but it reported:[\s\S]*connected \{eventId:'call-1'\}/,
  },
  {
    handler: 'swallows a failed request',
    wrap: (h) => new SwallowsFailures(h),
    check: verbsOnUnknownCallRejectReadably,
    checkName: 'verbsOnUnknownCallRejectReadably',
    failsWith: /acceptCall\('no-such-call-0000'\) resolved; it must reject/,
  },
  {
    handler: 'rejects with a raw object instead of an Error',
    wrap: (h) => new RejectsWithRawObjects(h),
    check: verbsOnUnknownCallRejectReadably,
    checkName: 'verbsOnUnknownCallRejectReadably',
    failsWith: /rejectCall\('no-such-call-0000'\) rejected with \{code:'E_NO_CALL'\}, which is not an Error/,
  },
  {
    handler: 'reports the end of a call twice',
    wrap: (h) => new ReportsTheEndTwice(h),
    check: inboundAnsweredThenHungUpByAgent,
    checkName: 'inboundAnsweredThenHungUpByAgent',
    failsWith: /but the handler reported:[\s\S]*3\. ended[^\n]*\n\s*4\. ended/,
  },
  {
    handler: 'does not report an answer made on the phone',
    wrap: (h) => new ReportsOnlyItsOwnAnswers(h),
    check: phoneAnswersThenHangsUp,
    checkName: 'phoneAnswersThenHangsUp',
    failsWith: /Waited 300 ms for connected of call call-1/,
  },
  {
    handler: "places calls under its own id instead of the toolbar's eventId",
    wrap: (h) => new IgnoresTheToolbarsEventId(h),
    check: outboundCallAnsweredThenHungUp,
    checkName: 'outboundCallAnsweredThenHungUp',
    failsWith: /Waited 300 ms for dialing of call toolbar-[\s\S]*dialing \{eventId:'vendor-own-id'/,
  },
  {
    handler: 'says REFUSED where the vendor has no such call',
    wrap: (h) => new RewritesCallVerbFailures(h, withCode('NOT_FOUND', 'REFUSED')),
    check: verbsOnUnknownCallRejectReadably,
    checkName: 'verbsOnUnknownCallRejectReadably',
    failsWith: /acceptCall\('no-such-call-0000'\) rejected with a VendorError REFUSED \("There is no call no-such-call-0000 at the reference phone system."\); it must be NOT_FOUND/,
  },
  {
    handler: 'looks for the call before it checks the link',
    wrap: (h) => new RewritesCallVerbFailures(h, withCode('LINK_DOWN', 'NOT_FOUND')),
    check: verbsWithoutLinkRejectLinkDown,
    checkName: 'verbsWithoutLinkRejectLinkDown',
    failsWith: /Before start\(\), acceptCall\('no-such-call-0000'\) rejected with a VendorError NOT_FOUND[\s\S]*After stop\(\), acceptCall\('call-1'\) rejected with a VendorError NOT_FOUND/,
  },
  {
    handler: 'takes availability requests while the link is down',
    wrap: (h) => new AcceptsAvailabilityOffline(h),
    check: verbsWithoutLinkRejectLinkDown,
    checkName: 'verbsWithoutLinkRejectLinkDown',
    failsWith: /Before start\(\), makeAgentAvailable\(\) resolved; it must reject/,
  },
  {
    handler: "passes the vendor's refusal on as a bare Error",
    wrap: (h) => new RewritesCallVerbFailures(h, asBareError),
    check: vendorRefusalRejectsWithVendorError,
    checkName: 'vendorRefusalRejectsWithVendorError',
    failsWith: /acceptCall\('call-1'\) that the phone system refused rejected with a bare Error "The reference phone system refused to answer call call-1: no route to the agent's phone."; it must reject with a VendorError/,
  },
  {
    handler: 'takes a second start() as if nothing were wrong',
    wrap: (h) => new IgnoresASecondStart(h),
    check: startTwiceRejectsInvalidInState,
    checkName: 'startTwiceRejectsInvalidInState',
    failsWith: /start\(\) a second time resolved; it must reject/,
  },
  {
    handler: 'says REFUSED for a dial under an eventId already in use',
    wrap: (h) => new RewritesDialFailures(h, withCode('INVALID_IN_STATE', 'REFUSED')),
    check: dialWithEventIdInUseRejectsInvalidInState,
    checkName: 'dialWithEventIdInUseRejectsInvalidInState',
    failsWith: /makeOutboundCall\('\+442071234567', 'toolbar-[^']+'\) while call toolbar-[^ ]+ is dialing rejected with a VendorError REFUSED \("There is already a call toolbar-[^"]+\."\); it must be INVALID_IN_STATE/,
  },
  {
    handler: 'reports a refused outbound call with a code outside the declared set',
    wrap: (h) => new ReportsItsOwnOutboundCode(h),
    check: outboundCallRefusedByCallee,
    checkName: 'outboundCallRefusedByCallee',
    failsWith: /outboundFailed.errorCode must be one of INVALID_NUMBER, BUSY, NO_ANSWER, OUTDIAL_FAILED, not 'CALLEE_BUSY'/,
  },
  {
    handler: 'keeps reporting after stop()',
    wrap: (h) => new KeepsReportingAfterStop(h),
    check: stopEndsReporting,
    checkName: 'stopEndsReporting',
    failsWith: /After stop\(\), the handler must report nothing, but it reported:[\s\S]*ended \{eventId:'call-2'/,
  },
  {
    handler: 'says a call is held without holding it at the vendor',
    wrap: (h) => new ClaimsHoldWithoutHolding(h),
    check: holdThenResumeAnsweredCall,
    checkName: 'holdThenResumeAnsweredCall',
    failsWith: /The vendor side should show call call-1 on hold: true, but shows false/,
  },
  {
    handler: 'does not report a hold made at the phone',
    wrap: (h) => new ReportsOnlyItsOwnHolds(h),
    check: phoneHoldsAndResumes,
    checkName: 'phoneHoldsAndResumes',
    failsWith: /Waited 300 ms for held of call call-1/,
  },
  {
    handler: 'reports a resume before the end of a held call',
    wrap: (h) => new ResumesBeforeEnding(h),
    check: customerHangsUpWhileHeld,
    checkName: 'customerHangsUpWhileHeld',
    failsWith: /but the handler reported:[\s\S]*4\. resumed \{eventId:'call-1'\}\n\s*5\. ended/,
  },
  {
    handler: "passes the vendor's refusal of a hold on as a bare Error",
    wrap: (h) => new RejectsHoldWithBareErrors(h),
    check: controlsOnRingingCallRejectInvalidInState,
    checkName: 'controlsOnRingingCallRejectInvalidInState',
    failsWith: /holdCall\('call-1'\) while the call rings rejected with a bare Error "Call call-1 cannot be held: it is ringing."; it must reject with a VendorError/,
  },
  {
    handler: 'mutes without reporting it',
    wrap: (h) => new MutesSilently(h),
    check: muteThenUnmuteAnsweredCall,
    checkName: 'muteThenUnmuteAnsweredCall',
    failsWith: /Waited 300 ms for muted of call call-1/,
  },
  {
    handler: 'sends only the first digit of each request',
    wrap: (h) => new SendsOnlyTheFirstDigit(h),
    check: digitsReachTheFarSide,
    checkName: 'digitsReachTheFarSide',
    failsWith: /The vendor side should show the digits heard on call call-1: '12#\*0', but shows '10'/,
  },
];

describe('the vendor contract suite fails against broken handlers', () => {
  it.each(BREAKAGES)('$checkName catches a handler that $handler', async ({ wrap, check, failsWith }) => {
    await expect(runContractCheck(() => createReferenceDriver({ wrapHandler: wrap }), check, FAST)).rejects.toThrow(failsWith);
  });

  // The control: the same checks pass on the honest handler, so each failure above is its breakage's doing.
  it.each(BREAKAGES.filter((b, i) => BREAKAGES.findIndex((other) => other.check === b.check) === i))(
    '$checkName passes the honest handler',
    async ({ check }) => {
      await expect(runContractCheck(() => createReferenceDriver(), check, FAST)).resolves.toBeUndefined();
    },
  );

  it('catches a vendor that declares a feature its driver or handler lacks, and one that leaves a feature out', async () => {
    const basic = () => createReferenceDriver({ phone: { ringTimeoutMs: null, afterCallWork: false }, outboundCalls: false });
    await expect(runContractCheck(basic, declaredFeaturesAreReal({ ringTimeout: true, outbound: false, afterCallWork: false, hold: false, mute: false, digits: false, transfer: false, conference: false, transferDirectory: false }))).rejects.toThrow(
      'ringTimeout is declared true, but "the driver has ringTimesOut()" is false.',
    );
    await expect(runContractCheck(() => createReferenceDriver(), declaredFeaturesAreReal({ ringTimeout: true, outbound: false, afterCallWork: true, hold: false, mute: false, digits: false, transfer: false, conference: false, transferDirectory: false }))).rejects.toThrow(
      'outbound is declared false, but "capabilities.outboundCalls is true and the driver has calleeAnswers() and calleeRefuses()" is true.',
    );
  });
});
