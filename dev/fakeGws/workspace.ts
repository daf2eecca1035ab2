/**
 * The Workspace API (/workspace/v3): sessions, the REST operations a voice client uses, and CometD notifications at
 * /workspace/v3/notifications on cometd-nodejs-server.
 *
 * Sessions, as Genesys' own clients use them (workspace-client-js/-java's WorkspaceApi.initialize, and the native-API
 * tutorial https://github.com/GenesysPureEngage/tutorials/blob/master/alternate-calls-workspace-nodejs/src/main.js):
 * POST /initialize-workspace with `Authorization: Bearer <token>` (or ?code=&redirect_uri= of the authorization code
 * flow) answers status code 1 and sets the WORKSPACE_SESSIONID cookie; every later request, the CometD handshake
 * included, carries that cookie and no bearer token. The initialization then completes on the CometD channel
 * /workspace/v3/initialization (WorkspaceInitializationComplete, with the user), and activate-channels logs the agent
 * in at its DN (DnStateChanged on /workspace/v3/voice).
 *
 * A session lives as long as the access token it was opened with (inferred: GWS keeps "the session with auth
 * service" alive through GET /auth-keep-alive, which here starts the token's lifetime again). When the token
 * expires or is revoked the session ends: REST answers 401, the CometD session is dropped and a new handshake is
 * refused 401. Genesys' Agent API Simulator ignores bearer tokens and never issues WORKSPACE_SESSIONID.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCometDServer, type CometDServer, type ServerSession } from 'cometd-nodejs-server';
import type { AccessToken, AuthServer } from './auth';
import type { FakeAgent, FakeGwsConfig } from './config';
import { bearerToken, cookie, HttpError, readBody, sendJson } from './http';
import { newSecret } from './ids';
import {
  apiError,
  ASYNC_OK,
  initializationComplete,
  OK,
  userOf,
  type ApiSuccessResponse,
  type Kvpair,
  type ServiceName,
  type ServiceState,
  type VoiceMessage,
} from './payloads';
import { readRequestBody, REQUEST_BODIES } from './requests';
import { Voice, type Refusal } from './voice';

export const SESSION_COOKIE = 'WORKSPACE_SESSIONID';
export const NOTIFICATIONS_PATH = '/workspace/v3/notifications';
const BROWSER_COOKIE = 'BAYEUX_BROWSER';

const INITIALIZATION = '/workspace/v3/initialization';
const VOICE = '/workspace/v3/voice';
const MEDIA = '/workspace/v3/media';
/** The channels a Workspace client subscribes to (Genesys' clients also subscribe to media/chat; nothing comes there). */
const CHANNELS = new Set([INITIALIZATION, VOICE, MEDIA, '/workspace/v3/media/chat']);

/**
 * Voice operations of the generated VoiceApi that this fake does not implement: answered 501, as Genesys' simulator
 * answers clear, redirect, initiate-conference, alternate, reconnect and merge. Real GWS implements them all. (The
 * fake implements initiate-conference and reconnect, which the simulator does not: see voice.ts.)
 */
const NOT_IMPLEMENTED_CALL_OPERATIONS = new Set([
  'alternate',
  'attach-user-data',
  'clear',
  'delete-from-conference',
  'delete-user-data-pair',
  'merge',
  'pause-recording',
  'redirect',
  'resume-recording',
  'single-step-conference',
  'start-recording',
  'stop-recording',
  'switch-to-barge-in',
  'switch-to-coaching',
  'switch-to-listen-in',
  'update-user-data',
]);
const NOT_IMPLEMENTED_VOICE_OPERATIONS = new Set(['cancel-forward', 'dnd-off', 'dnd-on', 'send-user-event', 'set-forward', 'start-monitoring', 'stop-monitoring']);

interface WorkspaceSession {
  readonly id: string;
  /** The BAYEUX_BROWSER id this session's CometD clients get when they send none (see notifications()). */
  readonly browserId: string;
  readonly agent: FakeAgent;
  readonly token: AccessToken;
  readonly cometd: Set<ServerSession>;
  ended: boolean;
}

