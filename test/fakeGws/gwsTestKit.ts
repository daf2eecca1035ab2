/**
 * Test helpers for the fake GWS, used as a Workspace client would use real GWS: the OAuth sign-in over HTTP (the
 * form, the token endpoint), REST with the WORKSPACE_SESSIONID cookie, and a real CometD client (`cometd` with
 * `cometd-nodejs-client`, long-polling, its own cookies) whose messages tests wait for: first match after a cursor,
 * bounded time, no sleeps.
 */
import { CometD, type Message } from 'cometd';
import { adapt } from 'cometd-nodejs-client';
import type { FakeGwsOptions } from '../../dev/fakeGws/config';
import type { CallStateChanged, DnStateChanged, EventErrorMessage, GwsCall, GwsDn, initializationComplete, ServiceStateChanged, VoiceMessage } from '../../dev/fakeGws/payloads';
import { startFakeGws, type FakeGws } from '../../dev/fakeGws/server';

export const WAIT_MS = 3000;
export const REDIRECT_URI = 'http://127.0.0.1:9/genesys/callback';
export const CLIENT = { clientId: 'toolbar-test', clientSecret: 'toolbar-test-secret' };

// One adapter for the process: CometD's XMLHttpRequest for Node. Each CometD client below brings its own cookies.
adapt();

export function startTestFake(options: FakeGwsOptions = {}): Promise<FakeGws> {
  return startFakeGws({
    clients: [{ ...CLIENT, redirectUris: [REDIRECT_URI], grantTypes: ['authorization_code', 'refresh_token'] }],
    ...options,
  });
}

export function basic(clientId = CLIENT.clientId, secret = CLIENT.clientSecret): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
}

/** Signs in through /oauth/authorize and the sign-in form; resolves the redirect's code (and state). */
export async function signIn(fake: FakeGws, userName: string, password = userName): Promise<{ code: string; state: string | null }> {
  const authorize = new URL(`${fake.url}/auth/v3/oauth/authorize`);
  authorize.search = new URLSearchParams({ client_id: CLIENT.clientId, redirect_uri: REDIRECT_URI, response_type: 'code', state: 's-1' }).toString();
  const form = await fetch(authorize);
  if (form.status !== 200) throw new Error(`authorize answered ${form.status}`);
  const html = await form.text();
  // The form carries the authorize request's parameters as hidden fields; post them back with the credentials.
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(name, value.replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c))));
  fields.set('username', userName);
  fields.set('password', password);
  const posted = await fetch(`${fake.url}/auth/v3/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  if (posted.status !== 302) throw new Error(`sign-in answered ${posted.status}`);
  const location = new URL(posted.headers.get('location') ?? '');
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`sign-in redirected without a code: ${location.href}`);
  return { code, state: location.searchParams.get('state') };
}

export interface TokenAnswer {
  access_token: string;
  token_type: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
}

export async function tokenRequest(fake: FakeGws, form: Record<string, string>, authorization = basic()): Promise<Response> {
  return fetch(`${fake.url}/auth/v3/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: authorization },
    body: new URLSearchParams(form).toString(),
  });
}

