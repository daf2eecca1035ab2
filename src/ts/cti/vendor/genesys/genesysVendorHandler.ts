/**
 * The Genesys Engage vendor handler: Oracle's tutorial protocol (REST commands to the bridge microservice, events
 * pushed on its WebSocket) without the tutorial's faults. Each call is named by its eventId, mapped to its T-Server
 * ConnID from the events (no static connectionId); several calls may be up at once; the socket reconnects and the
 * bridge's snapshot reconciles what happened meanwhile; every verb that fails rejects with a VendorError an agent can
 * read, its code mapped from the bridge's errorCode (bridgeErrors.ts), which it keeps as vendorCode.
 *
 * Events are the truth: a verb resolves when the bridge accepted the request, and the core hears of the outcome
 * from the event that follows, whether the toolbar, Fusion or the softphone caused it.
 */
import { inEnglish, say } from '../../core/agentMessages';
import { VendorError, detailOf, messageOf } from '../../core/errors';
import { digitsIssue } from '../../core/dtmf';
import { excerpt } from '../../core/excerpt';
import { destinationLabel } from '../../core/transferDestination';
import type { DirectoryEntry, EventId, NotReadyReason, TransferDestination, TransferMode, VendorEventListener } from '../../core/types';
import type { ICtiVendorHandler, VendorCapabilities } from '../ICtiVendorHandler';
import { StartupGate, VendorReporter, notSupported } from '../handlerSupport';
import { BRIDGE_PROTOCOL, RENEW_TOKEN_TYPE, TOKEN_PROTOCOL_PREFIX, type BridgeCommand, type BridgeOrder, type RenewTokenFrame } from 'protocol/bridgeProtocol';
import type { BridgeSignIn } from '../../signin/tokenSignIn';
import { FIELD_RULES, fitsRule } from 'protocol/fieldRules';
import { isRecord } from 'protocol/jsonRecord';
import { vendorErrorOfReply } from './bridgeErrors';
import { BridgeSocket, SocketLoss } from './bridgeSocket';
import { CallBook, EMPTY_BOOK, consultOf, decodeFrame, givenUp, inUse, interpret, orderOfReply, placed, transferAsked, type Leftover, type Orphan } from './genesysEvents';
import type { GenesysOptions } from './genesysOptions';

/** A JWT travels as a WebSocket subprotocol and an HTTP header: only token characters may be in it. */
const TOKEN = /^[A-Za-z0-9._~+/=-]{1,8192}$/;

type Reply = { readonly ok: true; readonly order: BridgeOrder | null } | { readonly ok: false; readonly status: number; readonly error: VendorError };

/**
 * A request the bridge may or may not have carried out: it did not answer in time, the connection failed once the
 * request could have been sent, or something in between (a proxy) answered with a server error of its own.
 */
class UnansweredRequest extends VendorError {}

export class GenesysVendorHandler implements ICtiVendorHandler {
  readonly displayName = 'Genesys Engage';
  /**
   * No mute: in Genesys Engage muting is the agent's softphone's own function (its microphone), not a request of
   * T-Server's that the bridge could send for the toolbar, nor an operation of the Workspace API's voice calls
   * (https://github.com/GenesysPureEngage/workspace-client-js/blob/master/src/internal/voice-api.js lists none).
   * Transfers and conferences are T-Server's requests (the bridge's SingleStepTransfer, InitiateTransfer,
   * CompleteTransfer, CompleteConference, Reconnect), which both of the bridge's backends carry out. No transfer
   * directory: the agent types a DN or a number; the bridge's protocol lists no destinations. Reasons for not taking
   * calls when the site lists them (genesys.notReadyReasons: Genesys' reason codes are the site's own, see
   * genesysOptions.ts).
   */
  readonly capabilities: VendorCapabilities;

