/// <reference types="amazon-connect-streams" />
/**
 * The Amazon Connect vendor handler, on the real amazon-connect-streams library and the agent's CCP, which Streams
 * frames in the toolbar. Oracle's tutorial handler, without its faults: agent states are found by type or configured
 * name (never by index); every call is its own record keyed by contactId (no single `this.contact`); callbacks are
 * arrow functions (no lost `this`); the CCP's address and region come from configuration.
 *
 * Streams' events are the truth, whoever acted (the toolbar, Fusion, the agent in the CCP, the customer): a verb
 * resolves when Amazon Connect accepted the request, and the core hears the outcome from the contact's events. A verb
 * rejects with a VendorError: LINK_DOWN when not started, stopped or signed out; NOT_FOUND for a call the handler
 * does not have; TIMEOUT when Amazon Connect never answers; Amazon Connect's own refusals by amazonErrors.ts.
 * Streams swallows exceptions thrown in its callbacks, so every callback here guards its own work.
 *
 * The rules of a contact (what the core hears of it, who ended it, whether to clear it: interpret() in amazonCalls.ts)
 * are pure; what is read of Streams' objects is in streamsReading.ts, Amazon Connect's refusals in amazonErrors.ts;
 * this class is the I/O around them: it subscribes, reads, stores each contact's record as the rules return it,
 * reports, and sends the requests.
 */
import { type AgentMessage, type CallMessageKey, inEnglish, say } from '../../core/agentMessages';
import { excerpt } from '../../core/excerpt';
import { VendorError, detailOf, messageOf } from '../../core/errors';
import { BoundedSet } from '../../core/boundedSet';
import type { DirectoryEntry, EventId, LinkStatus, NotReadyReason, TransferDestination, TransferMode, VendorEventListener } from '../../core/types';
import type { ICtiVendorHandler, VendorCapabilities } from '../ICtiVendorHandler';
import { StartupGate, VendorReporter } from '../handlerSupport';
import { digitsIssue } from '../../core/dtmf';
import { destinationLabel, transferDestinationIssue } from '../../core/transferDestination';
import { type ContactFacts, type ContactRecord, type Sighting, dialable, displayNumber, interpret, needsClearing, noteMute, sameNumber } from './amazonCalls';
import { NO_TRANSFER, type TransferRecord, partyOnTheCall } from './amazonThirdParty';
import { directoryOf } from './amazonDirectory';
import { MuteAnswers, mutedOf } from './amazonMute';
import { type AmazonRequest, reasonOf, refusal } from './amazonErrors';
import type { AmazonOptions } from './amazonOptions';
import { Streams, loadStreams } from './streamsLoader';
import { factsOf, presenceOf } from './streamsReading';
import { frameCcp } from './streamsFraming';
import { retireCcp } from './streamsTeardown';

/** Where the toolbar page keeps the CCP's frame (index.html); a hidden one is made if the page has none. */
export const CCP_CONTAINER_ID = 'amazon-connect-ccp';

/** Streams' broadcast of the agent's clicks (connect.EventType.CLICK_STREAM_DATA, not in its typings). */
const CLICK_STREAM_DATA = 'click_stream_data';

/** Streams opens its sign-in window asynchronously (behind a Web Lock); look for it after this long. */
const POPUP_CHECK_MS = 1500;

/** How many contacts each of the handler's memories of ended ones keeps (a shift's worth of late Streams events). */
const ENDED_MEMORY = 100;

interface PendingDial {
  readonly eventId: EventId;
  readonly phoneNumber: string;
}

type Callbacks = { success: () => void; failure: (err?: unknown) => void };

export class AmazonVendorHandler implements ICtiVendorHandler {
  readonly displayName = 'Amazon Connect';
  readonly capabilities: VendorCapabilities = { outboundCalls: true, afterCallWork: true, hold: true, mute: true, digits: true, transfer: true, conference: true, transferDirectory: true, notReadyReasons: true };

  private readonly reporter = new VendorReporter('amazon');
  private readonly startup = new StartupGate();
  private streams: Streams | null = null;
  private agent: connect.Agent | null = null;
  /** Why the link is down, as the agent was last told. */
  private downDetail: AgentMessage | undefined;
  /** Bumped by start() and stop(): callbacks of an earlier run do nothing. */
  private run = 0;
  private subscriptions: connect.Subscription[] = [];
  /** Each call's own subscriptions, released when its contact leaves (a shift sees many calls). */
  private readonly callSubscriptions = new Map<string, connect.Subscription[]>();
  /** Each contact's record as the rules last returned it, by contactId; byEventId names the same contacts. */
  private readonly calls = new Map<string, ContactRecord>();
  private readonly byEventId = new Map<EventId, string>();
  private pendingDials: PendingDial[] = [];
  private readonly dialTimers = new Set<ReturnType<typeof setTimeout>>();
  /**
   * The handler's own bookkeeping of ended contacts, not the core's memory of ended calls (which keeps late reports
   * from reaching Fusion). Contacts over before the toolbar saw them ring: cleared in Amazon Connect once, however
   * often Streams shows them (contact::init and the first snapshot's list both do). The core never heard of them, so
   * its memory cannot tell.
   */
  private readonly clearedUnseen = new BoundedSet<string>(ENDED_MEMORY);
  /**
   * The handler's own bookkeeping too: calls whose contact is gone. completeWrapup for one resolves, as the agent may
   * have cleared it in the CCP first, while an eventId never known rejects NOT_FOUND. Only the handler can tell those
   * apart: the core asks for the wrap-up of a call it knows ended either way.
   */
  private readonly gone = new BoundedSet<EventId>(ENDED_MEMORY);
  private lastPresence = '';
  private popupTimer: ReturnType<typeof setTimeout> | null = null;
  /** This run framed a CCP (signed in or not yet): stop() must take it out. */
  private framedCcp = false;
  /** The contact the agent last connected to: the one the CCP's softphone mutes (lastActiveContactID in softphone.js). */
  private lastConnected: string | null = null;
  private readonly muteAnswers = new MuteAnswers();
  /** The quick connects Amazon Connect last listed, by id (their endpointARN): what a directory transfer dials. */
  private directory = new Map<string, connect.Endpoint>();

