import type { ICtiVendorHandler } from '../vendor/ICtiVendorHandler';
import { type Engagement, type VendorInput, type VendorVerb, commandPlan, controlPlan, isTalking, situationOf, vendorTransition } from './engagement';
import { digitsIssue } from './dtmf';
import { Engagements } from './engagements';
import { excerpt } from './excerpt';
import { ErrorLine } from './errorLine';
import { type AgentMessage, type CallMessageKey, say } from './agentMessages';
import { VendorError, asVendorError, messageOf } from './errors';
import { FusionStory } from './fusionStory';
import { type Logger, consoleLogger } from './logger';
import { type OutboundFailure, outboundFailureOf } from './outboundFailure';
import { PresenceIntent } from './presenceIntent';
import { CONNECTING_PRESENCE, NO_VENDOR_PRESENCE, PresenceSync } from './presenceSync';
import { SnapshotListeners, type ToolbarSnapshot, engagementView } from './toolbarSnapshot';
import {
  type AgentPresence,
  type CallAction,
  type CallControl,
  type CallControlRequest,
  type CommandResult,
  type CommandSource,
  type DirectoryEntry,
  type EventId,
  type NotReadyReason,
  REASON_CODE,
  type Failure,
  type FusionCommands,
  type FusionData,
  type FusionPort,
  type LinkStatus,
  OK,
  type ThirdParty,
  type ThirdPartyGone,
  type VendorEvent,
  failure,
} from './types';
import { vendorFailure } from './vendorFailure';
import { presenceLabelProblem, vendorReportProblem } from './vendorReportCheck';
import { VendorRequests } from './vendorRequests';
import { SerialByKey } from './serialByKey';
import { PHONE_NUMBER, transferDestinationIssue } from './transferDestination';

export interface IntegrationEventsHandlerOptions {
  readonly vendor: ICtiVendorHandler | null;
  readonly fusion: FusionPort;
  readonly now?: () => number;
  readonly newEventId?: () => EventId;
  readonly log?: Logger;
  /** How many ended calls to remember so that their late or repeated reports are absorbed (Engagements). */
  readonly closedMemory?: number;
  /**
   * The agent Fusion names (getConfiguration().getAgentId()), when it does. Where the vendor has a sign-in of its
   * own (signedInAgent()), the agent may become available only as that same agent.
   */
  readonly fusionAgentId?: string;
}