  private readonly reporter = new VendorReporter('genesys');
  private readonly startup = new StartupGate();
  private socket: BridgeSocket | null = null;
  private book: CallBook = EMPTY_BOOK;
  /** Bumped by start() and stop(): an answer that arrives for an earlier run is dropped. */
  private run = 0;
  private token: string | null = null;
  /** Whether the bridge already ended a session of this start-up for its token's expiry (see lost()). */
  private renewedInStartup = false;
  private snapshotTimer: ReturnType<typeof setTimeout> | null = null;
  /** The configured reasons' names by code: what the agent reads of a reason the bridge reports. */
  private readonly reasonNames: ReadonlyMap<string, string>;

  constructor(
    private readonly options: GenesysOptions,
    /** The jitter's source, for tests that need a fixed one. */
    private readonly random: () => number = Math.random,
    /** The agent's sign-in (genesys.signIn, an OpenID provider; genesys.gwsSignIn, Genesys): the bridge gets its token. */
    private readonly signInFlow?: BridgeSignIn,
  ) {
    this.capabilities = {
      outboundCalls: true,
      afterCallWork: false,
      hold: true,
      mute: false,
      digits: true,
      transfer: true,
      conference: true,
      transferDirectory: false,
      notReadyReasons: options.notReadyReasons.length > 0,
    };
    this.reasonNames = new Map(options.notReadyReasons.map((reason) => [reason.code, reason.name]));
    // A renewed token goes to the open session at once (RenewToken), so that it outlives the old token without a
    // reconnect and without touching a call; REST and the next reconnect take it from the sign-in anyway.
    signInFlow?.onRenewed((token) => {
      const frame: RenewTokenFrame = { type: RENEW_TOKEN_TYPE, token };
      this.socket?.send(JSON.stringify(frame));
    });
  }

  get signIn(): BridgeSignIn | undefined {
    return this.signInFlow;
  }

  signedInAgent(): string | null {
    return this.signInFlow?.agent ?? null;
  }

  /**
   * Connects and resolves once the bridge's first snapshot arrived (link, agent state and calls reported). Rejects
   * with the reason if the first attempt fails (a session the bridge ends for its token's expiry is not a failure: it
   * is renewed once with a fresh token), and keeps trying in the background, reporting 'reconnecting', so that the
   * toolbar recovers on its own when the bridge comes up; stop() ends that.
   */
  start(listener: VendorEventListener): Promise<void> {
    if (this.reporter.attached) return Promise.reject(new VendorError('INVALID_IN_STATE', say('vendorAlreadyStarted', { vendor: this.displayName })));
    this.reporter.attach(listener);
    this.run++;
    this.book = EMPTY_BOOK;
    this.renewedInStartup = false;
    this.reporter.report({ type: 'link', status: 'connecting' });
    const started = this.startup.begin();
    const socket = new BridgeSocket(
      { url: this.options.wsUrl, minDelayMs: this.options.reconnectMinMs, maxDelayMs: this.options.reconnectMaxMs, random: this.random },
      {
        prepare: () => this.protocols(),
        opened: () => this.awaitSnapshot(),
        message: (data) => this.received(data),
        lost: (loss) => this.lost(loss),
        // While start() waits, the link is still 'connecting' (see lost()).
        retrying: () => {
          if (!this.startup.waiting) this.reporter.report({ type: 'link', status: 'reconnecting' });
        },
      },
    );
    this.socket = socket;
    socket.connect();
    return started;
  }

  /** Closes the socket and stops reconnecting; nothing is reported after this resolves. Harmless when repeated. */
  async stop(): Promise<void> {
    this.reporter.detach();
    this.run++;
    this.socket?.close();
    this.socket = null;
    this.clearSnapshotTimer();
    this.startup.reject(new VendorError('LINK_DOWN', say('vendorStoppedBeforeConnected', { vendor: this.displayName })));
    this.book = EMPTY_BOOK;
    this.token = null;
  }

  async makeAgentAvailable(): Promise<void> {
    await this.command({ type: 'Ready' });
  }