  constructor(
    private readonly options: AmazonOptions,
    /** The element the CCP is framed in. */
    private readonly container: () => HTMLElement = defaultContainer,
    private readonly load: () => Promise<Streams> = loadStreams,
    /** The handler's clock (ms), which times a Reject click against the contact's end (DECLINE_CLICK_COUNTS_MS). */
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Loads Streams, frames the CCP and resolves once the agent's first snapshot arrived (link, agent state and the
   * calls already up reported). Rejects, with what to check, if that takes longer than startTimeoutMs; the CCP keeps
   * loading, so an agent who signs in later is connected then. stop() ends it all.
   */
  async start(listener: VendorEventListener): Promise<void> {
    if (this.reporter.attached) throw new VendorError('INVALID_IN_STATE', say('vendorAlreadyStarted', { vendor: this.displayName }));
    this.reporter.attach(listener);
    const run = ++this.run;
    this.reportLink('connecting');
    let streams: Streams;
    try {
      streams = await this.load();
    } catch (err) {
      if (run === this.run) this.reporter.detach();
      throw new VendorError('LINK_DOWN', say('amazonStreamsNotLoaded', { detail: detailOf(err) }));
    }
    if (run !== this.run) throw this.stoppedBeforeConnected();
    this.streams = streams;
    const started = this.startup.begin({ ms: this.options.startTimeoutMs, timeoutError: () => this.notAnswering() });
    try {
      this.initCcp(streams);
      const bus = streams.core.getEventBus();
      this.subscriptions.push(
        bus.subscribe(streams.EventType.ACK_TIMEOUT, () => this.guard(run, say('amazonFollowCcpTimeout'), () => this.ccpDidNotAnswer())),
        streams.core.onIframeRetriesExhausted(() => this.guard(run, say('amazonFollowCcpGaveUp'), () => this.ccpGaveUp())),
        bus.subscribe(streams.EventType.TERMINATED, () => this.guard(run, say('amazonFollowSignOut'), () => this.signedOut())),
        bus.subscribe(streams.EventType.AUTH_FAIL, () => this.guard(run, say('amazonFollowFailedSignIn'), () => this.signedOut())),
        bus.subscribe(CLICK_STREAM_DATA, (click: unknown) => this.guard(run, say('amazonFollowClick'), () => this.clicked(click))),
        streams.contact((contact) => this.guard(run, say('amazonFollowNewCall'), () => this.track(contact))),
        streams.agent((agent) => this.guard(run, say('amazonFollowAgent'), () => this.agentReady(agent))),
      );
    } catch (err) {
      this.startup.reject(new VendorError('LINK_DOWN', say('amazonCcpNotStarted', { url: this.options.ccpUrl, detail: messageOf(err) })));
    }
    return started;
  }

  /** Stops reporting and takes the CCP out of the page (Streams allows one CCP per page: a later start frames a new one). */
  async stop(): Promise<void> {
    this.reporter.detach();
    this.run++;
    this.startup.reject(this.stoppedBeforeConnected());
    if (this.popupTimer) clearTimeout(this.popupTimer);
    this.popupTimer = null;
    for (const subscription of [...this.subscriptions.splice(0), ...[...this.callSubscriptions.values()].flat()]) {
      try {
        // Streams types unsubscribe as a bare Function.
        (subscription as { unsubscribe(): void }).unsubscribe();
      } catch {
        // the bus may be gone already
      }
    }
    const streams = this.streams;
    this.streams = null;
    this.agent = null;
    this.callSubscriptions.clear();
    this.calls.clear();
    this.byEventId.clear();
    this.pendingDials = [];
    for (const timer of this.dialTimers) clearTimeout(timer);
    this.dialTimers.clear();
    this.clearedUnseen.clear();
    this.gone.clear();
    this.lastPresence = '';
    this.downDetail = undefined;
    this.lastConnected = null;
    this.directory = new Map();
    this.muteAnswers.abandon(this.notConnected());
    if (streams && this.framedCcp) retireCcp(streams, this.container());
    this.framedCcp = false;
  }

  async makeAgentAvailable(): Promise<void> {
    await this.changeState(true);
  }

  /** `reasonCode`: the name of one of the agent's not-routable states (notReadyReasons()), e.g. "Lunch". */
  async makeAgentUnavailable(reasonCode?: string): Promise<void> {
    if (reasonCode === undefined) {
      await this.changeState(false);
      return;
    }
    const agent = this.requireAgent();
    const state = agent.getAgentStates().find((s) => s.name === reasonCode && (s.type as string) === 'not_routable');
    if (!state) throw new VendorError('REFUSED', say('noSuchReason', { vendor: this.displayName, reason: excerpt(reasonCode) }));
    await this.request({ what: say('amazonToChangeState', { state: state.name }) }, (callbacks) => agent.setState(state, callbacks, { enqueueNextState: false }));
  }

  /**
   * The agent's not-routable states, as Amazon Connect's admin named them (agent.getAgentStates(),
   * https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md#agentgetagentstates): the
   * reasons the CCP's own state menu offers. Offline is not among them: it signs the agent out of routing altogether.
   */
  async notReadyReasons(): Promise<readonly NotReadyReason[]> {
    const agent = this.requireAgent();
    return agent
      .getAgentStates()
      .filter((state) => (state.type as string) === 'not_routable')
      .map((state) => ({ code: state.name, name: state.name }));
  }