function defaultEventId(): EventId {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `toolbar-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** What the agent reads when an action failed ("Could not answer the call: …"), and when a request of it is under way. */
const COULD_NOT: Readonly<Record<CallAction | CallControl, CallMessageKey>> = {
  accept: 'couldNotAccept',
  reject: 'couldNotReject',
  hangup: 'couldNotHangup',
  hold: 'couldNotHold',
  resume: 'couldNotResume',
  mute: 'couldNotMute',
  unmute: 'couldNotUnmute',
  digits: 'couldNotDigits',
  transfer: 'couldNotTransfer',
  completeTransfer: 'couldNotCompleteTransfer',
  conference: 'couldNotConference',
  cancelTransfer: 'couldNotCancelTransfer',
};
const BUSY_WITH: Readonly<Record<VendorVerb, CallMessageKey>> = {
  acceptCall: 'busyAnswering',
  rejectCall: 'busyDeclining',
  hangupCall: 'busyHangingUp',
  holdCall: 'busyHolding',
  resumeCall: 'busyResuming',
  transferCall: 'busyTransferring',
  completeTransfer: 'busyCompletingTransfer',
  cancelTransfer: 'busyCancellingTransfer',
  conferenceCall: 'busyConferencing',
};

const TRANSFER_VERBS: ReadonlySet<VendorVerb> = new Set<VendorVerb>(['transferCall', 'completeTransfer', 'cancelTransfer', 'conferenceCall']);

/** How the agent reads why a third party left (the agent's own cancel is not news). */
const THIRD_PARTY_GONE_WORDS: Readonly<Record<ThirdPartyGone, CallMessageKey>> = {
  cancelled: 'partyDropped',
  refused: 'partyRefused',
  busy: 'partyBusy',
  noAnswer: 'partyNoAnswer',
  hungUp: 'partyHungUp',
  failed: 'partyFailed',
};
/** Which capability each control needs, and how the agent reads its absence. */
const CONTROL_CAPABILITY: Readonly<Record<CallControl, ['hold' | 'mute' | 'digits' | 'transfer' | 'conference', CallMessageKey]>> = {
  hold: ['hold', 'cannotHold'],
  resume: ['hold', 'cannotHold'],
  mute: ['mute', 'cannotMute'],
  unmute: ['mute', 'cannotMute'],
  digits: ['digits', 'cannotSendDigits'],
  transfer: ['transfer', 'cannotTransfer'],
  completeTransfer: ['transfer', 'cannotTransfer'],
  cancelTransfer: ['transfer', 'cannotTransfer'],
  conference: ['conference', 'cannotConference'],
};

/**
 * The mediator between the telephony vendor and Fusion (the name of Oracle's tutorial). It keeps one engagement per
 * call and makes sure Fusion hears exactly one story per call (one newCommEvent, at most one startCommEvent, one
 * closeCommEvent, in order), whoever reports or asks for what: Fusion's UI, the toolbar's buttons, or the vendor.
 *
 * It wires parts that each have one job: the transition tables (engagement.ts), the open and ended calls
 * (Engagements), what Fusion hears of each call, in order (FusionStory), vendor requests once each and
 * their failures worded by code (VendorRequests), presence (PresenceSync), the error line (ErrorLine), the views
 * (SnapshotListeners) and the check of vendor reports (vendorReportCheck.ts).
 */
export class IntegrationEventsHandler implements FusionCommands {
  private readonly vendor: ICtiVendorHandler | null;
  private readonly fusion: FusionPort;
  private readonly newEventId: () => EventId;
  private readonly log: Logger;
  private readonly fusionAgentId: string | undefined;

  private readonly engagements: Engagements;
  private readonly story: FusionStory;
  private readonly requests: VendorRequests;
  private readonly presence: PresenceSync;
  private readonly intent = new PresenceIntent();
  private readonly errorLine: ErrorLine;
  private readonly views: SnapshotListeners;
  /** Keypad digits per call, sent in the order pressed. */
  private readonly digitsSent = new SerialByKey<CommandResult>();
  private digitRequests = 0;
  private link: LinkStatus;
  private started = false;

  constructor(options: IntegrationEventsHandlerOptions) {
    this.vendor = options.vendor;
    this.fusion = options.fusion;
    this.newEventId = options.newEventId ?? defaultEventId;
    this.log = options.log ?? consoleLogger;
    this.fusionAgentId = options.fusionAgentId;
    this.engagements = new Engagements(options.now ?? Date.now, options.closedMemory);
    this.views = new SnapshotListeners(() => this.snapshot(), this.log);
    this.errorLine = new ErrorLine(this.log, () => this.views.changed());
    this.story = new FusionStory(
      this.fusion,
      (message) => this.errorLine.report(message),
      () => this.views.changed(),
      (message) => this.log('info', message),
    );
    this.requests = new VendorRequests(this.vendor?.displayName ?? 'the phone system', (message) => this.errorLine.report(message));
    this.presence = new PresenceSync(this.fusion, this.vendor ? CONNECTING_PRESENCE : NO_VENDOR_PRESENCE, (presence, err) =>
      this.errorLine.report(say('fusionDidNotTakeState', { state: presence.label ?? presence.displayName, detail: messageOf(err) })),
    );
    this.link = this.vendor ? 'connecting' : 'down';
  }

  /**
   * The toolbar's start, in the order Fusion expects: the agent state (which enables Fusion's phone icon), then
   * Fusion's commands, then the vendor and its reports. Resolves once the vendor is connected or has failed to
   * (which the error line says). Called once.
   */
  async start(): Promise<void> {
    if (this.started) throw new Error('The toolbar core was started twice.');
    this.started = true;
    await this.presence.publish();
    this.fusion.listen(this, this.errorLine);
    await this.connectVendor();
  }

  private async connectVendor(): Promise<void> {
    if (!this.vendor) return;
    try {
      await this.vendor.start((event) => this.handleVendorEvent(event));
    } catch (err) {
      this.link = 'down';
      this.errorLine.report(say('couldNotConnect', { vendor: this.vendor.displayName, detail: err instanceof VendorError ? err.said : messageOf(err) }));
    }
  }

  // ---- What the vendor reports -------------------------------------------------------------------------------

  private handleVendorEvent(reported: VendorEvent): void {
    const problem = vendorReportProblem(reported);
    if (problem) {
      this.errorLine.report(say('unusableReport', { problem }));
      return;
    }
    let event = reported;
    const labelProblem = event.type === 'agentState' ? presenceLabelProblem(event) : null;
    if (event.type === 'agentState' && labelProblem !== null) {
      this.log('warn', `A presence label the toolbar cannot use (${labelProblem}): "${event.presence.displayName}" is shown as it is.`);
      const { label: _unusable, ...presence } = event.presence;
      event = { ...event, presence };
    }
    switch (event.type) {
      case 'incoming':
        if (this.openEngagement(event.eventId, 'inbound', event.phoneNumber, {}) && event.transfer) {
          const engagement = this.engagements.get(event.eventId);
          if (engagement) engagement.transfer = { ...event.transfer };
        }
        break;
      case 'dialing':
        this.openEngagement(event.eventId, 'outbound', event.phoneNumber, {});
        break;
      case 'connected':
      case 'held':
      case 'resumed':
        this.applyVendorInput(event.eventId, { kind: event.type });
        break;
      case 'muted':
      case 'unmuted':
        this.muteReported(event.eventId, event.type === 'muted');
        break;
      case 'thirdParty':
        this.thirdPartyReported(event.eventId, event.party, event.gone);
        break;
      case 'transferred': {
        const engagement = this.engagements.get(event.eventId);
        if (engagement && isTalking(engagement.state)) engagement.transferredTo = event.destination;
        this.applyVendorInput(event.eventId, { kind: 'transferred' });
        break;
      }
      case 'ended':
        this.applyVendorInput(event.eventId, { kind: 'ended', phase: event.phase, endedBy: event.endedBy });
        break;
      case 'outboundFailed': {
        const { failure, reason, oddity } = outboundFailureOf(event.errorCode, event.message);
        this.dialFailed(event.eventId, failure, oddity ? say('dialFailedOddly', { reason, oddity }) : say('dialFailed', { reason }));
        break;
      }
      case 'agentState': {
        void this.presence.update(event.presence);
        const restore = this.intent.reported(event.presence, event.onConnect === true);
        if (restore !== null) void this.restoreAvailability(restore);
        break;
      }
      case 'link':
        this.link = event.status;
        if (event.status === 'down' && event.detail) this.errorLine.report(event.detail);
        break;
      case 'error':
        this.errorLine.report(event.message);
        return;
    }
    this.views.changed();
  }

  private openEngagement(eventId: EventId, direction: Engagement['direction'], phoneNumber: string, fusionData: FusionData): boolean {
    const engagement = this.engagements.openCall(eventId, direction, phoneNumber, fusionData);
    if (!engagement) {
      this.log('info', `Call ${eventId} is already known; repeated report absorbed.`);
      return false;
    }
    this.story.open(engagement);
    return true;
  }

  private applyVendorInput(eventId: EventId, input: VendorInput): void {
    const engagement = this.engagements.get(eventId);
    if (!engagement) {
      const known = this.engagements.hasEnded(eventId) ? 'already closed' : 'unknown';
      this.log('info', `Vendor reported ${input.kind} for ${known} call ${eventId}; absorbed.`);
      return;
    }
    const transition = vendorTransition(engagement.state, engagement.direction, input);
    if (transition.kind === 'absorb') {
      this.log('info', `Vendor reported ${input.kind} for call ${eventId} (${engagement.state}): ${transition.why}; absorbed.`);
      return;
    }
    // Told first: the close's reason is the call's outcome, which the move to 'ended' remembers.
    this.story.tell(engagement, transition.effects);
    this.engagements.move(engagement, transition.to);
  }

  /** Mute is an attribute of a talked call: a report about a call that is not talking (any more) is absorbed. */
  private muteReported(eventId: EventId, muted: boolean): void {
    const engagement = this.engagements.get(eventId);
    if (!engagement || !isTalking(engagement.state)) {
      this.log('info', `Vendor reported ${muted ? 'muted' : 'unmuted'} for call ${eventId}, which is not talking; absorbed.`);
      return;
    }
    engagement.muted = muted;
  }

  /**
   * The third party is an attribute of a talked call, like mute: a report about a call that is not talking is
   * absorbed. A report answers a transfer request under way (the consult's leg was placed, or dropped), so the next
   * may follow; why a party left stays on the call for the agent to read until another comes.
   */
  private thirdPartyReported(eventId: EventId, party: ThirdParty | null, gone: ThirdPartyGone | undefined): void {
    const engagement = this.engagements.get(eventId);
    if (!engagement || !isTalking(engagement.state)) {
      this.log('info', `Vendor reported a third party for call ${eventId}, which is not talking; absorbed.`);
      return;
    }
    const before = engagement.thirdParty;
    engagement.thirdParty = party ?? undefined;
    if (party) engagement.thirdPartyGone = undefined;
    else if (before) engagement.thirdPartyGone = gone ?? 'hungUp';
    // A third party placed, answering a consult, or gone answers the transfer request under way, whichever it was:
    // a completion whose target left before the hand-over must not leave the call "busy" for good.
    if (engagement.requested !== undefined && TRANSFER_VERBS.has(engagement.requested)) engagement.requested = undefined;
    if (!party && before && gone !== 'cancelled') {
      this.errorLine.report(say(THIRD_PARTY_GONE_WORDS[gone ?? 'hungUp'], { party: before.destination }));
    }
  }

  /**
   * A dial failed, whether the vendor reported it or refused makeOutboundCall: the agent reads `agentMessage` (logged),
   * and a call still dialing hears outboundCommError, then closes in Fusion.
   */
  private dialFailed(eventId: EventId, failure: OutboundFailure, agentMessage: AgentMessage): void {
    this.errorLine.report(agentMessage);
    this.applyVendorInput(eventId, { kind: 'outboundFailed', ...failure });
  }

  // ---- What the agent asks for (from Fusion or from the toolbar) -----------------------------------------------

  async callAction(eventId: EventId, action: CallAction, source: CommandSource): Promise<CommandResult> {
    const state = this.engagements.stateOf(eventId);
    if (!state) return this.errorLine.refuse('UNKNOWN_ENGAGEMENT', say('noSuchCall', { call: excerpt(eventId) }));
    const engagement = this.engagements.get(eventId);
    const plan = commandPlan(engagement ? situationOf(engagement) : state, action);
    switch (plan.kind) {
      case 'done':
        this.log('info', `${action} from ${source} for call ${eventId} (${state}): already done.`);
        return OK;
      case 'invalid':
        return this.errorLine.refuse('INVALID_IN_STATE', plan.message);
      case 'vendor':
        // Only a call still open can need the vendor: ended calls plan 'done' or 'invalid'.
        if (!engagement) return this.errorLine.refuse('UNKNOWN_ENGAGEMENT', say('noSuchCall', { call: excerpt(eventId) }));
        return this.requestFromVendor(engagement, plan.verb, action, source);
    }
  }

  /**
   * A control of a talked call, from the toolbar: hold and resume move the call (one request at a time, like the
   * actions above); mute is the call's attribute, asked for unless it already holds; digits go out in the order
   * pressed. Each needs its capability; the vendor's report, not the request's answer, changes what the agent sees.
   */
  async callControl(eventId: EventId, request: CallControlRequest): Promise<CommandResult> {
    const vendor = this.vendor;
    if (!vendor) return this.errorLine.refuse('NO_VENDOR', say('noVendor'));
    const [capability, unable] = CONTROL_CAPABILITY[request.control];
    if (!vendor.capabilities[capability]) return this.errorLine.refuse('NOT_SUPPORTED', say(unable, { vendor: vendor.displayName }));
    const problem = request.control === 'digits' ? digitsIssue(request.digits) : request.control === 'transfer' ? transferDestinationIssue(request.destination) : null;
    if (problem) return this.errorLine.refuse('BAD_INPUT', problem);
    if (request.control === 'transfer' && request.mode !== 'blind' && request.mode !== 'consult') {
      return this.errorLine.refuse('BAD_INPUT', say('notATransferKind', { mode: excerpt(String(request.mode)) }));
    }
    const state = this.engagements.stateOf(eventId);
    const engagement = this.engagements.get(eventId);
    if (!state) return this.errorLine.refuse('UNKNOWN_ENGAGEMENT', say('noSuchCall', { call: excerpt(eventId) }));
    const plan = controlPlan(engagement ? situationOf(engagement) : state, request.control);
    if (plan.kind === 'invalid') return this.errorLine.refuse('INVALID_IN_STATE', plan.message);
    if (plan.kind === 'done' || !engagement) return OK;
    const lead = say(COULD_NOT[request.control]);
    const verb = plan.verb;
    switch (verb) {
      case 'holdCall':
      case 'resumeCall':
      case 'completeTransfer':
      case 'cancelTransfer':
      case 'conferenceCall':
        return this.requestFromVendor(engagement, verb, request.control, 'toolbar');
      case 'transferCall': {
        if (request.control !== 'transfer') return this.errorLine.refuse('TOOLBAR_ERROR', say('transferWithoutDestination'));
        const { destination, mode } = request;
        const trimmed = destination.kind === 'number' ? { kind: 'number' as const, phoneNumber: destination.phoneNumber.trim() } : destination;
        engagement.thirdPartyGone = undefined;
        return this.requestFromVendor(engagement, verb, request.control, 'toolbar', () => vendor.transferCall(eventId, trimmed, { mode }));
      }
      case 'muteCall':
      case 'unmuteCall':
        if ((engagement.muted ?? false) === (verb === 'muteCall')) return OK;
        return this.requests.once(`${verb}:${eventId}`, () => vendor[verb](eventId), lead);
      case 'sendDigits': {
        const digits = request.control === 'digits' ? request.digits : '';
        const key = `sendDigits:${eventId}:${++this.digitRequests}`;
        return this.digitsSent.run(eventId, (previous) => {
          // Keys wait for the ones before them: by their turn the call may be held or over, or a key before failed.
          if (previous !== undefined && !previous.ok) return Promise.resolve(failure('REFUSED', 'Not sent: a key pressed before it was not sent.'));
          const now = this.engagements.get(eventId)?.state;
          if (now !== 'connected') return Promise.resolve(this.errorLine.refuse('INVALID_IN_STATE', say('digitsCallNotConnected')));
          return this.requests.once(key, () => vendor.sendDigits(eventId, digits), lead);
        });
      }
    }
  }

  /**
   * The named transfer destinations the vendor offers (Amazon Connect's quick connects), for the toolbar's transfer
   * form. A vendor without a directory has none; one that fails to list them says why, and the agent can still type
   * a number.
   */
  async transferDirectory(): Promise<{ readonly ok: true; readonly entries: readonly DirectoryEntry[] } | Failure> {
    const vendor = this.vendor;
    if (!vendor?.capabilities.transferDirectory) return { ok: true, entries: [] };
    try {
      const entries = await vendor.transferDirectory();
      return { ok: true, entries };
    } catch (err) {
      const { failure: failed, message } = vendorFailure(err, say('couldNotListDestinations'), vendor.displayName);
      this.errorLine.report(message);
      return failed;
    }
  }

  /**
   * Sends a call request to the vendor once: until the vendor reports its outcome, the same request from another
   * source is absorbed and a conflicting one (answer while declining) is refused.
   */
  private async requestFromVendor(
    engagement: Engagement,
    verb: VendorVerb,
    action: CallAction | CallControl,
    source: CommandSource,
    send?: () => Promise<void>,
  ): Promise<CommandResult> {
    const vendor = this.vendor;
    if (!vendor) return this.errorLine.refuse('NO_VENDOR', say('noVendor'));
    const { eventId } = engagement;
    const key = `${verb}:${eventId}`;
    if (engagement.requested === verb && !this.requests.isRunning(key)) {
      this.log('info', `${action} from ${source} for call ${eventId}: already sent to the vendor.`);
      return OK;
    }
    // Hanging up never waits for a hold or a resume: the agent who wants the call gone must not be told to wait.
    const overridable = verb === 'hangupCall' && (engagement.requested === 'holdCall' || engagement.requested === 'resumeCall');
    if (engagement.requested && engagement.requested !== verb && !overridable) {
      return this.errorLine.refuse('INVALID_IN_STATE', say(BUSY_WITH[engagement.requested]));
    }
    engagement.requested = verb;
    const request = send ?? (() => (verb === 'transferCall' ? Promise.reject(new Error('A transfer needs its destination.')) : vendor[verb](eventId)));
    const result = await this.requests.once(key, request, say(COULD_NOT[action]));
    if (!result.ok && engagement.requested === verb) engagement.requested = undefined;
    return result;
  }

  /**
   * The agent finished wrap-up: the call is over for good. Finished in the toolbar, Fusion's Wrap Up window is still
   * open, so Fusion hears closeCommEvent ENDCOMMUNICATION, which Oracle defines for closing it; finished in Fusion
   * (its window closed), Fusion needs to hear nothing.
   */
  finishWrapup(eventId: EventId, source: CommandSource): CommandResult {
    const engagement = this.engagements.get(eventId);
    if (!engagement || engagement.state !== 'wrapup') {
      this.log('info', `Wrap-up finished from ${source} for call ${eventId}, which is not in wrap-up; nothing to do.`);
      return OK;
    }
    this.engagements.move(engagement, 'ended');
    if (source === 'toolbar') this.story.tell(engagement, [{ kind: 'closeComm', reason: 'ENDCOMMUNICATION' }]);
    this.views.changed();
    const vendor = this.vendor;
    if (vendor?.capabilities.afterCallWork) {
      void this.requests.once(`completeWrapup:${eventId}`, () => vendor.completeWrapup(eventId), say('couldNotFinishAfterCallWork'));
    }
    return OK;
  }

  /**
   * Fusion's ringing dialog timed out (onDataUpdated OFFER_TIMEOUT), and Fusion expects the toolbar to close the
   * engagement (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/ondataupdated-method.html). Fusion's
   * timeout is final: the call closes in Fusion as TIMEOUT at once, and whatever the vendor reports of it later is
   * absorbed, so no startCommEvent can follow. The vendor's call is ended too: declined, or hung up if an answer under
   * way connected it first; if the vendor refuses, the agent reads that it could not be ended, and why.
   * A call no longer ringing (answered meanwhile, or outbound) is left as it is.
   */
  async offerTimedOut(eventId: EventId): Promise<CommandResult> {
    const engagement = this.engagements.get(eventId);
    if (!engagement || engagement.state !== 'ringing') {
      this.log('info', `Fusion's offer timed out for call ${eventId}, which is not ringing (${engagement?.state ?? 'unknown'}); nothing to do.`);
      return OK;
    }
    this.story.tell(engagement, [{ kind: 'closeComm', reason: 'TIMEOUT' }]);
    this.engagements.move(engagement, 'ended');
    this.views.changed();
    const vendor = this.vendor;
    if (!vendor) return OK;
    const lead = say('offerTimedOutNotEnded', { number: engagement.phoneNumber });
    const answering = this.requests.running(`acceptCall:${eventId}`);
    const answered = answering ? (await answering).ok : false;
    return answered
      ? this.requests.once(`hangupCall:${eventId}`, () => vendor.hangupCall(eventId), lead)
      : this.requests.once(`rejectCall:${eventId}`, () => vendor.rejectCall(eventId), lead);
  }

  async setAvailability(available: boolean, source: CommandSource, reasonCode?: string): Promise<CommandResult> {
    const vendor = this.vendor;
    if (!vendor) return this.errorLine.refuse('NO_VENDOR', say('noVendor'));
    if (reasonCode !== undefined) {
      if (available) return this.errorLine.refuse('BAD_INPUT', say('reasonOnlyWhenUnavailable'));
      if (!vendor.capabilities.notReadyReasons) return this.errorLine.refuse('NOT_SUPPORTED', say('takesNoReason', { vendor: vendor.displayName }));
      if (typeof reasonCode !== 'string' || !REASON_CODE.test(reasonCode)) return this.errorLine.refuse('BAD_INPUT', say('notAReason', { reason: excerpt(String(reasonCode)) }));
    }
    this.log('info', `make ${available ? 'available' : 'unavailable'}${reasonCode ? ` (${reasonCode})` : ''} from ${source}`);
    const mismatch = available ? this.identityMismatch(vendor) : null;
    if (mismatch !== null) return this.errorLine.refuse('REFUSED', mismatch);
    const result = await this.availabilityRequest(vendor, available, say(available ? 'couldNotMakeAvailable' : 'couldNotMakeUnavailable'), reasonCode);
    if (result.ok) this.intent.chose(available, reasonCode);
    return result;
  }

  /** The not-ready reasons the vendor offers (none where it offers none); one that fails to list them says why. */
  async notReadyReasons(): Promise<{ readonly ok: true; readonly reasons: readonly NotReadyReason[] } | Failure> {
    const vendor = this.vendor;
    if (!vendor?.capabilities.notReadyReasons) return { ok: true, reasons: [] };
    try {
      return { ok: true, reasons: await vendor.notReadyReasons() };
    } catch (err) {
      const { failure: failed, message } = vendorFailure(err, say('couldNotListReasons'), vendor.displayName);
      this.errorLine.report(message);
      return failed;
    }
  }

  /**
   * The vendor came back with the agent in a presence the agent did not choose (PresenceIntent): the choice is asked
   * for again, once; if the vendor refuses, the agent reads what they had chosen and what failed.
   */
  private async restoreAvailability(available: boolean): Promise<void> {
    const vendor = this.vendor;
    if (!vendor) return;
    const word = available ? 'available' : 'unavailable';
    const mismatch = available ? this.identityMismatch(vendor) : null;
    if (mismatch !== null) {
      this.errorLine.report(mismatch);
      return;
    }
    this.log('info', `${vendor.displayName} came back with the agent ${available ? 'not available' : 'available'}; making the agent ${word} again, as chosen.`);
    await this.availabilityRequest(
      vendor,
      available,
      say(available ? 'couldNotRestoreAvailable' : 'couldNotRestoreUnavailable', { vendor: vendor.displayName }),
      available || !vendor.capabilities.notReadyReasons ? undefined : this.intent.reasonCode,
    );
  }

  /**
   * Why the agent may not become available, or null: Fusion names one agent and the vendor's sign-in another (someone
   * signed in to the phone system as a colleague, or a shared computer's last user), so calls would ring for the
   * wrong person. User names are compared without regard to case, as identity providers and Fusion treat them.
   */
  private identityMismatch(vendor: ICtiVendorHandler): AgentMessage | null {
    const fusionAgent = this.fusionAgentId;
    const signedIn = vendor.signedInAgent?.() ?? null;
    if (!fusionAgent || signedIn === null || fusionAgent.toLowerCase() === signedIn.toLowerCase()) return null;
    return say('identityMismatch', { fusionAgent: excerpt(fusionAgent), vendor: vendor.displayName, vendorAgent: excerpt(signedIn) });
  }

  private availabilityRequest(vendor: ICtiVendorHandler, available: boolean, lead: AgentMessage, reasonCode?: string): Promise<CommandResult> {
    return available
      ? this.requests.once('availability:on', () => vendor.makeAgentAvailable(), lead)
      : this.requests.once(`availability:off:${reasonCode ?? ''}`, () => (reasonCode === undefined ? vendor.makeAgentUnavailable() : vendor.makeAgentUnavailable(reasonCode)), lead);
  }

  /**
   * Places an outbound call. From Fusion's click-to-dial the eventId and payload come from onOutgoingEvent;
   * from the toolbar a new eventId is made.
   */
  async dial(phoneNumber: string, origin: { eventId?: EventId; fusionData?: FusionData } = {}): Promise<CommandResult> {
    const number = phoneNumber.trim();
    if (!PHONE_NUMBER.test(number)) return this.errorLine.refuse('BAD_INPUT', say('notAPhoneNumber', { number: excerpt(phoneNumber) }));
    const vendor = this.vendor;
    if (!vendor) return this.errorLine.refuse('NO_VENDOR', say('noVendor'));
    if (!vendor.capabilities.outboundCalls) return this.errorLine.refuse('NOT_SUPPORTED', say('cannotDial', { vendor: vendor.displayName }));
    const eventId = origin.eventId ?? this.newEventId();
    if (!this.openEngagement(eventId, 'outbound', number, origin.fusionData ?? {})) return OK;
    this.views.changed();
    try {
      await vendor.makeOutboundCall(number, eventId);
      return OK;
    } catch (err) {
      // Fusion hears the failure as if the vendor had reported it; the agent reads it worded by code ("try again
      // once the link is back" and the like).
      const error = asVendorError(err);
      const { failure: result, message } = vendorFailure(error, say('callNotPlaced'), vendor.displayName);
      const { failure, oddity } = outboundFailureOf(error.outboundErrorCode ?? 'OUTDIAL_FAILED', error.said);
      this.dialFailed(eventId, failure, oddity ? say('refusalOdd', { message, vendor: vendor.displayName, oddity }) : message);
      this.views.changed();
      return result;
    }
  }

  /** Clears the error line (the agent dismissed it, or their next action worked). */
  clearError(): void {
    this.errorLine.clear();
  }

  // ---- What Fusion and the views may ask about ----------------------------------------------------------------

  currentPresence(): AgentPresence {
    return this.presence.current;
  }

  activeEngagementIds(): EventId[] {
    // Ended calls leave at once: every engagement still open is open in Fusion (wrap-up included).
    return this.engagements.all().map((e) => e.eventId);
  }

  snapshot(): ToolbarSnapshot {
    return {
      vendorName: this.vendor?.displayName ?? null,
      link: this.link,
      presence: this.presence.current,
      canDial: !!this.vendor?.capabilities.outboundCalls && this.link === 'connected',
      controls: {
        hold: !!this.vendor?.capabilities.hold,
        mute: !!this.vendor?.capabilities.mute,
        digits: !!this.vendor?.capabilities.digits,
        transfer: !!this.vendor?.capabilities.transfer,
        conference: !!this.vendor?.capabilities.transfer && !!this.vendor.capabilities.conference,
        transferDirectory: !!this.vendor?.capabilities.transfer && !!this.vendor.capabilities.transferDirectory,
        notReadyReasons: !!this.vendor?.capabilities.notReadyReasons,
      },
      lastError: this.errorLine.currentText,
      lastErrorMessage: this.errorLine.current,
      engagements: this.engagements.all().map(engagementView),
      recentCalls: this.engagements.recent.list(),
    };
  }

  subscribe(listener: (snapshot: ToolbarSnapshot) => void): () => void {
    return this.views.subscribe(listener);
  }
}