  /**
   * T-Server's RequestAgentNotReady, with `reasonCode` (one of genesys.notReadyReasons) as its ReasonCode; the
   * presence that follows from EventAgentNotReady carries it back. A code the site did not list is refused here: the
   * switch would take any code, and the agent would be away for a reason nobody reads.
   */
  async makeAgentUnavailable(reasonCode?: string): Promise<void> {
    if (reasonCode === undefined) {
      await this.command({ type: 'NotReady' });
      return;
    }
    if (!this.reasonNames.has(reasonCode)) throw new VendorError('REFUSED', say('noSuchReason', { vendor: this.displayName, reason: excerpt(String(reasonCode)) }));
    await this.command({ type: 'NotReady', reasonCode });
  }

  async makeOutboundCall(phoneNumber: string, eventId: EventId): Promise<void> {
    this.requireStarted();
    if (inUse(this.book, eventId)) throw new VendorError('INVALID_IN_STATE', say('callIdInUse', { call: excerpt(eventId) }));
    const run = this.run;
    let answer: { order: BridgeOrder | null };
    try {
      answer = await this.command({ type: 'MakeCall', destination: phoneNumber, eventId });
    } catch (err) {
      // The core closes the engagement on this rejection; should the bridge have placed the call all the same, its
      // first event will name it, and it is hung up (see orphaned()).
      if (err instanceof UnansweredRequest && this.run === run) this.book = givenUp(this.book, eventId);
      throw err;
    }
    // The core has the engagement already: if no event of the call ever reaches us (the socket was down), a snapshot
    // taken after the bridge placed it must end it.
    if (this.run === run) this.book = placed(this.book, eventId, answer.order);
  }

  async acceptCall(eventId: EventId): Promise<void> {
    await this.command({ type: 'Accept', connectionId: this.connectionOf(eventId) });
  }

  async rejectCall(eventId: EventId): Promise<void> {
    await this.command({ type: 'Reject', connectionId: this.connectionOf(eventId) });
  }

  async hangupCall(eventId: EventId): Promise<void> {
    await this.command({ type: 'Hangup', connectionId: this.connectionOf(eventId) });
  }

  /** T-Server's RequestHoldCall: the customer hears music on hold; 'held' follows from EventHeld. */
  async holdCall(eventId: EventId): Promise<void> {
    await this.command({ type: 'Hold', connectionId: this.connectionOf(eventId) });
  }

  /** T-Server's RequestRetrieveCall; 'resumed' follows from EventRetrieved. */
  async resumeCall(eventId: EventId): Promise<void> {
    await this.command({ type: 'Retrieve', connectionId: this.connectionOf(eventId) });
  }

  // Mute is the softphone's (capabilities.mute is false): the core never calls these.
  async muteCall(_eventId: EventId): Promise<void> {
    throw notSupported(this.displayName, 'mute');
  }

  async unmuteCall(_eventId: EventId): Promise<void> {
    throw notSupported(this.displayName, 'mute');
  }

  /** T-Server's RequestSendDTMF; the bridge checks the digits by the same rule as the core (protocol/fieldRules.ts). */
  async sendDigits(eventId: EventId, digits: string): Promise<void> {
    const problem = digitsIssue(digits);
    if (problem !== null) throw new VendorError('REFUSED', problem);
    await this.command({ type: 'SendDTMF', connectionId: this.connectionOf(eventId), digits });
  }

  /**
   * 'blind': T-Server's RequestSingleStepTransfer ('transferred' follows from EventReleased, CallState Transferred).
   * 'consult': RequestInitiateTransfer, which holds the customer ('held') and places the consult call ('thirdParty').
   * A destination the switch cannot route is T-Server's refusal: the verb rejects, and the call stays as it was.
   */
  async transferCall(eventId: EventId, destination: TransferDestination, options: { readonly mode: TransferMode }): Promise<void> {
    const connectionId = this.connectionOf(eventId);
    if (destination.kind !== 'number') throw notSupported(this.displayName, 'transferDirectory');
    const number = destination.phoneNumber.trim();
    if (!fitsRule(FIELD_RULES.destination, number)) {
      throw new VendorError('REFUSED', say('genesysNotDialable', { number: excerpt(number), max: FIELD_RULES.destination.maxLength }));
    }
    const run = this.run;
    // Known before the bridge answers: the consult call's first event may come first.
    this.book = transferAsked(this.book, eventId, destinationLabel(destination));
    try {
      await this.command({ type: options.mode === 'blind' ? 'SingleStepTransfer' : 'InitiateTransfer', connectionId, destination: number });
    } catch (err) {
      if (this.run === run && !(err instanceof UnansweredRequest)) this.book = transferAsked(this.book, eventId, undefined);
      throw err;
    }
  }