  async makeOutboundCall(phoneNumber: string, eventId: EventId): Promise<void> {
    const agent = this.requireAgent();
    const streams = this.streams as Streams;
    if (this.byEventId.has(eventId) || this.pendingDials.some((dial) => dial.eventId === eventId)) {
      throw new VendorError('INVALID_IN_STATE', say('callIdInUse', { call: excerpt(eventId) }));
    }
    const number = dialable(phoneNumber, this.options.defaultCountry);
    // Refused here, naming the number, rather than sent for Amazon Connect to refuse without saying which.
    if (!number.ok) throw new VendorError('REFUSED', number.problem, undefined, 'INVALID_NUMBER');
    const dial: PendingDial = { eventId, phoneNumber: number.e164 };
    // Streams gives no contactId on success (#32): the contact that shows up for this number is this call.
    this.pendingDials.push(dial);
    try {
      await this.request({ what: say('amazonToCall', { callee: phoneNumber }), dial: true }, (callbacks) => agent.connect(streams.Endpoint.byPhoneNumber(number.e164), callbacks));
    } catch (err) {
      const stillPending = this.pendingDials.includes(dial);
      this.pendingDials = this.pendingDials.filter((pending) => pending !== dial);
      // A contact already took this eventId: the call exists, its events tell the rest.
      if (stillPending) throw err;
      return;
    }
    this.expireDial(dial);
  }

  /** Amazon Connect took the dial but no contact for it may ever show up: Fusion must not wait for it forever. */
  private expireDial(dial: PendingDial): void {
    const run = this.run;
    const timer = setTimeout(() => {
      this.dialTimers.delete(timer);
      if (run !== this.run || !this.pendingDials.includes(dial)) return;
      this.pendingDials = this.pendingDials.filter((pending) => pending !== dial);
      this.reporter.report({
        type: 'outboundFailed',
        eventId: dial.eventId,
        errorCode: 'OUTDIAL_FAILED',
        message: say('amazonDialNotSeen', { number: dial.phoneNumber, seconds: this.options.requestTimeoutMs / 1000 }),
      });
    }, this.options.requestTimeoutMs);
    this.dialTimers.add(timer);
  }

  async acceptCall(eventId: EventId): Promise<void> {
    const { call, contact } = this.contactOf(eventId);
    if (call.stage !== 'offered' || call.direction !== 'inbound') throw new VendorError('INVALID_IN_STATE', say('callNotRinging'));
    await this.request({ what: say('amazonToAccept') }, (callbacks) => contact.accept(callbacks));
  }

  async rejectCall(eventId: EventId): Promise<void> {
    const { call, contact } = this.contactOf(eventId);
    if (call.stage !== 'offered') throw new VendorError('INVALID_IN_STATE', say('callNotRinging'));
    await this.endRequest(call, { what: say('amazonToDecline') }, (callbacks) =>
      // reject() is for an inbound call still ringing; a call being dialed is ended by dropping the agent's leg.
      call.direction === 'inbound' ? contact.reject(callbacks) : contact.getAgentConnection().destroy(callbacks),
    );
  }

  async hangupCall(eventId: EventId): Promise<void> {
    const { call, contact } = this.contactOf(eventId);
    if (call.stage === 'ended') throw new VendorError('INVALID_IN_STATE', say('callHasEnded'));
    await this.endRequest(call, { what: say('amazonToHangUp') }, (callbacks) => contact.getAgentConnection().destroy(callbacks));
  }

  /** Holds the call: the customer's (initial) connection, as Streams says for a two-party call (Documentation.md#connectionhold). */
  async holdCall(eventId: EventId): Promise<void> {
    const contact = this.talkingContact(eventId);
    await this.request({ what: say('amazonToHold') }, (callbacks) => customerConnection(contact).hold(callbacks));
  }

  async resumeCall(eventId: EventId): Promise<void> {
    const contact = this.talkingContact(eventId);
    await this.request({ what: say('amazonToResume') }, (callbacks) => customerConnection(contact).resume(callbacks));
  }

  async muteCall(eventId: EventId): Promise<void> {
    await this.mute(eventId, true);
  }

  async unmuteCall(eventId: EventId): Promise<void> {
    await this.mute(eventId, false);
  }

  /**
   * DTMF on the agent's connection, the one that carries the softphone's media, for which Streams says sendDigits is
   * meant (https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md#connectionsenddigits).
   */
  async sendDigits(eventId: EventId, digits: string): Promise<void> {
    const contact = this.talkingContact(eventId);
    const problem = digitsIssue(digits);
    if (problem) throw new VendorError('REFUSED', problem);
    // The digits stay out of the words: they may be a PIN, and the error line is logged.
    await this.request({ what: say('amazonToSendDigits') }, (callbacks) => contact.getAgentConnection().sendDigits(digits, callbacks));
  }

  /**
   * A blind transfer or the start of a consult: contact.addConnection(endpoint) places the third party, and Amazon
   * Connect puts the customer on hold meanwhile (amazonThirdParty.ts). A consult is then the snapshots' news ('held',
   * 'thirdParty'). A blind transfer leaves the call at once (the agent's connection destroyed, as issue #274 does it),
   * reported 'transferred' when the contact ends for the agent; a third party already gone when Amazon Connect answers
   * (a busy line) fails the transfer, and the customer is taken back.
   */
  async transferCall(eventId: EventId, destination: TransferDestination, options: { readonly mode: TransferMode }): Promise<void> {
    const mode = (options as { mode?: unknown } | null | undefined)?.mode;
    if (mode !== 'blind' && mode !== 'consult') throw new VendorError('REFUSED', say('notATransferKind', { mode: excerpt(String(mode)) }));
    const problem = transferDestinationIssue(destination);
    if (problem) throw new VendorError('REFUSED', problem);
    const { call } = this.contactOf(eventId);
    this.refuseUnlessFreeToTransfer(call);
    const { endpoint, label } = await this.endpointFor(destination);
    // Looked up again: the directory may have been fetched meanwhile, and the call moved on.
    const { call: now, contact } = this.contactOf(eventId);
    this.refuseUnlessFreeToTransfer(now);
    if (mode === 'consult') {
      this.setTransfer(now.contactId, (t) => ({ ...t, nextDestination: label }));
      try {
        await this.request({ what: say('amazonToCall', { callee: label }) }, (callbacks) => contact.addConnection(endpoint, callbacks));
      } catch (err) {
        this.setTransfer(now.contactId, (t) => (t.nextDestination === label ? { ...t, nextDestination: null } : t));
        throw err;
      }
      return;
    }
    await this.blindTransfer(now.contactId, contact, endpoint, label);
  }