export class Workspace {
  readonly voice: Voice;
  private readonly cometd: CometDServer;
  private readonly sessions = new Map<string, WorkspaceSession>();
  private readonly sessionOfRequest = new WeakMap<IncomingMessage, WorkspaceSession>();
  private readonly ownerOfCometd = new Map<string, WorkspaceSession>();
  private readonly services: Record<ServiceName, ServiceState> = { VOICE: 'AVAILABLE', IXN: 'AVAILABLE' };
  private outbox: { agent: FakeAgent; channel: string; data: unknown }[] = [];
  private flushing: NodeJS.Immediate | undefined;

  constructor(
    private readonly config: FakeGwsConfig,
    private readonly auth: AuthServer,
  ) {
    this.voice = new Voice(config.agents, (agent, message) => this.notifyVoice(agent, message), config.outboundAutoAnswerMs);
    auth.onTokenEnded((token) => {
      for (const session of [...this.sessions.values()]) if (session.token === token) this.endSession(session, `token ${token.ended ?? 'ended'}`, false);
    });
    this.cometd = createCometDServer({ timeout: config.cometdTimeoutMs });
    this.cometd.policy = {
      canHandshake: (session, _message, callback) => {
        const owner = this.sessionOfRequest.get(this.requestBeingHandled());
        if (!owner || owner.ended) return callback(undefined, false);
        owner.cometd.add(session);
        this.ownerOfCometd.set(session.id, owner);
        session.addListener('removed', () => {
          owner.cometd.delete(session);
          this.ownerOfCometd.delete(session.id);
        });
        callback(undefined, true);
      },
      canCreate: (_session, _message, channelName, callback) => callback(undefined, CHANNELS.has(channelName)),
      canSubscribe: (session, _message, channel, callback) => callback(undefined, CHANNELS.has(channel.name) && this.ownerOfCometd.get(session.id)?.ended === false),
      // GWS's channels carry its notifications to the client; a client publishes nothing.
      canPublish: (_session, _message, _channel, callback) => callback(undefined, false),
    };
    // A Bayeux message is accepted only from the Workspace session that owns its CometD client.
    this.cometd.addExtension({
      incoming: (_server, session, message, callback) => {
        if (session && message.channel !== '/meta/handshake') {
          const owner = this.ownerOfCometd.get(session.id);
          const requester = this.sessionOfRequest.get(this.requestBeingHandled());
          if (owner && owner !== requester) return callback(undefined, false);
        }
        callback(undefined, true);
      },
    });
    // The initialization's outcome goes to each CometD client once it listens for it.
    this.cometd.addListener('subscribed', (channel: { name: string }, session: ServerSession) => {
      const owner = this.ownerOfCometd.get(session.id);
      if (channel.name === INITIALIZATION && owner) {
        setImmediate(() => session.deliver(null, INITIALIZATION, initializationComplete(owner.agent, this.config.actionCodes, this.activeSession(owner.agent))));
      }
    });
  }

  /** The HTTP request cometd-nodejs-server is handling (its context, while a policy or extension runs). */
  private requestBeingHandled(): IncomingMessage {
    return (this.cometd.context as { request: IncomingMessage }).request;
  }

  /** Serves /workspace/v3/*; false when the path is not the Workspace API's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    if (path !== '/workspace/v3' && !path.startsWith('/workspace/v3/')) return false;
    if (path === NOTIFICATIONS_PATH || path.startsWith(`${NOTIFICATIONS_PATH}/`)) {
      this.notifications(req, res);
      return true;
    }
    if (path === '/workspace/v3/initialize-workspace') {
      if (req.method !== 'POST') throw new HttpError(405, 'initialize-workspace is POST');
      this.initialize(req, res, url);
      return true;
    }
    const session = this.sessionOf(req);
    if (!session) throw new HttpError(401, `no Workspace session: initialize-workspace first, then send its ${SESSION_COOKIE} cookie`);
    await this.route(req, res, path.slice('/workspace/v3/'.length), session);
    return true;
  }

  /** Control API: a backend service goes down or comes back; every session hears it (ServiceStateChanged). */
  setService(name: ServiceName, state: ServiceState): void {
    this.services[name] = state;
    const channel = name === 'VOICE' ? VOICE : MEDIA;
    for (const session of this.sessions.values()) {
      this.enqueue(session.agent, channel, { messageType: 'ServiceStateChanged', serviceName: name, serviceState: state });
    }
  }