  /** T-Server's RequestCompleteTransfer: the customer goes to the consulted party ('transferred'). */
  async completeTransfer(eventId: EventId): Promise<void> {
    await this.command({ type: 'CompleteTransfer', ...this.consultCallsOf(eventId) });
  }

  /** T-Server's RequestReconnectCall: the consult call is released ('thirdParty' cancelled), the customer retrieved ('resumed'). */
  async cancelTransfer(eventId: EventId): Promise<void> {
    await this.command({ type: 'Reconnect', ...this.consultCallsOf(eventId) });
  }

  /** T-Server's RequestCompleteConference on the consult: 'resumed', then 'thirdParty' conferenced (EventPartyAdded). */
  async conferenceCall(eventId: EventId): Promise<void> {
    await this.command({ type: 'CompleteConference', ...this.consultCallsOf(eventId) });
  }

  /** The site's reasons (genesys.notReadyReasons), in its order: Genesys has no list of them to ask for. */
  async notReadyReasons(): Promise<readonly NotReadyReason[]> {
    if (!this.capabilities.notReadyReasons) throw notSupported(this.displayName, 'notReadyReasons');
    return this.options.notReadyReasons.map((reason) => ({ ...reason }));
  }

  async transferDirectory(): Promise<readonly DirectoryEntry[]> {
    throw notSupported(this.displayName, 'transferDirectory');
  }

  /** Genesys has no after-call work for the toolbar to end (capabilities.afterCallWork is false): nothing to do. */
  async completeWrapup(_eventId: EventId): Promise<void> {
    return;
  }

  // ---- The WebSocket side ------------------------------------------------------------------------------------

  /** The subprotocols of the next attempt: the bridge's own, and a fresh token when the bridge wants one. */
  private async protocols(): Promise<readonly string[]> {
    // Signed in: the sign-in's token (this waits for the agent to press Sign in and finish, when nobody is).
    if (this.signInFlow) return [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + (await this.signInFlow.token())];
    if (!this.options.tokenUrl) return [BRIDGE_PROTOCOL];
    const run = this.run;
    const token = await this.fetchToken();
    // A token fetched for a run that stop() ended is not kept (the socket drops that attempt too).
    if (run === this.run) this.token = token;
    return [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token];
  }