  private async blindTransfer(contactId: string, contact: connect.Contact, endpoint: connect.Endpoint, label: string): Promise<void> {
    this.setTransfer(contactId, (t) => ({ ...t, blindTo: label }));
    const giveUp = (): void => {
      this.setTransfer(contactId, (t) => ({ ...t, blindTo: null }));
      this.resight(contactId); // what the blind transfer kept quiet (the customer's hold, the third party) is news again
    };
    try {
      await this.request({ what: say('amazonToTransfer', { party: label }) }, (callbacks) => contact.addConnection(endpoint, callbacks));
    } catch (err) {
      giveUp();
      throw err;
    }
    const live = this.liveContact(contactId);
    const call = this.calls.get(contactId);
    if (!live || !call || call.stage !== 'connected') return; // over meanwhile: its end was reported
    if (!partyOnTheCall(factsOf(live, this.now()).thirdParty)) {
      // Taken back before the blind transfer is given up, so that the customer's short hold is no news; a customer left
      // on hold (the resume refused) is reported 'held' then.
      await this.takeCustomerBack(contactId).catch(() => undefined);
      giveUp();
      throw new VendorError('REFUSED', say('partyFailed', { party: label }));
    }
    try {
      await this.endRequest(call, { what: say('amazonToHandOver', { party: label }) }, (callbacks) => live.getAgentConnection().destroy(callbacks));
    } catch (err) {
      giveUp();
      throw err;
    }
  }

  /** The agent leaves the customer with the consulted party (the agent's connection destroyed), reported 'transferred'. */
  async completeTransfer(eventId: EventId): Promise<void> {
    const { call, contact } = this.contactOf(eventId);
    const party = this.consultOf(call);
    await this.endRequest(call, { what: say('amazonToTransfer', { party: party.destination }) }, (callbacks) => contact.getAgentConnection().destroy(callbacks));
  }

  /** Drops the consulted party (its connection destroyed, reported gone 'cancelled'), then takes the customer off hold. */
  async cancelTransfer(eventId: EventId): Promise<void> {
    const { call, contact } = this.contactOf(eventId);
    const party = this.consultOf(call);
    const connection = contact.getThirdPartyConnections().find((c) => c.getConnectionId() === party.connectionId);
    this.setTransfer(call.contactId, (t) => ({ ...t, cancelRequested: true }));
    try {
      if (connection && connection.isActive()) await this.request({ what: say('amazonToDrop', { party: party.destination }) }, (callbacks) => connection.destroy(callbacks));
    } catch (err) {
      const live = this.liveContact(call.contactId);
      const stillThere = live ? partyOnTheCall(factsOf(live, this.now()).thirdParty) : false;
      if (stillThere) {
        this.setTransfer(call.contactId, (t) => (t.party?.connectionId === party.connectionId ? { ...t, cancelRequested: false } : t));
        throw err;
      }
      // Gone meanwhile (it hung up): what was asked is done.
    }
    await this.takeCustomerBack(call.contactId);
  }

  /** All three talk: contact.conferenceConnections(), reported 'resumed' and 'thirdParty' conferenced. */
  async conferenceCall(eventId: EventId): Promise<void> {
    const { call, contact } = this.contactOf(eventId);
    const party = this.consultOf(call);
    if (party.state === 'dialing') throw new VendorError('INVALID_IN_STATE', say('targetNotAnswered'));
    await this.request({ what: say('amazonToJoin', { party: party.destination }) }, (callbacks) => contact.conferenceConnections(callbacks));
  }

  /**
   * The agent's quick connects: agent.getEndpoints() for the routing profile's queues and its default outbound queue,
   * as Amazon's own CCP lists them (https://github.com/amazon-connect/amazon-connect-streams/blob/master/cheat-sheet.md,
   * "Get Combined Quick Connect Endpoints"); Streams fetches every page. Kept, for transferCall to dial the one picked.
   */
  async transferDirectory(): Promise<readonly DirectoryEntry[]> {
    const agent = this.requireAgent();
    const queueARNs = new Set<string>();
    for (const arn of agent.getAllQueueARNs()) if (typeof arn === 'string' && arn !== '') queueARNs.add(arn);
    const outbound = (agent.getRoutingProfile() as { defaultOutboundQueue?: { queueARN?: unknown } } | null)?.defaultOutboundQueue?.queueARN;
    if (typeof outbound === 'string' && outbound !== '') queueARNs.add(outbound);
    if (queueARNs.size === 0) return [];
    const result = await this.ask<connect.GetEndpointsResult>({ what: say('amazonToListQuickConnects') }, (callbacks) =>
      agent.getEndpoints([...queueARNs], { success: (data) => callbacks.success(data), failure: (err) => callbacks.failure(err) }),
    );
    const { entries, endpoints } = directoryOf(result?.endpoints);
    this.directory = endpoints;
    return entries;
  }

  /** What addConnection dials for a destination, and what the agent reads for it. */
  private async endpointFor(destination: TransferDestination): Promise<{ endpoint: connect.Endpoint; label: string }> {
    const streams = this.streams as Streams;
    const label = destinationLabel(destination);
    if (destination.kind === 'number') {
      const number = dialable(destination.phoneNumber, this.options.defaultCountry);
      if (!number.ok) throw new VendorError('REFUSED', number.problem);
      return { endpoint: streams.Endpoint.byPhoneNumber(number.e164), label };
    }
    if (!this.directory.has(destination.id)) await this.transferDirectory();
    const endpoint = this.directory.get(destination.id);
    if (!endpoint) throw new VendorError('REFUSED', say('amazonNoSuchQuickConnect', { name: label }));
    return { endpoint, label };
  }

