import { saidAs } from '../../src/ts/cti/core/agentMessages';
import { VendorError, messageOf, type OutboundErrorCode } from '../../src/ts/cti/core/errors';
import type { ICtiVendorHandler } from '../../src/ts/cti/vendor/ICtiVendorHandler';
import type { DirectoryEntry, EventId, NotReadyReason, TransferDestination, TransferMode, VendorEvent, VendorEventListener } from '../../src/ts/cti/core/types';
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
  blindTransferReachesTheTarget,
  consultThenCompleteTransfer,
  consultCancelledWhileTheTargetTalks,
  consultCancelledWhileTheTargetRings,
  consultRefusedByTheTarget,
  consultTargetHangsUp,
  customerHangsUpDuringConsult,
  blindTransferToUnroutableRejects,
  consultVerbsWithoutConsultRejectInvalidInState,
  transferredInCallRings,
  conferenceThenAgentLeaves,
  targetLeavesConference,
  customerLeavesConference,
  directoryListsTheTarget,
  blindTransferToListedEntry,
} from './vendorContract';
import { ReferencePhoneSystem, ReferenceVendorHandler, createReferenceDriver, eventIdOf } from '../support/referencePhoneSystem';

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
  makeAgentUnavailable(reasonCode?: string): Promise<void> { return this.inner.makeAgentUnavailable(reasonCode); }
  notReadyReasons(): Promise<readonly NotReadyReason[]> { return this.inner.notReadyReasons(); }
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
      return [{ type: 'outboundFailed', eventId: event.eventId, errorCode: 'CALLEE_BUSY' as OutboundErrorCode, message: saidAs('The callee is busy.') }];
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

/** Reports a transfer as an end of call, as a handler that maps every release of the agent's leg to 'ended' might. */
class ReportsAnEndForATransfer extends DelegatingHandler {
  protected reported(event: VendorEvent): VendorEvent[] {
    return [event.type === 'transferred' ? { type: 'ended', eventId: event.eventId, phase: 'connected', endedBy: 'agent' } : event];
  }
}

/** Completes a transfer by making a conference and leaving it: the customer reaches the target, reported as a hang-up. */
class CompletesByLeavingAConference extends DelegatingHandler {
  async completeTransfer(eventId: EventId): Promise<void> {
    await this.inner.conferenceCall(eventId);
    await this.inner.hangupCall(eventId);
  }
}

/** Cancels a consult by hanging up the consult call alone: the customer is left on hold. */
class ForgetsToResumeAfterCancel extends DelegatingHandler {
  constructor(
    inner: ICtiVendorHandler,
    private readonly phone: ReferencePhoneSystem,
  ) {
    super(inner);
  }
  async cancelTransfer(eventId: EventId): Promise<void> {
    const consultCall = this.phone.findCall((call) => call.direction !== 'consult' && eventIdOf(call) === eventId)?.consultCall;
    if (consultCall === undefined) throw new VendorError('INVALID_IN_STATE', `Call ${eventId} has no consult call.`);
    this.phone.hangUp(consultCall);
  }
}

/** Looks only for an answered consult to cancel, and takes a ringing one as nothing to do. */
class CancelsOnlyAnsweredConsults extends DelegatingHandler {
  private readonly ringing = new Set<EventId>();
  protected reported(event: VendorEvent): VendorEvent[] {
    if (event.type === 'thirdParty' && event.party?.state === 'dialing') this.ringing.add(event.eventId);
    else if (event.type === 'thirdParty') this.ringing.delete(event.eventId);
    return [event];
  }
  cancelTransfer(eventId: EventId): Promise<void> {
    return this.ringing.has(eventId) ? Promise.resolve() : this.inner.cancelTransfer(eventId);
  }
}

