/**
 * One agent's Workspace session with GWS: opened with the agent's own credentials, it learns from Genesys who the
 * agent is and which DN is theirs, follows the DN's calls and state from the notifications, carries out the bridge's
 * requests and says when each is done (the event that confirms it), and reports its link.
 *
 * Opening follows the Workspace API's sequence (genesys-workspace-client-js, src/index.js; the SessionApi's
 * initialize-workspace and activate-channels): initialize-workspace with the agent's credentials (GWS answers with
 * its session cookie), the CometD handshake with that cookie, WorkspaceInitializationComplete naming the user, the
 * voice channel activated on the user's place unless it already is, the DN's first DnStateChanged, then
 * current-session for the calls already up.
 *
 * A request is done when its confirming event arrives, matched by call and expected state (answer: Established;
 * hold: Held; retrieve: Established; release: the call's end; make-call: a new Dialing call; ready, not-ready: the
 * agent's state), since GWS echoes no request id on every notification (Genesys' simulator echoes operationId only
 * for some operations). An EventError refuses the oldest request waiting (the one for its call, when it names one).
 * send-dtmf has no confirming notification: T-Server's EventDTMFSent has no Workspace API message, so it is done when
 * GWS accepted it (HTTP 200), and the bridge is told EventDTMFSent then. Its body is {data: {dtmfDigits}}, as
 * Genesys' own client sends it (sendDTMF, https://github.com/GenesysPureEngage/workspace-client-js/blob/master/src/internal/voice-api.js).
 *
 * Transfers and conferences are the Workspace API's operations on a call, with the bodies Genesys' client sends (same
 * file: singleStepTransfer, initiateTransfer, initiateConference with {data: {destination}}; completeTransfer and
 * completeConference on the consult call with {data: {parentConnId}}; reconnectCall on the consult call with
 * {data: {heldConnId}}). Each is done when its confirming event arrives: single-step-transfer and complete-transfer
 * the held call's release, initiate-transfer and -conference the consult call's EventDialing, complete-conference and
 * reconnect the held call's EventRetrieved. Genesys' Agent API Simulator answers initiate-conference and reconnect
 * 501 (src/service/controllers/voice.js has no case for them): against it those two fail.
 */
import { dialString } from '../../../../protocol/fieldRules';
import type { BackendLog } from '../backendLog';
import { TServerError, type DnStatus, type PartyState, type TCall, type TEvent, type TRequest, type UnstampedTEvent } from '../telephonyBackend';
import { agentEventsOf, agentStatusOf, type AgentStatus } from './callMapping';
import { CallTracker } from './callTracker';
import { CookieJar } from './cookieJar';
import { GwsRequestError, isSignInRefused, tserverErrorOf, tserverErrorOfEvent } from './gwsFailures';
import { kvListOf, readCurrentSession, readInitialization, readVoiceNotification, type GwsDn, type GwsUser, type VoiceNotification } from './gwsMessages';
import { GwsRest } from './gwsRest';
import { NotificationSession, SessionRefused } from './notificationSession';

export interface AgentContext {
  readonly baseUrl: string;
  readonly signIn: 'oauth2' | 'agentApiSimulator';
  readonly apiKey?: string;
  readonly requestTimeoutMs: number;
  readonly cometdTimeoutMs: number;
  readonly log: BackendLog;
  /** The next ReferenceID (one counter for the backend, as T-Server has one per client connection). */
  readonly nextReferenceId: () => number;
  /** Stamps an event and hands it to the bridge at once; returns it as handed. */
  readonly emit: (event: UnstampedTEvent) => TEvent;
  /** Whether GWS answered (any HTTP answer) or could not be reached. */
  readonly onReach: (reached: boolean) => void;
  /** GWS ended the session for good (after EventSessionEnded was emitted). */
  readonly onEnded: (agent: WorkspaceAgent) => void;
}

/** The requests on one call that map to one Workspace API operation on it. */
type CallRequest = Extract<TRequest, { readonly kind: 'AnswerCall' | 'ReleaseCall' | 'HoldCall' | 'RetrieveCall' | 'SendDTMF' }>;
/** The requests that send a call elsewhere, or end a consult. */
type TransferRequest = Extract<TRequest, { readonly kind: 'SingleStepTransfer' | 'InitiateTransfer' | 'InitiateConference' | 'CompleteTransfer' | 'CompleteConference' | 'ReconnectCall' }>;