  /** A talking call with no third party and no transfer under way, or the refusal. */
  private refuseUnlessFreeToTransfer(call: ContactRecord): void {
    if (call.stage !== 'connected') throw new VendorError('INVALID_IN_STATE', say('callNotConnected'));
    if (call.transfer.party !== null || call.transfer.blindTo !== null) throw new VendorError('INVALID_IN_STATE', say('transferAlreadyUnderWay'));
  }

  /** The third party of a consult (dialing or talking), or the refusal. */
  private consultOf(call: ContactRecord): NonNullable<TransferRecord['party']> {
    const party = call.transfer.party;
    if (call.stage !== 'connected' || party === null) throw new VendorError('INVALID_IN_STATE', say('noTransferUnderWay'));
    if (party.state === 'conferenced') throw new VendorError('INVALID_IN_STATE', say('alreadyConferenceLeave'));
    return party;
  }

  /** Resumes the customer's connection if it waits on hold. */
  private async takeCustomerBack(contactId: string): Promise<void> {
    const live = this.liveContact(contactId);
    const customer = live?.getInitialConnection();
    if (!live || !customer || !customer.isOnHold()) return;
    await this.request({ what: say('amazonToTakeCustomerBack') }, (callbacks) => customer.resume(callbacks));
  }

  private setTransfer(contactId: string, change: (transfer: TransferRecord) => TransferRecord): void {
    const call = this.calls.get(contactId);
    if (call) this.store({ ...call, transfer: change(call.transfer) });
  }

  /** Reads the contact again, as a refresh: what the handler's own state kept quiet is reported now. */
  private resight(contactId: string): void {
    const live = this.liveContact(contactId);
    if (live) this.sighted(contactId, live, 'refreshed', factsOf(live, this.now()));
  }

  /**
   * The softphone mutes the call the agent last connected to, whatever call is named (amazonMute.ts): only that call
   * can be muted from here. Accepted once the softphone answers with the state asked for.
   */
  private async mute(eventId: EventId, muted: boolean): Promise<void> {
    const contact = this.talkingContact(eventId);
    if (contact.getContactId() !== this.lastConnected) {
      throw new VendorError('INVALID_IN_STATE', say(muted ? 'amazonMuteInCcp' : 'amazonUnmuteInCcp'));
    }
    const agent = this.requireAgent();
    const answer = this.muteAnswers.wait(muted, this.options.requestTimeoutMs);
    try {
      if (muted) agent.mute();
      else agent.unmute();
    } catch (err) {
      answer.cancel();
      throw refusal({ what: say(muted ? 'amazonToMute' : 'amazonToUnmute') }, err);
    }
    await answer.answered;
  }

  /** The live contact of a call that is talking (held or not); a call ringing, being dialed or over is refused. */
  private talkingContact(eventId: EventId): connect.Contact {
    const { call, contact } = this.contactOf(eventId);
    if (call.stage !== 'connected') throw new VendorError('INVALID_IN_STATE', say('callNotConnected'));
    return contact;
  }

  /**
   * Fusion closed the wrap-up: clear the contact's after-call work, which frees the agent for the next call. Sent even
   * while the agent is signed out: the core has closed the call already, so a wrap-up refused now would never be
   * cleared once the agent is back.
   */
  async completeWrapup(eventId: EventId): Promise<void> {
    this.startedAgent();
    const call = this.recordOf(eventId);
    if (!call && this.gone.has(eventId)) return; // cleared already (in the CCP, or after-call work timed out)
    if (!call) throw this.noSuchCall();
    if (call.stage !== 'ended') throw new VendorError('INVALID_IN_STATE', say('callNotEndedYet'));
    const contact = this.liveContact(call.contactId);
    if (!contact) return; // cleared already (in the CCP, or after-call work timed out)
    await this.request({ what: say('amazonToFinishAfterCallWork') }, (callbacks) => contact.clear(callbacks));
  }

  // ---- Start-up ----------------------------------------------------------------------------------------------

  private initCcp(streams: Streams): void {
    if (isInitialized(streams)) return; // a CCP framed by other code on this page: use it, and leave it there
    this.framedCcp = true;
    const o = this.options;
    const container = this.container();
    frameCcp(streams, container, {
      ccpUrl: o.ccpUrl,
      ...(o.region ? { region: o.region } : {}),
      ...(o.loginUrl ? { loginUrl: o.loginUrl } : {}),
      loginPopup: o.loginPopup,
      loginPopupAutoClose: o.loginPopupAutoClose,
      loginOptions: { autoClose: o.loginPopupAutoClose },
      softphone: {
        allowFramedSoftphone: o.allowFramedSoftphone,
        disableRingtone: o.disableRingtone,
        // In Fusion's cross-site frame a browser that blocks third-party storage throws on any localStorage read, and
        // initCCP reads it unguarded to keep softphone settings for a reloaded CCP: go without that, not without a CCP.
        disableStoringParamsInLocalStorage: !localStorageUsable(),
      },
      ccpAckTimeout: o.ccpAckTimeoutMs,
      ccpSynTimeout: o.ccpSynTimeoutMs,
      ccpLoadTimeout: o.ccpLoadTimeoutMs,
      iframeTitle: 'Amazon Connect Contact Control Panel',
    });
  }

  private agentReady(agent: connect.Agent): void {
    const first = this.agent === null;
    this.agent = agent;
    if (!first) return;
    this.subscriptions.push(
      agent.onRefresh((refreshed) => this.guard(this.run, say('amazonFollowAgentUpdate'), () => this.presenceFrom(refreshed))),
      agent.onMuteToggle((toggle: unknown) => this.guard(this.run, say('amazonFollowMute'), () => this.muteToggled(toggle))),
    );
    if (this.popupTimer) clearTimeout(this.popupTimer);
    this.popupTimer = null;
    this.reportLink('connected');
    this.presenceFrom(agent);
    // Calls already up when the toolbar loaded (a reload during a call): Streams does not replay them (#15).
    for (const contact of agent.getContacts()) this.track(contact);
    this.startup.resolve();
  }

  private notAnswering(): VendorError {
    return new VendorError('LINK_DOWN', say('amazonCcpNotAnswering', { url: this.options.ccpUrl, seconds: this.options.startTimeoutMs / 1000, origin: pageOrigin() }));
  }