/** Says 'hungUp' for every end of a consult that the agent did not cancel: the agent never learns the target refused. */
class CallsEveryConsultEndAHangUp extends DelegatingHandler {
  protected reported(event: VendorEvent): VendorEvent[] {
    return [event.type === 'thirdParty' && event.party === null && event.gone !== 'cancelled' ? { ...event, gone: 'hungUp' } : event];
  }
}

/** Takes the customer back on its own when the target hangs up, instead of leaving that to the agent. */
class ResumesWhenTheTargetHangsUp extends DelegatingHandler {
  protected reported(event: VendorEvent): VendorEvent[] {
    if (event.type === 'thirdParty' && event.party === null && event.gone === 'hungUp') void this.inner.resumeCall(event.eventId).catch(() => undefined);
    return [event];
  }
}

/** Reports the customer's hang-up during a consult but leaves the consult call up: the agent is never free. */
class LeavesTheConsultCallBehind extends ReferenceVendorHandler {
  protected releaseWhatIsLeft(): void {}
}

/** Takes a blind transfer the vendor refused as done, so the agent believes the customer went. */
class SwallowsTransferFailures extends DelegatingHandler {
  transferCall(eventId: EventId, destination: TransferDestination, options: { readonly mode: TransferMode }): Promise<void> {
    return this.inner.transferCall(eventId, destination, options).catch(() => undefined);
  }
}

/** Says NOT_FOUND when a consult verb finds no consult call, though the call it names is there. */
class SaysNotFoundWithoutAConsult extends DelegatingHandler {
  private static readonly rewrite = withCode('INVALID_IN_STATE', 'NOT_FOUND');
  completeTransfer(eventId: EventId): Promise<void> {
    return this.inner.completeTransfer(eventId).catch((err: unknown) => {
      throw SaysNotFoundWithoutAConsult.rewrite(err);
    });
  }
  cancelTransfer(eventId: EventId): Promise<void> {
    return this.inner.cancelTransfer(eventId).catch((err: unknown) => {
      throw SaysNotFoundWithoutAConsult.rewrite(err);
    });
  }
}

/** Reports a transferred-in call as a plain incoming call: the agent is not told a colleague sent it. */
class DropsTheTransferData extends DelegatingHandler {
  protected reported(event: VendorEvent): VendorEvent[] {
    if (event.type !== 'incoming') return [event];
    const { transfer: _dropped, ...plain } = event;
    return [plain];
  }
}

/** Makes the conference at the vendor and never says so: the toolbar still shows a consult. */
class NeverReportsTheConference extends DelegatingHandler {
  protected reported(event: VendorEvent): VendorEvent[] {
    return event.type === 'thirdParty' && event.party?.state === 'conferenced' ? [] : [event];
  }
}

/** Hangs up when the target leaves a conference, as if the conference were the call: the customer is cut off. */
class HangsUpWhenTheTargetLeaves extends DelegatingHandler {
  protected reported(event: VendorEvent): VendorEvent[] {
    if (event.type === 'thirdParty' && event.party === null && event.gone === 'hungUp') void this.inner.hangupCall(event.eventId).catch(() => undefined);
    return [event];
  }
}

/** Blames the agent for the end of a conference the customer left, since the handler itself released the agent's side. */
class BlamesTheAgentWhenTheCustomerLeavesAConference extends DelegatingHandler {
  private readonly conferences = new Set<EventId>();
  protected reported(event: VendorEvent): VendorEvent[] {
    if (event.type === 'thirdParty' && event.party?.state === 'conferenced') this.conferences.add(event.eventId);
    return [event.type === 'ended' && this.conferences.has(event.eventId) ? { ...event, endedBy: 'agent' } : event];
  }
}

/** Lists each directory entry under its id for a name, as a handler that reads the wrong field would. */
class MisnamesDirectoryEntries extends DelegatingHandler {
  async transferDirectory(): Promise<readonly DirectoryEntry[]> {
    return (await this.inner.transferDirectory()).map((entry) => ({ ...entry, name: entry.id }));
  }
}