  /** A session without its snapshot is of no use: give the bridge requestTimeoutMs, then try another session. */
  private awaitSnapshot(): void {
    this.clearSnapshotTimer();
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      this.socket?.restart(say('genesysNoSnapshot', { seconds: this.options.requestTimeoutMs / 1000 }));
    }, this.options.requestTimeoutMs);
  }

  private received(data: unknown): void {
    if (!this.reporter.attached) return;
    const decoded = decodeFrame(data);
    if (!decoded.ok) {
      this.reporter.report({ type: 'error', message: say('genesysUnusableFrame', { problem: decoded.problem }) });
      return;
    }
    const { book, reports, orphans, leftovers } = interpret(this.book, decoded.event, this.reasonNames);
    this.book = book;
    for (const report of reports) this.reporter.report(report);
    for (const orphan of orphans) void this.orphaned(orphan);
    for (const leftover of leftovers) void this.releaseLeftover(leftover);
    if (decoded.event.eventName === 'EventRegistered') {
      this.clearSnapshotTimer();
      this.socket?.healthy();
      this.startup.resolve();
    }
  }

  private lost(loss: SocketLoss): void {
    this.clearSnapshotTimer();
    // A sign-in whose token is the phone system's own hears that the phone system ended the session (4001) or refused
    // the token (4004): it renews or asks the agent to sign in again. Any other sign-in's token the bridge refused,
    // saying why: the agent signs in again. Either way the next attempt waits for a token.
    const flow = this.signInFlow;
    if ((loss.tokenExpired || loss.tokenRefused) && flow?.sessionEnded) flow.sessionEnded(inEnglish(loss.reason));
    else if (loss.tokenRefused) flow?.invalidate(say('signInRefused', { reason: loss.reason }));
    // The bridge ended a session before its snapshot because the token expired meanwhile: routine, and already being
    // mended (the socket retries at once with a fresh token), so start() waits for that session. Once: a second
    // expiry in a row means tokens that die on arrival, and start() says so (expired credentials) rather than loop.
    if (loss.tokenExpired && this.startup.waiting && !this.renewedInStartup) {
      this.renewedInStartup = true;
      return;
    }
    // While start() waits, the core reports its failure; the next attempt reports 'reconnecting'. A token the service
    // refused, or a second one in a row that expired, says UNAUTHORIZED; anything else that kept the session from
    // opening, LINK_DOWN.
    const error = loss.cause instanceof VendorError ? loss.cause : new VendorError(loss.tokenExpired || loss.tokenRefused ? 'UNAUTHORIZED' : 'LINK_DOWN', loss.reason);
    if (this.startup.reject(error)) return;
    this.reporter.report({ type: 'link', status: 'reconnecting', detail: loss.reason });
  }

  /**
   * A call the bridge placed after the toolbar had told the agent (and Fusion) that the dial failed: nobody would
   * handle it, and the callee would answer to silence. Hung up, and the agent told why.
   */
  private async orphaned(orphan: Orphan): Promise<void> {
    try {
      await this.command({ type: 'Hangup', connectionId: orphan.connectionId });
      this.reporter.report({ type: 'error', message: say('genesysLateCallHungUp', { number: orphan.number }) });
    } catch (err) {
      this.reporter.report({ type: 'error', message: say('genesysLateCallNotHungUp', { number: orphan.number, detail: detailOf(err) }) });
    }
  }

  /**
   * What is left of the agent's side of a call the customer left (its consult call, or the agent's party in a
   * conference the customer left): hung up, so that the agent is free for the next call. One already gone is fine.
   */
  private async releaseLeftover(leftover: Leftover): Promise<void> {
    try {
      await this.command({ type: 'Hangup', connectionId: leftover.connectionId });
    } catch (err) {
      if (err instanceof VendorError && err.code === 'NOT_FOUND') return;
      this.reporter.report({ type: 'error', message: say('genesysLeftoverNotHungUp', { number: leftover.number, detail: detailOf(err) }) });
    }
  }

  private clearSnapshotTimer(): void {
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = null;
  }

  // ---- The REST side -----------------------------------------------------------------------------------------

  /** Before start() and after stop(): "try again when the link is back". */
  private requireStarted(): void {
    if (!this.reporter.attached) throw new VendorError('LINK_DOWN', say('vendorNotConnected', { vendor: this.displayName }));
  }

  /** The customer's call and the consult call placed for it. */
  private consultCallsOf(eventId: EventId): { connectionId: string; consultConnectionId: string } {
    this.connectionOf(eventId);
    const calls = consultOf(this.book, eventId);
    if (!calls) throw new VendorError('INVALID_IN_STATE', say('noTransferUnderWay'));
    return calls;
  }

  private connectionOf(eventId: EventId): string {
    this.requireStarted();
    const call = this.book.calls.get(eventId);
    if (!call) throw new VendorError('NOT_FOUND', say('vendorHasNoCall', { vendor: this.displayName }));
    if (call.connectionId === null) throw new VendorError('INVALID_IN_STATE', say('callStillBeingPlaced'));
    return call.connectionId;
  }

  /**
   * Sends a command; resolves when the bridge accepted it (with the answer's place in the bridge's order), rejects with
   * a VendorError in the bridge's own words otherwise, an UnansweredRequest when the outcome is not known.
   */
  private async command(command: BridgeCommand): Promise<{ order: BridgeOrder | null }> {
    this.requireStarted();
    let reply = await this.post(command);
    // A token may expire between two commands: fetch a fresh one and try once more.
    if (!reply.ok && reply.status === 401 && this.options.tokenUrl) {
      this.token = null;
      reply = await this.post(command);
    }
    if (!reply.ok) throw reply.error;
    return { order: reply.order };
  }

  private async post(command: BridgeCommand): Promise<Reply> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (this.signInFlow) {
      const token = this.signInFlow.currentToken();
      if (token === null) throw new VendorError('UNAUTHORIZED', say('genesysNotSignedIn'));
      headers.Authorization = `Bearer ${token}`;
    } else if (this.options.tokenUrl) {
      this.token ??= await this.fetchToken();
      headers.Authorization = `Bearer ${this.token}`;
    }
    const { status, ok, body } = await this.exchange(this.options.eventsUrl, { method: 'POST', headers, body: JSON.stringify(command) }, 'bridge');
    if (ok && isRecord(body) && body.ok === true) return { ok: true, order: orderOfReply(body) };
    const error = vendorErrorOfReply(status, body, command.type);
    // The bridge's own refusals say what they are; a server error from anything else (a proxy's 502 or 504) leaves it
    // open whether the bridge carried the command out.
    const refusedByBridge = isRecord(body) && body.ok === false && error.vendorCode !== undefined;
    if (status >= 500 && !refusedByBridge) return { ok: false, status, error: new UnansweredRequest(error.code, error.said) };
    return { ok: false, status, error };
  }

  /** GET tokenUrl with the page's cookies (the token service knows the agent by their session there). */
  private async fetchToken(): Promise<string> {
    const url = this.options.tokenUrl ?? '';
    const { status, ok, body } = await this.exchange(url, { method: 'GET', credentials: 'include', headers: { Accept: 'application/json' } }, 'tokenService');
    // The agent cannot be vouched for: as the bridge would answer without a token.
    if (!ok) throw new VendorError('UNAUTHORIZED', say('genesysTokenRefused', { url, status }));
    const token = isRecord(body) ? body.token : undefined;
    if (typeof token !== 'string' || !TOKEN.test(token)) throw new VendorError('UNAUTHORIZED', say('genesysTokenMissing', { url }));
    return token;
  }

  /**
   * One HTTP exchange, its JSON body read (undefined when it has none), all within requestTimeoutMs; errors say which
   * service failed and how: TIMEOUT when it did not answer in time (the request may have been carried out), LINK_DOWN
   * when it could not be reached.
   */
  private async exchange(url: string, init: RequestInit, service: 'bridge' | 'tokenService'): Promise<{ status: number; ok: boolean; body: unknown }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.options.requestTimeoutMs);
    try {
      const response = await fetch(url, { ...init, signal: controller.signal });
      const body: unknown = await response.json().catch(() => undefined);
      if (controller.signal.aborted) throw new Error('aborted');
      return { status: response.status, ok: response.ok, body };
    } catch (err) {
      const seconds = this.options.requestTimeoutMs / 1000;
      if (controller.signal.aborted) throw new UnansweredRequest('TIMEOUT', say(service === 'bridge' ? 'genesysBridgeNoAnswer' : 'genesysTokenServiceNoAnswer', { seconds }));
      // fetch() does not say whether the request left before the connection failed.
      const unreachable = service === 'bridge' ? 'genesysBridgeUnreachable' : 'genesysTokenServiceUnreachable';
      throw new UnansweredRequest('LINK_DOWN', say(unreachable, { origin: new URL(url).origin, detail: messageOf(err) }));
    } finally {
      clearTimeout(timer);
    }
  }
}