  /** Streams found the agent signed out and opened (or tried to open) its sign-in window. */
  private ccpDidNotAnswer(): void {
    if (this.agent) return; // a keep-alive hiccup after start: Streams recovers by itself
    if (!this.options.loginPopup) {
      this.reporter.report({ type: 'error', message: say('amazonSignInElsewhere', { url: this.options.ccpUrl }) });
      return;
    }
    if (this.popupTimer) return;
    const run = this.run;
    this.popupTimer = setTimeout(() => {
      this.popupTimer = null;
      if (run !== this.run || this.agent) return;
      const popup = (this.streams?.core as { loginWindow?: Window | null } | undefined)?.loginWindow;
      if (!popup || popup.closed) {
        this.reporter.report({
          type: 'error',
          message: say('amazonPopupBlocked', { origin: pageOrigin(), url: this.options.ccpUrl }),
        });
      }
    }, POPUP_CHECK_MS);
  }

  /** The agent signed out in the CCP, or the session expired: calls and presence cannot be trusted until they are back. */
  private signedOut(): void {
    this.reportLink('down', say('amazonSignedOut', { url: this.options.ccpUrl }));
  }

  private ccpGaveUp(): void {
    const detail = say('amazonCcpNotLoaded', { url: this.options.ccpUrl });
    if (this.startup.reject(new VendorError('LINK_DOWN', detail))) this.reportLink('down');
    else this.reportLink('down', detail);
  }

  /**
   * Reports the link. The reporter passes each change of status once, so a new reason while the link is down already
   * (signed out, then the CCP gives up) goes to the agent as an error.
   */
  private reportLink(status: LinkStatus, detail?: AgentMessage): void {
    if (status === 'down' && this.reporter.link === 'down') {
      if (detail && (this.downDetail === undefined || inEnglish(detail) !== inEnglish(this.downDetail))) this.reporter.report({ type: 'error', message: detail });
    } else {
      this.reporter.report(detail ? { type: 'link', status: 'down', detail } : { type: 'link', status });
    }
    this.downDetail = status === 'down' ? (detail ?? this.downDetail) : undefined;
  }

  // ---- Agent state -------------------------------------------------------------------------------------------

  private async changeState(available: boolean): Promise<void> {
    const agent = this.requireAgent();
    const state = this.stateFor(agent, available);
    await this.request({ what: say('amazonToChangeState', { state: state.name }) }, (callbacks) => agent.setState(state, callbacks, { enqueueNextState: false }));
  }

  /** The configured state by name, else the first of the right type: the order of the list is the admin's, not ours. */
  private stateFor(agent: connect.Agent, available: boolean): connect.AgentStateDefinition {
    // Streams' state types are string enums: read as the strings they are.
    const states: ReadonlyArray<{ readonly name: string; readonly type: string }> = agent.getAgentStates();
    const key = available ? 'availableState' : 'unavailableState';
    const name = this.options[key];
    if (name !== undefined) {
      const named = agent.getAgentStates().find((state) => state.name === name);
      if (!named) throw new VendorError('NOT_SUPPORTED', say('amazonNoSuchState', { state: name, setting: `amazon.${key}`, states: states.map((s) => s.name).join(', ') }));
      return named;
    }
    const ofType = (type: string): connect.AgentStateDefinition | undefined => agent.getAgentStates().find((state) => (state.type as string) === type);
    const found = available ? ofType('routable') : (ofType('not_routable') ?? ofType('offline'));
    if (!found) throw new VendorError('NOT_SUPPORTED', say(available ? 'amazonNoAvailableState' : 'amazonNoUnavailableState'));
    return found;
  }

  private presenceFrom(agent: connect.Agent): void {
    // A snapshot again after a sign-out (or a CCP that gave up): the agent is back.
    const reconnected = this.reporter.link === 'down';
    if (reconnected) {
      this.reportLink('connected');
      // As every vendor does on a reconnect's snapshot: the calls on hold and their third parties are said again (the
    // core absorbs repeats).
      for (const call of this.calls.values()) {
        if (call.stage !== 'connected') continue;
        if (call.held) this.reporter.report({ type: 'held', eventId: call.eventId });
        const party = call.transfer.party;
        if (party) this.reporter.report({ type: 'thirdParty', eventId: call.eventId, party: { destination: party.destination, state: party.state } });
      }
    }
    const presence = presenceOf(agent);
    const key = JSON.stringify(presence);
    const first = this.lastPresence === '';
    if (key === this.lastPresence) return;
    this.lastPresence = key;
    // The first presence, and one that changed while the agent was away, were found on connecting, not chosen.
    this.reporter.report(first || reconnected ? { type: 'agentState', presence, onConnect: true } : { type: 'agentState', presence });
  }

  // ---- Calls -------------------------------------------------------------------------------------------------