/** The party states each call request is valid in (T-Server's rules; Genesys' simulator checks none itself). */
const VALID_IN: Readonly<Record<CallRequest['kind'], readonly PartyState[]>> = {
  AnswerCall: ['Ringing'],
  ReleaseCall: ['Ringing', 'Dialing', 'Established', 'Held'],
  HoldCall: ['Established'],
  RetrieveCall: ['Held'],
  // The customer of a held call hears music, not tones.
  SendDTMF: ['Established'],
};

const OPERATION: Readonly<Record<CallRequest['kind'], string>> = {
  AnswerCall: 'answer',
  ReleaseCall: 'release',
  HoldCall: 'hold',
  RetrieveCall: 'retrieve',
  SendDTMF: 'send-dtmf',
};

/** The events that confirm each call request. */
const CONFIRMED_BY: Readonly<Record<CallRequest['kind'], readonly TEvent['name'][]>> = {
  AnswerCall: ['EventEstablished'],
  ReleaseCall: ['EventReleased', 'EventAbandoned'],
  HoldCall: ['EventHeld'],
  RetrieveCall: ['EventRetrieved'],
  // No notification confirms it (see sendDtmf).
  SendDTMF: [],
};

interface Pending {
  readonly referenceId: number;
  readonly operation: string;
  readonly isDial: boolean;
  /** GWS's id of the call the request names. */
  readonly gwsId?: string;
  readonly confirms: (event: UnstampedTEvent) => boolean;
  /** Undoes what was marked for the request (a release expected) once GWS or T-Server refused it. */
  readonly onRefused?: () => void;
  readonly resolve: (event: TEvent) => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/** How often current-session is tried while Genesys' simulator has not yet made the agent's session (it answers 403). */
const SESSION_RETRY_MS = 250;

export class WorkspaceAgent {
  private readonly jar = new CookieJar();
  private readonly rest: GwsRest;
  private notifications: NotificationSession | undefined;
  private phase: 'opening' | 'open' | 'closed' = 'opening';
  private dnNumber: string | undefined;
  private user: GwsUser | undefined;
  private tracker: CallTracker | undefined;
  private agentStatus: AgentStatus | undefined;
  /** Notifications that came before the DN was known, in order. */
  private readonly early: VoiceNotification[] = [];
  private readonly pending: Pending[] = [];
  private notificationsUp = true;
  private voiceUp = true;
  /** Settled by the workspace initialization and the DN's first state, while opening. */
  private readonly waiters = new Set<() => void>();
  private openFailure: Error | undefined;

  private constructor(
    private readonly credentials: string,
    private readonly context: AgentContext,
  ) {
    if (context.signIn === 'agentApiSimulator') this.jar.set('WWE_CODE', credentials);
    this.rest = new GwsRest({ baseUrl: context.baseUrl, timeoutMs: context.requestTimeoutMs, jar: this.jar, headers: () => this.headers(), onReach: context.onReach });
  }

  /**
   * Who these credentials belong to, if GWS says so without a session of their own: current-session, asked with the
   * credentials alone, names the user when the agent already has a Workspace session at GWS. undefined otherwise
   * (whatever the reason: opening a session then says more).
   */
  static async whoIs(credentials: string, context: AgentContext): Promise<string | undefined> {
    const agent = new WorkspaceAgent(credentials, { ...context, onReach: () => undefined });
    try {
      const session = readCurrentSession(await agent.rest.call('current-session', 'GET', '/current-session'));
      return session.ok ? session.value.userName : undefined;
    } catch {
      return undefined;
    }
  }

  /** Opens the agent's session; rejects with a TServerError (UNAUTHORIZED, LINK_DOWN, BACKEND_ERROR). */
  static async open(credentials: string, context: AgentContext): Promise<WorkspaceAgent> {
    const agent = new WorkspaceAgent(credentials, context);
    try {
      await agent.start();
      return agent;
    } catch (error) {
      void agent.close();
      throw asTServerError(error, 'opening the agent\'s Genesys session');
    }
  }

  get dn(): string {
    if (this.dnNumber === undefined) throw new Error('the agent\'s DN is not known yet');
    return this.dnNumber;
  }