  /** Control API: ends the agent's Workspace sessions as GWS does when a session times out. */
  endSessionsOf(agent: FakeAgent): number {
    const mine = [...this.sessions.values()].filter((s) => s.agent === agent);
    for (const session of mine) this.endSession(session, 'ended by the control API', false);
    return mine.length;
  }

  sessionCount(agent: FakeAgent): number {
    return [...this.sessions.values()].filter((s) => s.agent === agent).length;
  }

  serviceState(name: ServiceName): ServiceState {
    return this.services[name];
  }

  close(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.voice.close();
    this.cometd.close();
  }

  // ----- Sessions -----

  private sessionOf(req: IncomingMessage): WorkspaceSession | undefined {
    const id = cookie(req, SESSION_COOKIE);
    const session = id === undefined ? undefined : this.sessions.get(id);
    return session && !session.ended ? session : undefined;
  }

  private initialize(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const code = url.searchParams.get('code');
    const token =
      req.headers.authorization !== undefined
        ? this.auth.verify(bearerToken(req))
        : code !== null
          ? this.auth.redeemCode(code, url.searchParams.get('redirect_uri') ?? undefined)
          : undefined;
    if (!token) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new HttpError(401, 'initialize-workspace needs a valid bearer token, or an authorization code and its redirect_uri');
    }
    const session: WorkspaceSession = { id: newSecret(), browserId: newSecret(), agent: token.agent, token, cometd: new Set(), ended: false };
    this.sessions.set(session.id, session);
    this.config.log(`${session.agent.userName}: Workspace session opened`);
    sendJson(res, 200, ASYNC_OK, { 'Set-Cookie': `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly` });
  }

  /** Ends a session: its CometD clients are dropped. The agent leaves its DN on logout, or with its last session. */
  private endSession(session: WorkspaceSession, why: string, logout: boolean): void {
    if (session.ended) return;
    session.ended = true;
    this.sessions.delete(session.id);
    for (const client of [...session.cometd]) client.disconnect();
    this.config.log(`${session.agent.userName}: Workspace session ended (${why})`);
    if ((logout || this.sessionCount(session.agent) === 0) && this.voice.isActivated(session.agent)) this.voice.deactivate(session.agent);
  }

  // ----- CometD -----

  /**
   * Every Bayeux request needs the session cookie, as every other Workspace request does: without a live session it
   * is answered 401 before cometd-nodejs-server sees it (a CometD client reports it as failure.httpCode 401).
   */
  private notifications(req: IncomingMessage, res: ServerResponse): void {
    const session = this.sessionOf(req);
    if (!session) {
      sendJson(res, 401, apiError(401, 'no Workspace session'));
      req.resume();
      return;
    }
    // cometd-nodejs-server finds a client's session through its BAYEUX_BROWSER cookie, where CometD's Java server
    // (GWS's) goes by clientId alone. A client that sends none gets its Workspace session's own, so that it works
    // here as it would with GWS; a client that sends one (a shared cookie jar) is taken at its word, and its agents'
    // clients then share a browser, with CometD's multiple-clients advice.
    if (cookie(req, BROWSER_COOKIE) === undefined) {
      req.headers.cookie = [req.headers.cookie, `${BROWSER_COOKIE}=${session.browserId}`].filter((c) => c !== undefined && c !== '').join('; ');
    }
    this.sessionOfRequest.set(req, session);
    this.cometd.handle(req, res);
  }

  private notifyVoice(agent: FakeAgent, message: VoiceMessage): void {
    // While T-Server is unreachable GWS learns of nothing; a client resynchronizes from current-session afterwards.
    if (this.services.VOICE === 'UNAVAILABLE') return;
    this.enqueue(agent, VOICE, message);
  }

  /**
   * Messages go out after the HTTP answer of the request that caused them (GWS answers once the request is sent to
   * T-Server; T-Server's events follow), in order, to the agent's CometD clients subscribed to the channel.
   */
  private enqueue(agent: FakeAgent, channel: string, data: unknown): void {
    this.outbox.push({ agent, channel, data });
    this.flushing ??= setImmediate(() => {
      this.flushing = undefined;
      const messages = this.outbox;
      this.outbox = [];
      for (const { agent: to, channel: on, data: payload } of messages) {
        for (const session of this.sessions.values()) {
          if (session.agent !== to) continue;
          for (const client of session.cometd) {
            if (client.subscriptions.some((subscribed) => subscribed.name === on)) client.deliver(null, on, payload);
          }
        }
      }
    });
  }

  // ----- REST -----

  private async route(req: IncomingMessage, res: ServerResponse, path: string, session: WorkspaceSession): Promise<void> {
    const agent = session.agent;
    const method = req.method ?? 'GET';
    const expect = (wanted: string) => {
      if (method !== wanted) throw new HttpError(405, `${path} is ${wanted}`);
    };
    if (path === 'current-session') {
      expect('GET');
      return sendJson(res, 200, this.currentSession(agent));
    }
    if (path === 'auth-keep-alive') {
      expect('GET');
      this.auth.keepAlive(session.token);
      res.writeHead(200, { 'Content-Length': 0 });
      return void res.end();
    }
    if (path === 'logout') {
      expect('POST');
      await readBody(req);
      this.endSession(session, 'logout', true);
      return sendJson(res, 200, OK, { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; Max-Age=0` });
    }
    if (path === 'activate-channels') {
      expect('POST');
      const { data } = await readRequestBody(req, REQUEST_BODIES.activateChannels);
      if (this.services.VOICE === 'UNAVAILABLE') throw new HttpError(503, 'the VOICE service is unavailable');
      return this.answer(res, this.voice.activate(agent, data), OK);
    }
    if (path === 'voice/calls') {
      expect('GET');
      return sendJson(res, 200, { status: { code: 0 }, data: { calls: this.voice.callsOf(agent) } });
    }
    const callOperation = /^voice\/calls\/([^/]+)\/([a-z-]+)$/.exec(path);
    if (callOperation) {
      expect('POST');
      return this.callOperation(req, res, agent, decodeURIComponent(callOperation[1]), callOperation[2]);
    }
    const voiceOperation = /^voice\/([a-z-]+)$/.exec(path);
    if (voiceOperation) {
      expect('POST');
      return this.voiceOperation(req, res, agent, voiceOperation[1]);
    }
    throw new HttpError(404, `/workspace/v3/${path} is not part of this fake`);
  }

  private async voiceOperation(req: IncomingMessage, res: ServerResponse, agent: FakeAgent, operation: string): Promise<void> {
    const voice = this.voice;
    let refusal: Refusal | undefined;
    switch (operation) {
      case 'ready': {
        const { operationId } = await this.voiceBody(req, REQUEST_BODIES.ready);
        refusal = voice.ready(agent, operationId);
        break;
      }
      case 'not-ready': {
        const { data, operationId } = await this.voiceBody(req, REQUEST_BODIES.notReady);
        refusal = voice.notReady(
          agent,
          { reasonCode: data.reasonCode as string | undefined, agentWorkMode: data.agentWorkMode as string | undefined, reasons: data.reasons as Kvpair[] | undefined },
          operationId,
        );
        break;
      }
      case 'make-call': {
        const { data, operationId } = await this.voiceBody(req, REQUEST_BODIES.makeCall);
        refusal = voice.makeCall(agent, data.destination as string, (data.userData as Kvpair[] | undefined) ?? [], operationId);
        break;
      }
      case 'login':
      case 'logout': {
        await this.voiceBody(req, undefined);
        refusal = operation === 'login' ? voice.loginVoice(agent) : voice.logoutVoice(agent);
        break;
      }
      default:
        if (NOT_IMPLEMENTED_VOICE_OPERATIONS.has(operation)) throw new HttpError(501, `voice/${operation} is not implemented by this fake`);
        throw new HttpError(404, `/workspace/v3/voice/${operation} is not part of this fake`);
    }
    this.answer(res, refusal, ASYNC_OK);
  }

  private async callOperation(req: IncomingMessage, res: ServerResponse, agent: FakeAgent, connId: string, operation: string): Promise<void> {
    const voice = this.voice;
    const simple = {
      answer: [REQUEST_BODIES.answer, voice.answer.bind(voice)],
      release: [REQUEST_BODIES.release, voice.release.bind(voice)],
      hold: [REQUEST_BODIES.hold, voice.hold.bind(voice)],
      retrieve: [REQUEST_BODIES.retrieve, voice.retrieve.bind(voice)],
      complete: [REQUEST_BODIES.complete, voice.complete.bind(voice)],
    } as const;
    if (operation === 'send-dtmf') {
      const { data, operationId } = await this.voiceBody(req, REQUEST_BODIES.sendDtmf);
      this.answer(res, voice.sendDtmf(agent, connId, data.dtmfDigits as string, operationId), ASYNC_OK);
      return;
    }
    const transfer = await this.transferOperation(req, agent, connId, operation);
    if (transfer !== null) return this.answer(res, transfer, ASYNC_OK);
    if (!(operation in simple)) {
      if (NOT_IMPLEMENTED_CALL_OPERATIONS.has(operation)) throw new HttpError(501, `voice/calls/{id}/${operation} is not implemented by this fake`);
      throw new HttpError(404, `/workspace/v3/voice/calls/{id}/${operation} is not part of this fake`);
    }
    const [schema, act] = simple[operation as keyof typeof simple];
    const { operationId } = await this.voiceBody(req, schema);
    this.answer(res, act(agent, connId, operationId), ASYNC_OK);
  }

  /** The transfer and conference operations on a call; null for any other operation. */
  private async transferOperation(req: IncomingMessage, agent: FakeAgent, connId: string, operation: string): Promise<Refusal | undefined | null> {
    const voice = this.voice;
    switch (operation) {
      case 'single-step-transfer': {
        const { data, operationId } = await this.voiceBody(req, REQUEST_BODIES.singleStepTransfer);
        return voice.singleStepTransfer(agent, connId, data.destination as string, operationId);
      }
      case 'initiate-transfer':
      case 'initiate-conference': {
        const { data, operationId } = await this.voiceBody(req, operation === 'initiate-transfer' ? REQUEST_BODIES.initiateTransfer : REQUEST_BODIES.initiateConference);
        return voice.initiateConsult(agent, connId, data.destination as string, operationId);
      }
      case 'complete-transfer':
      case 'complete-conference': {
        const { data, operationId } = await this.voiceBody(req, operation === 'complete-transfer' ? REQUEST_BODIES.completeTransfer : REQUEST_BODIES.completeConference);
        return voice.completeConsult(agent, connId, operation === 'complete-transfer' ? 'transfer' : 'conference', data.parentConnId as string | undefined, operationId);
      }
      case 'reconnect': {
        const { data, operationId } = await this.voiceBody(req, REQUEST_BODIES.reconnect);
        return voice.reconnect(agent, connId, data.heldConnId as string, operationId);
      }
      default:
        return null;
    }
  }

  /** A voice request's body; while the VOICE service is down GWS cannot reach T-Server and refuses at once. */
  private async voiceBody(req: IncomingMessage, schema: Parameters<typeof readRequestBody>[1] | undefined) {
    const body = schema ? await readRequestBody(req, schema) : (await readBody(req), { data: {} });
    if (this.services.VOICE === 'UNAVAILABLE') throw new HttpError(503, 'the VOICE service is unavailable');
    return body;
  }

  private answer(res: ServerResponse, refusal: Refusal | undefined, success: ApiSuccessResponse): void {
    if (refusal) return sendJson(res, refusal.httpStatus, apiError(refusal.httpStatus, refusal.message));
    sendJson(res, 200, success);
  }

  /** model CurrentSession: the user, and once the channel is activated its DN, open calls and services. */
  private currentSession(agent: FakeAgent) {
    const activeSession = this.activeSession(agent);
    return { status: { code: 0 }, data: { user: { ...userOf(agent), ...(activeSession ? { activeSession } : {}) } } };
  }

  /** model CurrentSessionDataUserActiveSession, when the agent's voice channel is activated. */
  private activeSession(agent: FakeAgent) {
    if (!this.voice.isActivated(agent)) return undefined;
    return {
      autoCompleteCall: this.voice.autoCompleteOf(agent),
      currentPlace: agent.place,
      dn: this.voice.dnOf(agent),
      calls: this.voice.callsOf(agent),
      services: [{ serviceName: 'VOICE', serviceState: this.services.VOICE }],
    };
  }
}