  /** Starts following one contact (new, or already up at start). Harmless when repeated. */
  private track(contact: connect.Contact): void {
    const contactId = contact.getContactId();
    if (this.calls.has(contactId) || this.clearedUnseen.has(contactId)) return;
    const type: string = contact.getType();
    if (type !== 'voice' && type !== 'queue_callback') return; // chat, task, email: not this toolbar's
    if ((contact.getAgentConnection()?.getType() as string | undefined) === 'monitoring') return; // a supervisor listening in: not a call to answer
    const initial = contact.getInitialConnection();
    if (!initial) {
      this.reporter.report({ type: 'error', message: say('amazonCallWithoutCustomer', { contact: contactId }) });
      return;
    }
    const direction = type === 'queue_callback' || (initial.getType() as string) !== 'outbound' ? 'inbound' : 'outbound';
    const phoneNumber = displayNumber(initial.getEndpoint()?.phoneNumber);
    const dialed = direction === 'outbound' ? this.claimDial(phoneNumber) : null;
    const call: ContactRecord = {
      contactId,
      eventId: dialed ?? contactId,
      direction,
      phoneNumber,
      stage: 'offered',
      announced: false,
      endRequested: false,
      declineClickedAt: null,
      firstToLeave: null,
      held: false,
      muted: false,
      transferredIn: direction === 'inbound' && isTransferIn(contact),
      transfer: NO_TRANSFER,
    };
    const facts = factsOf(contact, this.now());
    if (needsClearing(facts) && dialed === null) {
      // Missed, rejected or failed before the toolbar saw it ring: nothing for Fusion, but free the agent.
      this.clearedUnseen.add(contactId);
      this.clearQuietly(contact, call);
      return;
    }
    this.store(call);
    const run = this.run;
    const what = (key: CallMessageKey): AgentMessage => say(key, { number: call.phoneNumber });
    const on = (key: CallMessageKey, sighting: Sighting) => (c: connect.Contact) =>
      this.guard(run, what(key), () => this.sighted(contactId, c, sighting, factsOf(c, this.now())));
    this.callSubscriptions.set(contactId, [
      contact.onConnecting(on('amazonFollowRinging', 'ringing')),
      contact.onIncoming(on('amazonFollowRinging', 'ringing')),
      contact.onConnected(on('amazonFollowAnswer', 'answered')),
      contact.onRefresh(on('amazonFollowCallUpdate', 'refreshed')),
      contact.onACW(on('amazonFollowCallEnd', 'over')),
      contact.onEnded(on('amazonFollowCallEnd', 'over')),
      contact.onMissed(on('amazonFollowCallEnd', 'over')),
      contact.onDestroy(on('amazonFollowCallRemoval', 'removed')),
    ]);
    this.sighted(contactId, contact, 'firstSeen', facts);
  }

  /**
   * Carries out what the rules make of a sighting of a contact the handler follows: keeps the record they return (or
   * forgets the contact, once removed), then reports, then clears it if they say so.
   */
  private sighted(contactId: string, contact: connect.Contact, sighting: Sighting, facts: ContactFacts): void {
    const call = this.calls.get(contactId);
    if (!call) return; // removed already: nothing more comes of it
    const { record, reports, clear, release } = interpret(call, sighting, facts);
    if (call.stage !== 'connected' && record.stage === 'connected') this.lastConnected = contactId;
    if (sighting === 'removed') this.forget(record);
    else this.store(record);
    for (const event of reports) this.reporter.report(event);
    if (clear) this.clearQuietly(contact, record);
    if (release) this.releaseAgent(contact, record);
  }

  /**
   * The customer left a call with a third party on it: the agent would stay with the third party, so the handler
   * takes them off the contact (the agent's connection destroyed); the contact then goes to after-call work.
   */
  private releaseAgent(contact: connect.Contact, call: ContactRecord): void {
    const failed = (reason: string | null): void =>
      this.reporter.report({
        type: 'error',
        message: reason ? say('amazonCouldNotReleaseBecause', { number: call.phoneNumber, detail: reason }) : say('amazonCouldNotRelease', { number: call.phoneNumber }),
      });
    try {
      contact.getAgentConnection().destroy({ failure: (err?: unknown) => failed(reasonOf(err)) });
    } catch (err) {
      failed(messageOf(err));
    }
  }

  /**
   * The CCP's softphone says the agent's microphone is muted or not (agent.onMuteToggle): on a request from any page,
   * the agent's Mute in the CCP, or when a call's media ends ({muted: false}). It mutes the call last connected
   * (amazonMute.ts), so that call, if it still talks, is the one reported.
   */
  private muteToggled(toggle: unknown): void {
    const muted = mutedOf(toggle);
    if (muted === null) return;
    const call = this.lastConnected === null ? undefined : this.calls.get(this.lastConnected);
    if (call) {
      const { record, reports } = noteMute(call, muted);
      this.store(record);
      for (const event of reports) this.reporter.report(event);
    }
    this.muteAnswers.answered(muted);
  }

  /**
   * A click Streams broadcast to every page of the agent's session: its contact.reject() sends one (clickType
   * 'Reject', https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/api.js) before asking Amazon
   * Connect, and the shared worker passes every broadcast on to every page
   * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/worker.js). A Reject click for a call that
   * still rings says the agent tried to decline it, which its end state cannot say (#977); Amazon Connect may still
   * refuse, and only the clicking page hears that. So the click is kept as its own fact, with its time, and counts
   * only for an end that follows it closely (declineClicked in amazonCalls.ts), never as the toolbar's own request.
   * Whether Amazon's own CCP page declines through contact.reject() is not published: when it does not, a decline
   * there ends as a ring nobody answered.
   */
  private clicked(click: unknown): void {
    if (!click || typeof click !== 'object') return;
    const { contactId, clickType } = click as { contactId?: unknown; clickType?: unknown };
    if (clickType !== 'Reject' || typeof contactId !== 'string') return;
    const call = this.calls.get(contactId);
    if (call && call.stage === 'offered' && call.direction === 'inbound') this.store({ ...call, declineClickedAt: this.now() });
  }

  private store(call: ContactRecord): void {
    this.calls.set(call.contactId, call);
    this.byEventId.set(call.eventId, call.contactId);
  }

  private recordOf(eventId: EventId): ContactRecord | undefined {
    const contactId = this.byEventId.get(eventId);
    return contactId === undefined ? undefined : this.calls.get(contactId);
  }

  /** The contact left the agent's snapshot: nothing more will come of it. */
  private forget(call: ContactRecord): void {
    this.calls.delete(call.contactId);
    this.byEventId.delete(call.eventId);
    this.callSubscriptions.delete(call.contactId); // Streams unsubscribes them itself once the contact is gone
    this.gone.add(call.eventId);
  }

  private claimDial(phoneNumber: string): EventId | null {
    const dial = this.pendingDials.find((pending) => sameNumber(pending.phoneNumber, phoneNumber));
    if (!dial) return null;
    this.pendingDials = this.pendingDials.filter((pending) => pending !== dial);
    return dial.eventId;
  }