  get agentId(): string {
    if (this.user === undefined) throw new Error('the agent is not known yet');
    return this.user.userName;
  }

  get isOpen(): boolean {
    return this.phase === 'open';
  }

  /** The agent's notifications are connected and Genesys' voice service is available for them. */
  get linkUp(): boolean {
    return this.notificationsUp && this.voiceUp;
  }

  status(): DnStatus {
    const agent = this.agentStatus ?? { state: 'LoggedOut' };
    return {
      dn: this.dn,
      agent: { agentId: this.agentId, state: agent.state, ...(agent.reasonCode === undefined ? {} : { reasonCode: agent.reasonCode }) },
      calls: this.tracker?.snapshot() ?? [],
      linkConnected: this.linkUp,
    };
  }

  /**
   * The bridge no longer uses the session: its notifications stop (GWS ends the session when it times out). Resolves
   * once GWS took the notifications' disconnect (or did not answer it in time).
   */
  close(): Promise<void> {
    if (this.phase === 'closed') return Promise.resolve();
    this.phase = 'closed';
    const disconnected = this.notifications?.close() ?? Promise.resolve();
    for (const waiter of [...this.waiters]) waiter();
    for (const pending of this.pending.splice(0)) {
      clearTimeout(pending.timer);
      pending.reject(new TServerError('LINK_DOWN', `${pending.operation}: the agent's Genesys session was closed`, pending.referenceId));
    }
    return disconnected;
  }

  // ---- Opening -------------------------------------------------------------------------------------------------

  private async start(): Promise<void> {
    const deadline = Date.now() + this.context.cometdTimeoutMs;
    const code = this.context.signIn === 'agentApiSimulator' ? `?code=${encodeURIComponent(this.credentials)}` : '';
    await this.rest.call('initialize-workspace', 'POST', `/initialize-workspace${code}`);
    this.notifications = new NotificationSession({
      baseUrl: this.context.baseUrl,
      jar: this.jar,
      headers: this.apiKeyHeader(),
      handlers: {
        message: (channel, data) => this.onNotification(channel, data),
        broken: (reason, unreachable) => {
          if (unreachable) this.context.onReach(false);
          this.setLink('notifications', false, reason);
        },
        reconnected: () => {
          this.context.onReach(true);
          this.setLink('notifications', true, 'the notifications are connected again');
        },
        // The words the agent reads come first: a close reason holds 123 bytes.
        ended: (reason) => this.end(`Genesys ended the agent's session: sign in again (${reason})`),
      },
    });
    await this.notifications.start(remaining(deadline));
    await this.until(() => this.user !== undefined, deadline, 'Genesys did not finish initializing the workspace');
    const user = this.user as GwsUser;
    if (this.dnNumber === undefined && user.dn !== undefined) this.dnNumber = user.dn.number;
    if (this.dnNumber === undefined) {
      await this.activateVoice(user);
      await this.until(() => this.dnNumber !== undefined, deadline, 'Genesys did not log the agent\'s DN in (activate-channels)');
    }
    this.tracker = new CallTracker(this.dn);
    for (const notification of this.early.splice(0)) this.onVoice(notification);
    await this.resynchronize(deadline);
    this.phase = 'open';
    this.context.log.info({ agentId: this.agentId, dn: this.dn }, 'the agent\'s Genesys session is open');
  }

  /** Activates the voice channel on the user's place (or their agent login as the DN), as Workspace does after initializing. */
  private async activateVoice(user: GwsUser): Promise<void> {
    const agentId = user.agentLogin ?? user.employeeId ?? user.userName;
    const where = user.defaultPlace !== undefined ? { placeName: user.defaultPlace } : user.agentLogin !== undefined ? { dn: user.agentLogin } : {};
    try {
      await this.rest.call('activate-channels', 'POST', '/activate-channels', { data: { agentId, ...where, channels: ['voice'] } });
    } catch (error) {
      if (error instanceof GwsRequestError && isSignInRefused(error.failure)) throw error;
      // The channel may be active already (another Workspace tab); the DN's state tells.
      this.context.log.warn({ agentId: user.userName, err: messageOf(error) }, 'activate-channels failed; waiting for the DN\'s state all the same');
    }
  }

