/**
 * The fake's control API, under /fake-gws/control: plays everyone a Workspace client cannot (customers, callees,
 * the agent's phone, Genesys' services, the Authentication API's administrator) for tests and for development.
 * It covers what Genesys' Agent API Simulator offers under /sim/manage and /sim/monitor (create-call,
 * service-state-change-notification, get-interactions) and what it lacks: the caller's ANI, a customer hanging up,
 * callees that answer, are busy or do not answer, the agent's phone, ending a session's token. It also hands out an
 * agent's access token, for development set-ups whose toolbar gets its token from a URL (`genesys.tokenUrl`) rather
 * than from a Genesys sign-in window. Loopback pages may call it from their own origin (cors.ts).
 *
 *   GET  /fake-gws/control/agents                           every agent: DN state, sessions, calls
 *   GET  /fake-gws/control/agents/{userName}/calls          the agent's calls, as the Workspace API shows them
 *   GET  /fake-gws/control/agents/{userName}/token          signs the agent in: {token}, a new access token
 *   POST /fake-gws/control/calls          {agent, ani, dnis?, userData?}   a customer calls the agent → {connId}
 *   GET  /fake-gws/control/calls                            every call's parties
 *   POST /fake-gws/control/calls/{connId}/hang-up           the customer (or callee) hangs up
 *   POST /fake-gws/control/calls/{connId}/answer            the callee of an outbound call answers
 *   POST /fake-gws/control/calls/{connId}/busy              ... is busy
 *   POST /fake-gws/control/calls/{connId}/no-answer         ... does not answer
 *   POST /fake-gws/control/calls/{connId}/phone {agent, action: "answer" | "release" | "hold" | "retrieve"}   the agent's phone
 *   POST /fake-gws/control/transfers      {agent, from, ani}   the agent at `from` transfers a customer's call to the agent → {connId}
 *   POST /fake-gws/control/services/{VOICE|IXN} {state: "AVAILABLE" | "UNAVAILABLE"}
 *   POST /fake-gws/control/agents/{userName}/tokens/expire  access tokens expire now (refresh tokens still work)
 *   POST /fake-gws/control/agents/{userName}/tokens/revoke  access and refresh tokens are revoked
 *   POST /fake-gws/control/agents/{userName}/sessions/end   Workspace sessions end (as on a session timeout)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthServer } from './auth';
import type { FakeAgent, FakeGwsConfig } from './config';
import { HttpError, mediaType, readBody, sendJson } from './http';
import type { Kvpair } from './payloads';
import { isKvlist } from './requests';
import { PHONE_ACTIONS, type PhoneAction, type Refusal } from './voice';
import type { Workspace } from './workspace';

export const CONTROL_PREFIX = '/fake-gws/control';

const DIALABLE = /^\+?[0-9*#]{1,32}$/;

export class Control {
  constructor(
    private readonly config: FakeGwsConfig,
    private readonly auth: AuthServer,
    private readonly workspace: Workspace,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice(CONTROL_PREFIX.length);
    const route = `${req.method} ${path}`;
    const voice = this.workspace.voice;
    let match: RegExpExecArray | null;

    if (route === 'GET /agents') return sendJson(res, 200, this.config.agents.map((agent) => this.agentState(agent)));
    if ((match = /^GET \/agents\/([^/]+)\/calls$/.exec(route))) return sendJson(res, 200, voice.callsOf(this.agent(match[1])));
    if ((match = /^GET \/agents\/([^/]+)\/token$/.exec(route))) {
      // A token is a credential: no cache may keep it (RFC 6749 section 5.1 says the same of token answers).
      return sendJson(res, 200, { token: this.auth.signInForDevelopment(this.agent(match[1])) }, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    }
    if (route === 'GET /calls') return sendJson(res, 200, voice.snapshot());
    if (route === 'POST /calls') {
      const body = await jsonBody(req);
      const agent = this.agent(stringField(body, 'agent'));
      const ani = stringField(body, 'ani');
      if (!DIALABLE.test(ani)) throw new HttpError(400, `ani "${ani}" is not a phone number`);
      const dnis = body.dnis === undefined ? undefined : stringField(body, 'dnis');
      const connId = voice.inbound(agent, { ani, dnis, userData: userDataOf(body.userData) });
      return sendJson(res, 201, { connId });
    }
    if (route === 'POST /transfers') {
      const body = await jsonBody(req);
      const agent = this.agent(stringField(body, 'agent'));
      const from = this.agent(stringField(body, 'from'));
      const ani = stringField(body, 'ani');
      if (!DIALABLE.test(ani)) throw new HttpError(400, `ani "${ani}" is not a phone number`);
      if (agent === from) throw new HttpError(400, `${agent.userName} cannot transfer a call to itself`);
      return sendJson(res, 201, { connId: voice.transferIn(agent, from, ani) });
    }
    if ((match = /^POST \/calls\/([^/]+)\/(hang-up|answer|busy|no-answer|phone)$/.exec(route))) {
      const connId = decodeURIComponent(match[1]);
      let refusal: Refusal | undefined;
      if (match[2] === 'hang-up') refusal = voice.remoteHangsUp(connId);
      else if (match[2] === 'answer') refusal = voice.calleeAnswers(connId);
      else if (match[2] === 'busy' || match[2] === 'no-answer') refusal = voice.calleeFails(connId);
      else {
        const body = await jsonBody(req);
        const action = stringField(body, 'action');
        if (!isPhoneAction(action)) throw new HttpError(400, `action must be one of ${PHONE_ACTIONS.map((name) => `"${name}"`).join(', ')}`);
        refusal = voice.phone(this.agent(stringField(body, 'agent')), connId, action);
      }
      if (refusal) throw new HttpError(refusal.httpStatus, refusal.message);
      return sendJson(res, 200, { connId });
    }
    if ((match = /^POST \/services\/(VOICE|IXN)$/.exec(route))) {
      const state = stringField(await jsonBody(req), 'state');
      if (state !== 'AVAILABLE' && state !== 'UNAVAILABLE') throw new HttpError(400, 'state must be "AVAILABLE" or "UNAVAILABLE"');
      this.workspace.setService(match[1] as 'VOICE' | 'IXN', state);
      return sendJson(res, 200, { serviceName: match[1], serviceState: state });
    }
    if ((match = /^POST \/agents\/([^/]+)\/(tokens\/expire|tokens\/revoke|sessions\/end)$/.exec(route))) {
      const agent = this.agent(match[1]);
      if (match[2] === 'tokens/expire') return sendJson(res, 200, { expired: this.auth.expireTokens(agent) });
      if (match[2] === 'tokens/revoke') return sendJson(res, 200, { revoked: this.auth.revokeTokens(agent) });
      return sendJson(res, 200, { ended: this.workspace.endSessionsOf(agent) });
    }
    throw new HttpError(404, `${req.method} ${url.pathname} is not a control route`);
  }

  private agent(userName: string): FakeAgent {
    const agent = this.config.agents.find((a) => a.userName === decodeURIComponent(userName));
    if (!agent) throw new HttpError(404, `no agent "${userName}"`);
    return agent;
  }

  private agentState(agent: FakeAgent) {
    const voice = this.workspace.voice;
    return {
      userName: agent.userName,
      dn: agent.dn,
      place: agent.place,
      agentLogin: agent.agentLogin,
      sessions: this.workspace.sessionCount(agent),
      activated: voice.isActivated(agent),
      dnState: voice.dnOf(agent),
      calls: voice.callsOf(agent),
    };
  }
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  if (text.trim() === '') return {};
  if (mediaType(req) !== 'application/json') throw new HttpError(415, 'the body must be application/json');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'the body must be an object');
  return body as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw new HttpError(400, `${key} is required (a string)`);
  return value;
}

/** userData as Kvpairs, or as a plain object of strings (each a 'str' pair). */
function userDataOf(value: unknown): Kvpair[] | undefined {
  if (value === undefined) return undefined;
  if (isKvlist(value)) return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')) {
    return Object.entries(value as Record<string, string>).map(([key, v]) => ({ key, type: 'str', value: v }));
  }
  throw new HttpError(400, 'userData must be an object of strings or an array of {key, type, value}');
}

function isPhoneAction(action: string): action is PhoneAction {
  return (PHONE_ACTIONS as readonly string[]).includes(action);
}