  private clearQuietly(contact: connect.Contact, call: ContactRecord): void {
    try {
      contact.clear({
        failure: (err?: unknown) => {
          const reason = reasonOf(err);
          const number = call.phoneNumber;
          this.reporter.report({ type: 'error', message: reason ? say('amazonCouldNotCloseBecause', { number, detail: reason }) : say('amazonCouldNotClose', { number }) });
        },
      });
    } catch (err) {
      this.reporter.report({ type: 'error', message: say('amazonCouldNotCloseBecause', { number: call.phoneNumber, detail: messageOf(err) }) });
    }
  }

  // ---- Requests ----------------------------------------------------------------------------------------------

  /** The agent, from the first snapshot until stop(), signed in or not. */
  private startedAgent(): connect.Agent {
    if (!this.reporter.attached || !this.agent) throw this.notConnected();
    return this.agent;
  }

  /** The agent, while the link is up: not before start(), after stop() or while signed out. */
  private requireAgent(): connect.Agent {
    const agent = this.startedAgent();
    if (this.reporter.link === 'down') throw this.notConnected();
    return agent;
  }

  private notConnected(): VendorError {
    return new VendorError('LINK_DOWN', say('vendorNotConnected', { vendor: this.displayName }));
  }

  private contactOf(eventId: EventId): { call: ContactRecord; contact: connect.Contact } {
    this.requireAgent();
    const call = this.recordOf(eventId);
    if (!call) throw this.noSuchCall();
    const contact = this.liveContact(call.contactId);
    if (!contact) throw new VendorError('NOT_FOUND', say('callHasEnded'));
    return { call, contact };
  }

  private noSuchCall(): VendorError {
    return new VendorError('NOT_FOUND', say('vendorHasNoCall', { vendor: this.displayName }));
  }

  private stoppedBeforeConnected(): VendorError {
    return new VendorError('LINK_DOWN', say('vendorStoppedBeforeConnected', { vendor: this.displayName }));
  }

  private liveContact(contactId: string): connect.Contact | undefined {
    return this.agent?.getContacts().find((contact) => contact.getContactId() === contactId);
  }

  /** A request that ends the call: whatever Streams shows next, the agent ended it, unless Amazon Connect refused. */
  private async endRequest(call: ContactRecord, request: AmazonRequest, act: (callbacks: Callbacks) => void): Promise<void> {
    const { contactId, endRequested: before, declineClickedAt: clickedBefore } = call;
    this.store({ ...call, endRequested: true });
    try {
      await this.request(request, act);
    } catch (err) {
      // The record as it is now (Streams' events may have moved it on), if the handler still follows the contact. A
      // Reject click heard meanwhile was this request's own (contact.reject() broadcasts it before asking): refused too.
      const now = this.calls.get(contactId);
      if (now && now.stage !== 'ended') this.store({ ...now, endRequested: before, declineClickedAt: clickedBefore });
      throw err;
    }
  }

  /**
   * One Streams request as a promise: resolves on success; rejects on failure, on a throw (a contact that is gone
   * throws), and with TIMEOUT when neither callback comes within requestTimeoutMs (Streams can drop an answer, #1090).
   */
  private request(request: AmazonRequest, act: (callbacks: Callbacks) => void): Promise<void> {
    return this.ask<void>(request, (callbacks) => act({ success: () => callbacks.success(undefined), failure: callbacks.failure }));
  }

  /** One Streams request whose success brings data (agent.getEndpoints), as request() does it. */
  private ask<T>(request: AmazonRequest, act: (callbacks: { success: (data: T) => void; failure: (err?: unknown) => void }) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: { error: VendorError } | { data: T }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if ('error' in outcome) reject(outcome.error);
        else resolve(outcome.data);
      };
      const timer = setTimeout(
        () => settle({ error: new VendorError('TIMEOUT', say('amazonNoAnswer', { seconds: this.options.requestTimeoutMs / 1000, request: request.what })) }),
        this.options.requestTimeoutMs,
      );
      try {
        act({ success: (data: T) => settle({ data }), failure: (err?: unknown) => settle({ error: refusal(request, err) }) });
      } catch (err) {
        settle({ error: refusal(request, err) });
      }
    });
  }

  // ---- Reporting ---------------------------------------------------------------------------------------------

  /**
   * Runs a Streams callback's work for the current run only; Streams would swallow what it throws, so the agent is told
   * (`what`: what was not followed, a message of its own).
   */
  private guard(run: number, what: AgentMessage, work: () => void): void {
    if (run !== this.run || !this.reporter.attached) return;
    try {
      work();
    } catch (err) {
      this.reporter.report({ type: 'error', message: say('amazonCouldNotFollow', { what, detail: detailOf(err) }) });
    }
  }
}

/** Another agent (or a flow) transferred the contact here (connect.ContactInitiationMethod TRANSFER, QUEUE_TRANSFER). */
function isTransferIn(contact: connect.Contact): boolean {
  try {
    const method: unknown = contact.getInitiationMethod();
    return method === 'transfer' || method === 'queue_transfer';
  } catch {
    return false;
  }
}

/** The customer's connection of a voice contact (its initial one), which holds in a two-party call. */
function customerConnection(contact: connect.Contact): connect.BaseConnection {
  const initial = contact.getInitialConnection();
  if (!initial) throw new VendorError('NOT_FOUND', say('amazonCustomerGone'));
  return initial;
}

function localStorageUsable(): boolean {
  try {
    return typeof window !== 'undefined' && window.localStorage !== null;
  } catch {
    return false;
  }
}

/** Streams' own flag (not in its typings): a page frames one CCP at a time. */
function isInitialized(streams: Streams): boolean {
  return (streams.core as { initialized?: unknown }).initialized === true;
}

function pageOrigin(): string {
  return typeof location === 'undefined' ? 'this page' : location.origin;
}

function defaultContainer(): HTMLElement {
  const existing = document.getElementById(CCP_CONTAINER_ID);
  if (existing) return existing;
  const made = document.createElement('div');
  made.id = CCP_CONTAINER_ID;
  made.hidden = true;
  document.body.appendChild(made);
  return made;
}