  /** Waits for a condition the notifications make true; fails at the deadline or when the session ends first. */
  private until(condition: () => boolean, deadline: number, failure: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (this.openFailure !== undefined || this.phase === 'closed') {
          done();
          reject(this.openFailure ?? new TServerError('LINK_DOWN', 'the agent\'s Genesys session was closed while opening'));
          return true;
        }
        if (!condition()) return false;
        done();
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new TServerError('BACKEND_ERROR', `${failure} within ${this.context.cometdTimeoutMs} ms`));
      }, remaining(deadline));
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = (): void => void check();
      this.waiters.add(waiter);
      check();
    });
  }

  /**
   * Takes current-session's calls and agent state as the truth (after opening, after the notifications were lost).
   * Genesys' simulator answers 403 until it has made the agent's session (about 250 ms after the DN's first state):
   * while opening, that is tried again until the deadline.
   */
  private async resynchronize(deadline?: number): Promise<void> {
    for (;;) {
      try {
        const body = await this.rest.call('current-session', 'GET', '/current-session');
        const session = readCurrentSession(body);
        if (!session.ok) throw new TServerError('BACKEND_ERROR', `current-session: ${session.problem}`);
        this.takeSession(session.value);
        return;
      } catch (error) {
        const retry = deadline !== undefined && error instanceof GwsRequestError && error.failure.kind === 'http' && error.failure.status === 403 && Date.now() + SESSION_RETRY_MS < deadline;
        if (!retry) throw error;
        await new Promise((resolve) => setTimeout(resolve, SESSION_RETRY_MS));
      }
    }
  }

  private takeSession(user: GwsUser): void {
    const tracker = this.tracker as CallTracker;
    for (const problem of tracker.resynchronize(user.calls ?? [])) this.context.log.warn({ dn: this.dn, problem }, 'current-session lists a call the bridge cannot follow');
    if (user.dn !== undefined && user.dn.number === this.dn) {
      const status = agentStatusOf(user.dn);
      if (status !== undefined) this.agentStatus = status;
    }
  }

  // ---- Notifications -------------------------------------------------------------------------------------------

  private onNotification(channel: string, data: unknown): void {
    if (this.phase === 'closed') return;
    if (channel === '/workspace/v3/initialization') {
      this.onInitialization(data);
    } else if (channel === '/workspace/v3/voice') {
      const read = readVoiceNotification(data);
      if (!read.ok) {
        this.context.log.warn({ agentId: this.user?.userName, dn: this.dnNumber, problem: read.problem }, 'a voice notification from GWS the bridge cannot read: ignored');
        return;
      }
      if (this.tracker === undefined) {
        // Before the DN is known only its first state matters; the rest waits for the call tracker.
        if (read.value.kind === 'dn' && this.dnNumber === undefined) this.dnNumber = read.value.dn.number;
        this.early.push(read.value);
      } else {
        this.onVoice(read.value);
      }
    }
    for (const waiter of [...this.waiters]) waiter();
  }

  private onInitialization(data: unknown): void {
    const read = readInitialization(data);
    if (!read.ok) {
      this.context.log.warn({ problem: read.problem }, 'a workspace initialization message the bridge cannot read: ignored');
      return;
    }
    if (read.value.kind === 'complete' && this.user === undefined) this.user = read.value.user;
    if (read.value.kind === 'failed' && this.phase === 'opening') {
      this.openFailure = new TServerError('BACKEND_ERROR', `Genesys could not initialize the agent's workspace: ${read.value.message}`);
    }
  }

  private onVoice(notification: VoiceNotification): void {
    switch (notification.kind) {
      case 'call': {
        const observation = (this.tracker as CallTracker).observe(notification.call);
        if (observation.problem !== undefined) this.context.log.warn({ dn: this.dn, problem: observation.problem }, 'a call notification from GWS the bridge cannot follow: ignored');
        for (const event of observation.events) this.deliver(event);
        return;
      }
      case 'dn':
        this.onDnState(notification.dn);
        return;
      case 'error':
        this.onError(notification);
        return;
      case 'service':
        if (notification.serviceName === 'VOICE') this.setLink('voice', notification.available, `Genesys' voice service is ${notification.available ? 'available' : 'unavailable'}`);
        return;
      case 'other':
        return;
    }
  }

  private onDnState(dn: GwsDn): void {
    if (dn.number !== this.dn) {
      this.context.log.warn({ dn: this.dn, reported: dn.number }, 'DnStateChanged for a DN that is not the agent\'s: ignored');
      return;
    }
    const next = agentStatusOf(dn);
    if (next === undefined) {
      this.context.log.warn({ dn: this.dn, agentState: dn.agentState }, 'an agent state the bridge does not know: ignored');
      return;
    }
    const previous = this.agentStatus;
    this.agentStatus = next;
    for (const event of agentEventsOf(previous, next, this.dn, this.agentId)) this.deliver(event);
  }

  private onError(error: Extract<VoiceNotification, { kind: 'error' }>): void {
    const index = error.callId === undefined ? -1 : this.pending.findIndex((pending) => pending.gwsId === error.callId);
    const pending = this.pending[index >= 0 ? index : 0];
    if (pending === undefined) {
      this.context.log.warn({ dn: this.dnNumber, errorCode: error.errorCode, errorMessage: error.errorMessage }, 'EventError from GWS that answers no request of the bridge');
      return;
    }
    this.settle(pending);
    pending.onRefused?.();
    pending.reject(tserverErrorOfEvent(pending.operation, error, pending.referenceId, pending.isDial));
  }

  /** Hands an event to the bridge; when it confirms a request waiting, it carries that request's ReferenceID. */
  private deliver(event: UnstampedTEvent): void {
    const pending = this.pending.find((candidate) => candidate.confirms(event));
    if (pending === undefined) {
      this.context.emit(event);
      return;
    }
    this.settle(pending);
    pending.resolve(this.context.emit({ ...event, referenceId: pending.referenceId }));
  }

  private settle(pending: Pending): void {
    clearTimeout(pending.timer);
    const index = this.pending.indexOf(pending);
    if (index >= 0) this.pending.splice(index, 1);
  }

  // ---- Link ----------------------------------------------------------------------------------------------------

  private setLink(part: 'notifications' | 'voice', up: boolean, reason: string): void {
    if (this.phase !== 'open') {
      if (part === 'notifications') this.notificationsUp = up;
      else this.voiceUp = up;
      return;
    }
    const before = this.linkUp;
    if (part === 'notifications') this.notificationsUp = up;
    else this.voiceUp = up;
    if (before === this.linkUp) return;
    this.context.log.warn({ agentId: this.agentId, dn: this.dn, reason }, this.linkUp ? 'the agent\'s link to Genesys is back' : 'the agent\'s link to Genesys is down');
    if (!this.linkUp) {
      this.context.emit({ name: 'EventLinkDisconnected', thisDN: this.dn });
      return;
    }
    // What happened meanwhile is in current-session; the bridge then sends a fresh snapshot.
    this.resynchronize().then(
      () => {
        if (this.phase === 'open' && this.linkUp) this.context.emit({ name: 'EventLinkConnected', thisDN: this.dn });
      },
      (error: unknown) => {
        if (error instanceof GwsRequestError && isSignInRefused(error.failure)) {
          this.end(`Genesys no longer accepts the agent's session: sign in again (${error.failure.kind === 'http' ? `HTTP ${error.failure.status}` : 'refused'})`);
          return;
        }
        this.context.log.warn({ dn: this.dn, err: messageOf(error) }, 'resynchronizing from current-session failed; the calls shown may be out of date');
        if (this.phase === 'open' && this.linkUp) this.context.emit({ name: 'EventLinkConnected', thisDN: this.dn });
      },
    );
  }

  /**
   * The session ended for good (GWS ended it, or gave its DN to another agent's session): the bridge's sessions of
   * the DN are told to sign in again.
   */
  end(reason: string): void {
    if (this.phase === 'closed') return;
    if (this.phase === 'opening') {
      this.openFailure = new TServerError('UNAUTHORIZED', reason);
      for (const waiter of [...this.waiters]) waiter();
      return;
    }
    this.context.log.warn({ agentId: this.agentId, dn: this.dn, reason }, 'the agent\'s Genesys session ended');
    void this.close();
    this.context.emit({ name: 'EventSessionEnded', thisDN: this.dn, reason });
    this.context.onEnded(this);
  }

  // ---- Requests ------------------------------------------------------------------------------------------------

  async request(request: TRequest): Promise<TEvent> {
    if (this.phase !== 'open') throw new TServerError('LINK_DOWN', `${request.kind} refused: the agent's Genesys session has ended`);
    if (!this.linkUp) throw new TServerError('LINK_DOWN', `${request.kind} refused: the link to Genesys for DN ${this.dn} is down; try again when it is back`);
    switch (request.kind) {
      case 'AnswerCall':
      case 'ReleaseCall':
      case 'HoldCall':
      case 'RetrieveCall':
      case 'SendDTMF':
        return this.callRequest(request);
      case 'SingleStepTransfer':
      case 'InitiateTransfer':
      case 'InitiateConference':
      case 'CompleteTransfer':
      case 'CompleteConference':
      case 'ReconnectCall':
        return this.transferRequest(request);
      case 'MakeCall': {
        const known = new Set((this.tracker as CallTracker).snapshot().map((call) => call.connId));
        const userData = Object.keys(request.userData).length === 0 ? {} : { userData: kvListOf(request.userData) };
        return this.send({
          operation: 'make-call',
          path: '/voice/make-call',
          // The protocol's separators (+1 650 555 0100) are for people: GWS hands the destination to the switch as it
          // is, so the bridge sends the digits, as Workspace Web Edition does (dialString, protocol/fieldRules.ts).
          body: { data: { destination: dialString(request.destination), ...userData } },
          isDial: true,
          confirms: (event) => event.name === 'EventDialing' && !known.has(event.call.connId),
        });
      }
      case 'AgentReady':
      case 'AgentNotReady':
        return this.agentRequest(request);
    }
  }

  private async callRequest(request: CallRequest): Promise<TEvent> {
    const tracked = (this.tracker as CallTracker).byConnId(request.connId);
    if (tracked === undefined) throw new TServerError('UNKNOWN_CALL', `${request.kind}: no call ${request.connId} at DN ${this.dn}`);
    if (!VALID_IN[request.kind].includes(tracked.call.state)) {
      throw new TServerError('INVALID_IN_STATE', `${request.kind} is not valid for call ${request.connId}: it is ${tracked.call.state}`);
    }
    const operation = OPERATION[request.kind];
    if (request.kind === 'SendDTMF') return this.sendDtmf(tracked.gwsId, tracked.call, request.digits);
    const confirmedBy = CONFIRMED_BY[request.kind];
    // Marked before asking: the Released may come before GWS's answer does.
    if (request.kind === 'ReleaseCall') (this.tracker as CallTracker).markRelease(tracked.gwsId, true);
    return this.send({
      operation,
      path: `/voice/calls/${encodeURIComponent(tracked.gwsId)}/${operation}`,
      body: {},
      gwsId: tracked.gwsId,
      confirms: (event) => 'call' in event && confirmedBy.includes(event.name) && event.call.connId === request.connId,
      ...(request.kind === 'ReleaseCall' ? { onRefused: () => this.tracker?.markRelease(tracked.gwsId, false) } : {}),
    });
  }

  private async transferRequest(request: TransferRequest): Promise<TEvent> {
    const tracker = this.tracker as CallTracker;
    const tracked = tracker.byConnId(request.connId);
    if (tracked === undefined) throw new TServerError('UNKNOWN_CALL', `${request.kind}: no call ${request.connId} at DN ${this.dn}`);
    const held = request.kind === 'CompleteTransfer' || request.kind === 'CompleteConference' || request.kind === 'ReconnectCall';
    const validIn: readonly PartyState[] = held ? ['Held'] : ['Established'];
    if (!validIn.includes(tracked.call.state)) {
      throw new TServerError('INVALID_IN_STATE', `${request.kind} is not valid for call ${request.connId}: it is ${tracked.call.state}`);
    }
    const connId = request.connId;
    const path = (gwsId: string, operation: string) => `/voice/calls/${encodeURIComponent(gwsId)}/${operation}`;
    switch (request.kind) {
      case 'SingleStepTransfer': {
        // The protocol's separators are for people: the switch gets the digits (dialString, as for make-call).
        const destination = dialString(request.destination);
        tracker.markRelease(tracked.gwsId, true, { callState: 'Transferred', thirdPartyDN: destination });
        return this.send({
          operation: 'single-step-transfer',
          path: path(tracked.gwsId, 'single-step-transfer'),
          body: { data: { destination } },
          gwsId: tracked.gwsId,
          isDial: true,
          confirms: (event) => event.name === 'EventReleased' && event.call.connId === connId,
          onRefused: () => tracker.markRelease(tracked.gwsId, false),
        });
      }
      case 'InitiateTransfer':
      case 'InitiateConference': {
        const operation = request.kind === 'InitiateTransfer' ? 'initiate-transfer' : 'initiate-conference';
        return this.send({
          operation,
          path: path(tracked.gwsId, operation),
          body: { data: { destination: dialString(request.destination) } },
          gwsId: tracked.gwsId,
          isDial: true,
          confirms: (event) => event.name === 'EventDialing' && event.call.transferConnId === connId,
        });
      }
      case 'CompleteTransfer':
      case 'CompleteConference':
      case 'ReconnectCall': {
        const consult = tracker.byConnId(request.consultConnId);
        if (consult === undefined || consult.call.transferConnId !== connId) {
          throw new TServerError('INVALID_IN_STATE', `${request.kind} refused: ${request.consultConnId} is no consult call of call ${connId} at DN ${this.dn}`, undefined, 'consultConnectionId');
        }
        const transfer = request.kind === 'CompleteTransfer';
        const operation = transfer ? 'complete-transfer' : request.kind === 'CompleteConference' ? 'complete-conference' : 'reconnect';
        const data = request.kind === 'ReconnectCall' ? { heldConnId: tracked.gwsId } : { parentConnId: tracked.gwsId };
        // Marked before asking: the releases may come before GWS's answer does.
        tracker.markRelease(consult.gwsId, true, { callState: transfer ? 'Transferred' : request.kind === 'CompleteConference' ? 'Conferenced' : 'Ok' });
        if (transfer) tracker.markRelease(tracked.gwsId, true, { callState: 'Transferred', thirdPartyDN: consult.call.otherDN });
        return this.send({
          operation,
          path: path(consult.gwsId, operation),
          body: { data },
          gwsId: consult.gwsId,
          confirms: (event) => 'call' in event && event.call.connId === connId && event.name === (transfer ? 'EventReleased' : 'EventRetrieved'),
          onRefused: () => {
            tracker.markRelease(consult.gwsId, false);
            if (transfer) tracker.markRelease(tracked.gwsId, false);
          },
        });
      }
    }
  }

  /** send-dtmf: done once GWS accepted it; the digits are in the body only (never in a log line or an event). */
  private async sendDtmf(gwsId: string, call: TCall, digits: string): Promise<TEvent> {
    const referenceId = this.context.nextReferenceId();
    const path = `/voice/calls/${encodeURIComponent(gwsId)}/send-dtmf`;
    await this.rest.call('send-dtmf', 'POST', path, { data: { dtmfDigits: digits } }).catch((error: unknown) => Promise.reject(this.failure(error, true, referenceId)));
    return this.context.emit({ name: 'EventDTMFSent', thisDN: this.dn, call, referenceId });
  }

  private async agentRequest(request: Extract<TRequest, { readonly agentId: string }>): Promise<TEvent> {
    if (this.agentStatus?.state === 'LoggedOut') {
      // Out of LoggedOut the DN is logged in first, as T-Server's AgentLogin (Genesys' simulator has no voice login:
      // its DN is never logged out unless asked, and it answers 404, which is then let pass).
      await this.send({ operation: 'login', path: '/voice/login', body: {}, confirms: (event) => event.name === 'EventAgentLogin' }).catch((error: unknown) => {
        if (!(error instanceof TServerError && /HTTP 404/.test(error.message))) throw error;
      });
    }
    const ready = request.kind === 'AgentReady';
    const reasonCode = request.kind === 'AgentNotReady' ? request.reasonCode : undefined;
    const already = ready ? this.agentStatus?.state === 'Ready' : this.agentStatus?.state === 'NotReady' && this.agentStatus.reasonCode === reasonCode;
    const operation = ready ? 'ready' : 'not-ready';
    const body = ready || reasonCode === undefined ? {} : { data: { reasonCode } };
    if (already) {
      // GWS reports no change when there is none; T-Server answers a repeated state all the same.
      const referenceId = this.context.nextReferenceId();
      await this.rest.call(operation, 'POST', `/voice/${operation}`, body).catch((error: unknown) => Promise.reject(this.failure(error, false, referenceId)));
      const agentId = this.agentId;
      return this.context.emit(
        ready
          ? { name: 'EventAgentReady', thisDN: this.dn, agentId, referenceId }
          : { name: 'EventAgentNotReady', thisDN: this.dn, agentId, referenceId, ...(reasonCode === undefined ? {} : { reasonCode }) },
      );
    }
    return this.send({ operation, path: `/voice/${operation}`, body, confirms: (event) => event.name === (ready ? 'EventAgentReady' : 'EventAgentNotReady') });
  }

  /** Sends a request and waits for its confirming event (or its EventError, or the timeout). */
  private send(spec: {
    readonly operation: string;
    readonly path: string;
    readonly body: unknown;
    readonly confirms: (event: UnstampedTEvent) => boolean;
    readonly gwsId?: string;
    readonly isDial?: boolean;
    readonly onRefused?: () => void;
  }): Promise<TEvent> {
    const referenceId = this.context.nextReferenceId();
    let pending!: Pending;
    const confirmed = new Promise<TEvent>((resolve, reject) => {
      pending = {
        referenceId,
        operation: spec.operation,
        isDial: spec.isDial ?? false,
        ...(spec.gwsId === undefined ? {} : { gwsId: spec.gwsId }),
        confirms: spec.confirms,
        ...(spec.onRefused === undefined ? {} : { onRefused: spec.onRefused }),
        resolve,
        reject,
      };
    });
    pending.timer = setTimeout(() => {
      this.settle(pending);
      pending.reject(new TServerError('BACKEND_ERROR', `${spec.operation}: Genesys did not confirm it within ${this.context.requestTimeoutMs} ms`, referenceId));
    }, this.context.requestTimeoutMs);
    this.pending.push(pending);
    return this.rest.call(spec.operation, 'POST', spec.path, spec.body).then(
      () => confirmed,
      (error: unknown) => {
        if (!this.pending.includes(pending)) return confirmed;
        this.settle(pending);
        spec.onRefused?.();
        throw this.failure(error, spec.gwsId !== undefined, referenceId);
      },
    );
  }

  /** A REST failure in the port's terms; a refusal of the agent's session ends it. */
  private failure(error: unknown, aboutCall: boolean, referenceId: number): TServerError {
    if (!(error instanceof GwsRequestError)) return asTServerError(error, 'the request');
    if (isSignInRefused(error.failure)) this.end(`Genesys no longer accepts the agent's session: sign in again (HTTP ${error.failure.kind === 'http' ? error.failure.status : '?'})`);
    return tserverErrorOf(error, aboutCall, referenceId);
  }

  private headers(): Record<string, string> {
    return {
      ...this.apiKeyHeader(),
      // Real GWS: the agent's access token; afterwards the session cookie GWS issued also says who it is.
      ...(this.context.signIn === 'oauth2' ? { Authorization: `Bearer ${this.credentials}` } : {}),
    };
  }

  private apiKeyHeader(): Record<string, string> {
    return this.context.apiKey === undefined ? {} : { 'x-api-key': this.context.apiKey };
  }
}

function remaining(deadline: number): number {
  return Math.max(1, deadline - Date.now());
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whatever failed while opening or asking, as the port's error. */
function asTServerError(error: unknown, what: string): TServerError {
  if (error instanceof TServerError) return error;
  if (error instanceof GwsRequestError) {
    if (isSignInRefused(error.failure)) {
      return new TServerError('UNAUTHORIZED', `Genesys refused the agent's credentials: sign in with Genesys again (${error.operation}: HTTP ${error.failure.kind === 'http' ? error.failure.status : '?'})`);
    }
    return tserverErrorOf(error, false);
  }
  if (error instanceof SessionRefused) return new TServerError('UNAUTHORIZED', `Genesys refused the agent's session: sign in with Genesys again (${error.message})`);
  return new TServerError('BACKEND_ERROR', `${what} failed: ${messageOf(error)}`);
}