/** Reports a transfer to a directory entry under the entry's id (an Amazon Connect quick connect's ARN, say), not its name. */
class ReportsTheEntrysIdAsItsDestination extends DelegatingHandler {
  private readonly entryIds = new Map<EventId, string>();
  transferCall(eventId: EventId, destination: TransferDestination, options: { readonly mode: TransferMode }): Promise<void> {
    if (destination.kind === 'directory') this.entryIds.set(eventId, destination.id);
    return this.inner.transferCall(eventId, destination, options);
  }
  protected reported(event: VendorEvent): VendorEvent[] {
    const id = event.type === 'transferred' ? this.entryIds.get(event.eventId) : undefined;
    return [event.type === 'transferred' && id !== undefined ? { ...event, destination: id } : event];
  }
}

interface Breakage {
  readonly handler: string;
  readonly wrap: (honest: ReferenceVendorHandler, phone: ReferencePhoneSystem) => ICtiVendorHandler;
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
  {
    handler: 'reports an end of call for a transfer',
    wrap: (h) => new ReportsAnEndForATransfer(h),
    check: blindTransferReachesTheTarget,
    checkName: 'blindTransferReachesTheTarget',
    failsWith: /Waited 300 ms for transferred of call call-1; the handler reported:[\s\S]*ended \{eventId:'call-1', phase:'connected', endedBy:'agent'\}/,
  },
  {
    handler: 'completes a transfer by leaving a conference',
    wrap: (h) => new CompletesByLeavingAConference(h),
    check: consultThenCompleteTransfer,
    checkName: 'consultThenCompleteTransfer',
    failsWith: /Waited 300 ms for transferred of call call-1[\s\S]*thirdParty \{eventId:'call-1', party:\{destination:'Sales desk', state:'conferenced'\}\}[\s\S]*ended \{eventId:'call-1', phase:'connected', endedBy:'agent'\}/,
  },
  {
    handler: 'forgets to take the customer back when it cancels a consult',
    wrap: (h, phone) => new ForgetsToResumeAfterCancel(h, phone),
    check: consultCancelledWhileTheTargetTalks,
    checkName: 'consultCancelledWhileTheTargetTalks',
    failsWith: /Waited 300 ms for resumed of call call-1; the handler reported:[\s\S]*thirdParty \{eventId:'call-1', party:null, gone:'cancelled'\}/,
  },
  {
    handler: 'cancels only consults the target answered',
    wrap: (h) => new CancelsOnlyAnsweredConsults(h),
    check: consultCancelledWhileTheTargetRings,
    checkName: 'consultCancelledWhileTheTargetRings',
    failsWith: /Waited 300 ms for thirdParty \{party:null\} of call call-1/,
  },
  {
    handler: 'says the target hung up when it refused',
    wrap: (h) => new CallsEveryConsultEndAHangUp(h),
    check: consultRefusedByTheTarget,
    checkName: 'consultRefusedByTheTarget',
    failsWith: /A consult the target refused should be reported as thirdParty \{party:null, gone:'refused' or 'busy'\}, not thirdParty \{eventId:'call-1', party:null, gone:'hungUp'\}/,
  },
  {
    handler: 'takes the customer back on its own when the target hangs up',
    wrap: (h) => new ResumesWhenTheTargetHangsUp(h),
    check: consultTargetHangsUp,
    checkName: 'consultTargetHangsUp',
    failsWith: /The vendor side should show call call-1 on hold: true, but shows false/,
  },
  {
    handler: 'leaves the consult call up when the customer hangs up',
    wrap: (h, phone) => new LeavesTheConsultCallBehind(phone, { outboundCalls: h.capabilities.outboundCalls }),
    check: customerHangsUpDuringConsult,
    checkName: 'customerHangsUpDuringConsult',
    failsWith: /The vendor side should show the agent with calls at the vendor: false, but shows true/,
  },
  {
    handler: 'takes a transfer the vendor refused as done',
    wrap: (h) => new SwallowsTransferFailures(h),
    check: blindTransferToUnroutableRejects,
    checkName: 'blindTransferToUnroutableRejects',
    failsWith: /transferCall\('call-1', '7999', \{mode:'blind'\}\) to a destination the vendor cannot reach resolved; it must reject/,
  },
  {
    handler: 'says NOT_FOUND for a consult verb without a consult',
    wrap: (h) => new SaysNotFoundWithoutAConsult(h),
    check: consultVerbsWithoutConsultRejectInvalidInState,
    checkName: 'consultVerbsWithoutConsultRejectInvalidInState',
    failsWith: /completeTransfer\('call-1'\) on a connected call without a consult rejected with a VendorError NOT_FOUND \("Call call-1 has no consult call to complete the transfer with."\); it must be INVALID_IN_STATE/,
  },
  {
    handler: 'drops the transfer data of a call transferred in',
    wrap: (h) => new DropsTheTransferData(h),
    check: transferredInCallRings,
    checkName: 'transferredInCallRings',
    failsWith: /A call transferred in from \+16505550100 should be reported as incoming [^\n]*, not incoming \{eventId:'call-1', phoneNumber:'\+16505550100'\}\./,
  },
  {
    handler: 'never reports the conference',
    wrap: (h) => new NeverReportsTheConference(h),
    check: conferenceThenAgentLeaves,
    checkName: 'conferenceThenAgentLeaves',
    failsWith: /Waited 300 ms for thirdParty in state 'conferenced' of call call-1/,
  },
  {
    handler: 'hangs up when the target leaves a conference',
    wrap: (h) => new HangsUpWhenTheTargetLeaves(h),
    check: targetLeavesConference,
    checkName: 'targetLeavesConference',
    failsWith: /The vendor side should show the agent with calls at the vendor: true, but shows false/,
  },
  {
    handler: 'blames the agent when the customer leaves a conference',
    wrap: (h) => new BlamesTheAgentWhenTheCustomerLeavesAConference(h),
    check: customerLeavesConference,
    checkName: 'customerLeavesConference',
    failsWith: /but the handler reported:[\s\S]*ended \{eventId:'call-1', phase:'connected', endedBy:'agent'\}/,
  },
  {
    handler: 'lists directory entries under their ids for names',
    wrap: (h) => new MisnamesDirectoryEntries(h),
    check: directoryListsTheTarget,
    checkName: 'directoryListsTheTarget',
    failsWith: /transferDirectory\(\) should list \{id:'desk-7002', name:'Sales desk'\}, but it listed:\n {2}\{id:'desk-7002', name:'desk-7002', kind:'agent'\}/,
  },
  {
    handler: "reports a transfer to a directory entry under the entry's id",
    wrap: (h) => new ReportsTheEntrysIdAsItsDestination(h),
    check: blindTransferToListedEntry,
    checkName: 'blindTransferToListedEntry',
    failsWith: /should be reported as transferred to 'Sales desk', not transferred \{eventId:'call-1', destination:'desk-7002'\}/,
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
    await expect(runContractCheck(basic, declaredFeaturesAreReal({ ringTimeout: true, outbound: false, afterCallWork: false, hold: false, mute: false, digits: false, transfer: false, conference: false, transferDirectory: false, notReadyReasons: false }))).rejects.toThrow(
      'ringTimeout is declared true, but "the driver has ringTimesOut()" is false.',
    );
    await expect(runContractCheck(() => createReferenceDriver(), declaredFeaturesAreReal({ ringTimeout: true, outbound: false, afterCallWork: true, hold: true, mute: true, digits: true, transfer: true, conference: true, transferDirectory: true, notReadyReasons: true }))).rejects.toThrow(
      'outbound is declared false, but "capabilities.outboundCalls is true and the driver has calleeAnswers() and calleeRefuses()" is true.',
    );
  });
});