/** The whole authorization code flow: the agent's access token. */
export async function accessTokenFor(fake: FakeGws, userName: string): Promise<TokenAnswer> {
  const { code } = await signIn(fake, userName);
  const answer = await tokenRequest(fake, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
  if (answer.status !== 200) throw new Error(`token answered ${answer.status}: ${await answer.text()}`);
  return (await answer.json()) as TokenAnswer;
}

/** A Workspace API answer: ApiSuccessResponse, ApiErrorResponse, or a body with data. */
export interface ApiBody {
  readonly status: { readonly code: number; readonly message?: string };
}

export interface ActiveSession {
  readonly autoCompleteCall: boolean;
  readonly currentPlace: string;
  readonly dn: GwsDn;
  readonly calls: GwsCall[];
  readonly services: { serviceName: string; serviceState: string }[];
}

export interface CurrentSessionBody extends ApiBody {
  readonly data: { readonly user: ReturnType<typeof initializationComplete>['data']['user'] & { readonly activeSession?: ActiveSession } };
}

export interface CallsBody extends ApiBody {
  readonly data: { readonly calls: GwsCall[] };
}

export interface JsonAnswer<T = ApiBody> {
  readonly status: number;
  readonly body: T;
}

type Initialization = ReturnType<typeof initializationComplete> & { readonly data: { readonly user: { readonly activeSession?: ActiveSession } } };

/** What comes over CometD: the initialization's completion and the voice channel's messages. */
export type Received = VoiceMessage | Initialization;

/** One Workspace session of one agent: its cookie, its REST calls, its CometD client and what came on it. */
export class WorkspaceClient {
  sessionId: string | undefined;
  readonly messages: { channel: string; data: Received }[] = [];
  /** Handshake and connect failures the CometD client reported (e.g. httpCode 401 once the session ended). */
  readonly failures: Message[] = [];
  private cursor = 0;
  private readonly listeners = new Set<() => void>();
  private cometd: CometD | undefined;

  constructor(readonly fake: FakeGws) {}

  /** POST initialize-workspace with the bearer token; keeps the session cookie. */
  async initialize(accessToken: string): Promise<JsonAnswer> {
    const answer = await fetch(`${this.fake.url}/workspace/v3/initialize-workspace`, { method: 'POST', headers: { Authorization: `Bearer ${accessToken}` } });
    const cookie = answer.headers.getSetCookie().find((c) => c.startsWith('WORKSPACE_SESSIONID='));
    if (cookie) this.sessionId = cookie.split(';')[0].slice('WORKSPACE_SESSIONID='.length);
    return { status: answer.status, body: (await answer.json()) as ApiBody };
  }

  async request<T = ApiBody>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer<T>> {
    const answer = await fetch(`${this.fake.url}/workspace/v3/${path}`, {
      method,
      headers: {
        ...(this.sessionId ? { Cookie: `WORKSPACE_SESSIONID=${this.sessionId}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    return { status: answer.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  post(path: string, body?: unknown): Promise<JsonAnswer> {
    return this.request('POST', path, body);
  }

  get<T = ApiBody>(path: string): Promise<JsonAnswer<T>> {
    return this.request<T>('GET', path);
  }

  /**
   * Handshakes over long-polling with the session cookie (as Genesys' native-API tutorial does: the transport's
   * cookie store), subscribes to the initialization, voice and media channels; resolves the handshake reply.
   */
  async connect(): Promise<Message> {
    const cometd = new CometD();
    this.cometd = cometd;
    cometd.unregisterTransport('websocket');
    const transport = cometd.findTransport('long-polling') as unknown as { context: unknown };
    transport.context = { cookieStore: { '127.0.0.1': this.sessionId ? [`WORKSPACE_SESSIONID=${this.sessionId}`] : [] } };
    cometd.configure({ url: `${this.fake.url}/workspace/v3/notifications`, logLevel: 'warn' });
    const record = (message: Message) => {
      this.failures.push(message);
      this.changed();
    };
    cometd.addListener('/meta/connect', (message) => {
      if (!message.successful) record(message);
    });
    const reply = await new Promise<Message>((resolve) => {
      cometd.handshake((message) => {
        if (!message.successful) record(message);
        resolve(message);
      });
    });
    if (reply.successful) {
      for (const channel of ['/workspace/v3/initialization', '/workspace/v3/voice', '/workspace/v3/media']) {
        await new Promise<void>((resolve, reject) => {
          cometd.subscribe(
            channel,
            (message) => {
              this.messages.push({ channel, data: message.data as Received });
              this.changed();
            },
            (subscribed) => (subscribed.successful ? resolve() : reject(new Error(`subscribing to ${channel} failed: ${subscribed.error}`))),
          );
        });
      }
    }
    return reply;
  }

  /** Subscribes to another channel; resolves the subscribe reply. */
  subscribe(channel: string): Promise<Message> {
    const cometd = this.connected();
    return new Promise((resolve) => cometd.subscribe(channel, () => undefined, resolve));
  }

  /** Publishes on a channel; resolves the publish reply. */
  publish(channel: string, data: unknown): Promise<Message> {
    const cometd = this.connected();
    return new Promise((resolve) => cometd.publish(channel, data, resolve));
  }

  private connected(): CometD {
    if (!this.cometd) throw new Error('connect() first');
    return this.cometd;
  }

  /** initialize-workspace, CometD, WorkspaceInitializationComplete, activate-channels, the first DnStateChanged. */
  async start(accessToken: string, activation: Record<string, unknown> = {}): Promise<void> {
    const initialized = await this.initialize(accessToken);
    if (initialized.status !== 200) throw new Error(`initialize-workspace answered ${initialized.status}`);
    const reply = await this.connect();
    if (!reply.successful) throw new Error('CometD handshake failed');
    const { user } = (await this.initialized()).data;
    const activated = await this.post('activate-channels', { data: { agentId: user.agentLogin, placeName: user.defaultPlace, ...activation } });
    if (activated.status !== 200) throw new Error(`activate-channels answered ${activated.status}: ${JSON.stringify(activated.body)}`);
    await this.dnState();
  }

  /** The first message after the cursor that matches; moves the cursor past it. */
  waitFor<T extends Received = Received>(match: (data: Received) => boolean, what = 'a matching message'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = this.cursor; i < this.messages.length; i += 1) {
          if (match(this.messages[i].data)) {
            this.cursor = i + 1;
            done();
            resolve(this.messages[i].data as T);
            return true;
          }
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${WAIT_MS} ms; received: ${JSON.stringify(this.messages.slice(this.cursor).map((m) => m.data))}`));
      }, WAIT_MS);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = () => void check();
      if (!check()) this.listeners.add(listener);
    });
  }

  /** The next CallStateChanged in the given state (and for the given call). */
  callState(state: string, connId?: string): Promise<CallStateChanged> {
    return this.waitFor(
      (m) => m.messageType === 'CallStateChanged' && m.call.state === state && (connId === undefined || m.call.id === connId),
      `CallStateChanged ${state}${connId ? ` of ${connId}` : ''}`,
    );
  }

  /** The next CallStateChanged of any kind. */
  anyCallState(): Promise<CallStateChanged> {
    return this.waitFor((m) => m.messageType === 'CallStateChanged', 'CallStateChanged');
  }

  /** The next DnStateChanged (in the given agent state). */
  dnState(agentState?: string): Promise<DnStateChanged> {
    return this.waitFor((m) => m.messageType === 'DnStateChanged' && (agentState === undefined || m.dn.agentState === agentState), `DnStateChanged ${agentState ?? ''}`);
  }

  eventError(): Promise<EventErrorMessage> {
    return this.waitFor((m) => m.messageType === 'EventError', 'EventError');
  }

  serviceState(serviceState: string): Promise<ServiceStateChanged> {
    return this.waitFor((m) => m.messageType === 'ServiceStateChanged' && m.serviceState === serviceState, `ServiceStateChanged ${serviceState}`);
  }

  initialized(): Promise<Initialization> {
    return this.waitFor((m) => m.messageType === 'WorkspaceInitializationComplete', 'WorkspaceInitializationComplete');
  }

  /** Messages after the cursor, without consuming them. */
  pending(): Received[] {
    return this.messages.slice(this.cursor).map((m) => m.data);
  }

  /** Resolves once the CometD client reported a failure that matches. */
  failure(match: (message: Message) => boolean): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.failures.find(match);
        if (found) {
          done();
          resolve(found);
        }
        return found !== undefined;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching CometD failure within ${WAIT_MS} ms`));
      }, WAIT_MS);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = () => void check();
      if (!check()) this.listeners.add(listener);
    });
  }

  async close(): Promise<void> {
    const cometd = this.cometd;
    this.cometd = undefined;
    if (!cometd || cometd.isDisconnected()) return;
    await new Promise<void>((resolve) => cometd.disconnect(() => resolve()));
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Control API calls. */
export async function control<T = unknown>(fake: FakeGws, method: 'GET' | 'POST', path: string, body?: unknown): Promise<JsonAnswer<T>> {
  const answer = await fetch(`${fake.url}/fake-gws/control${path}`, {
    method,
    headers: body !== undefined ? { 'Content-Type': 'application/json' } : {},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: answer.status, body: (await answer.json()) as T };
}

/** The control API's view of the agents. */
export type AgentsBody = { userName: string; sessions: number; activated: boolean; dnState: GwsDn; calls: GwsCall[] }[];

/** A customer calls the agent: the new call's ConnID. */
export async function customerCalls(fake: FakeGws, agent: string, ani: string, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await control<{ connId: string }>(fake, 'POST', '/calls', { agent, ani, ...extra });
  if (answer.status !== 201) throw new Error(`POST /calls answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.connId;
}

/** Starts an agent's session: signed in, initialized, CometD connected, channel activated. */
export async function agentSession(fake: FakeGws, userName: string, activation: Record<string, unknown> = {}): Promise<WorkspaceClient> {
  const client = new WorkspaceClient(fake);
  const token = await accessTokenFor(fake, userName);
  await client.start(token.access_token, activation);
  return client;
}
