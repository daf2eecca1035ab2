/** @jest-environment node */
/**
 * The toolbar's Genesys sign-in (GwsSignIn) against the fake GWS and a real bridge in workspace mode: the window the
 * toolbar opens is played by a test "browser" that goes through the fake's sign-in form from the address the toolbar
 * put in it, and the callback page's message is posted as that page would. The state check, the bridge's exchange,
 * renewal on a fake clock, and a session Genesys ended.
 */
import { request as httpRequest } from 'node:http';
import type { FakeGws } from '../../dev/fakeGws/server';
import type { Bridge } from '../../server/src/app';
import { inEnglish, say } from '../../src/ts/cti/core/agentMessages';
import { GwsSignIn, SESSION_ENDED_MESSAGE } from '../../src/ts/cti/signin/gwsSignIn';
import { GWS_SIGN_IN_DEFAULTS, type GwsSignInOptions } from '../../src/ts/cti/signin/gwsSignInOptions';
import { CALLBACK_MESSAGE_TYPE, type SignInEnvironment } from '../../src/ts/cti/signin/signInWindow';
import type { SignInState } from '../../src/ts/cti/signin/tokenSignIn';
import { FakeWindow } from '../support/fakeSignInWindow';
import { startFakeGws } from '../../dev/fakeGws/server';
import { BridgeKit } from '../server/bridgeTestKit';

// Each test starts the fake GWS and a bridge and signs in through the form: on a loaded machine that takes longer
// than jest's default 5 s, which is about speed, not about what the tests check.
jest.setTimeout(60_000);

const PAGE = 'http://127.0.0.1:8000/index.html';
const PAGE_ORIGIN = 'http://127.0.0.1:8000';
const REDIRECT_URI = 'http://127.0.0.1:8000/signin-callback.html';
const CLIENT = { clientId: 'media-toolbar', clientSecret: 'media-toolbar-secret' };

const kit = new BridgeKit();
let gws: FakeGws;
let bridge: Bridge;
beforeAll(async () => {
  gws = await startFakeGws({ clients: [{ ...CLIENT, redirectUris: [REDIRECT_URI], grantTypes: ['authorization_code', 'refresh_token'] }], log: () => undefined });
  bridge = await kit.start({ mode: 'secure', backend: 'workspace', allowedOrigins: [PAGE_ORIGIN], workspace: { baseUrl: gws.url, requestTimeoutMs: 5000, cometdTimeoutMs: 10_000, ...CLIENT } });
});
afterAll(async () => {
  await kit.cleanup();
  await gws.close();
});

const disposers: Array<() => unknown> = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

/** One HTTP exchange by node:http (no redirect followed), as the window's browser would make it. */
function send(url: string, method: string, body?: string): Promise<{ status: number; location?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' };
    const request = httpRequest(url, { method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ...(response.headers.location ? { location: response.headers.location } : {}), text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The agent signs in on GWS's form at the authorization address: resolves the callback page's address. */
async function passForm(authorization: string, userName: string, gwsUrl: string): Promise<string> {
  const form = await send(authorization, 'GET');
  if (form.status !== 200) throw new Error(`authorize answered ${form.status}`);
  const fields = new URLSearchParams();
  for (const [, name, value] of form.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(name, value.replace(/&#(\d+);/g, (_m, c: string) => String.fromCharCode(Number(c))));
  fields.set('username', userName);
  fields.set('password', userName);
  const posted = await send(`${gwsUrl}/auth/v3/sign-in`, 'POST', fields.toString());
  if (posted.status !== 302 || posted.location === undefined) throw new Error(`sign-in answered ${posted.status}`);
  return posted.location;
}

interface Harness {
  readonly signIn: GwsSignIn;
  readonly windows: FakeWindow[];
  readonly bridgeCalls: string[];
  post(origin: string, data: unknown): void;
}

function harness(options: Partial<GwsSignInOptions> = {}, where: { gwsUrl?: string; bridgeUrl?: string } = {}): Harness {
  const listeners = new Set<(message: { origin: string; source: unknown; data: unknown }) => void>();
  const windows: FakeWindow[] = [];
  const bridgeCalls: string[] = [];
  const env: SignInEnvironment = {
    pageUrl: PAGE,
    openWindow: () => {
      const opened = new FakeWindow();
      windows.push(opened);
      return opened;
    },
    listen: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fetch: (input, init) => {
      bridgeCalls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      // The toolbar's page origin, as a browser sends it.
      return fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Origin: PAGE_ORIGIN } });
    },
  };
  const signIn = new GwsSignIn({ ...GWS_SIGN_IN_DEFAULTS, baseUrl: where.gwsUrl ?? gws.url, clientId: CLIENT.clientId, ...options }, where.bridgeUrl ?? bridge.url, env);
  disposers.push(() => signIn.dispose());
  return {
    signIn,
    windows,
    bridgeCalls,
    post: (origin, data) => {
      for (const listener of [...listeners]) listener({ origin, source: null, data });
    },
  };
}

async function signInAs(h: Harness, userName: string, tamper: (callback: URL) => void = () => undefined, gwsUrl = gws.url): Promise<URL> {
  h.signIn.signIn();
  const authorization = await h.windows[h.windows.length - 1].navigated;
  const callback = new URL(await passForm(authorization, userName, gwsUrl));
  tamper(callback);
  h.post(PAGE_ORIGIN, { type: CALLBACK_MESSAGE_TYPE, url: callback.href });
  return new URL(authorization);
}

function settled(h: Harness, where: (state: SignInState) => boolean): Promise<SignInState> {
  return new Promise((resolve) => {
    if (where(h.signIn.state)) return resolve(h.signIn.state);
    const stop = h.signIn.subscribe((state) => {
      if (!where(state)) return;
      stop();
      resolve(state);
    });
  });
}

test('the window goes to GWS\'s authorize with the client, the callback page and a state; the bridge exchanges the code and names the agent; the token is the bridge token', async () => {
  const h = harness();
  const token = h.signIn.token();

  const authorization = await signInAs(h, 'agent1');

  expect(`${authorization.origin}${authorization.pathname}`).toBe(`${gws.url}/auth/v3/oauth/authorize`);
  expect(Object.fromEntries(authorization.searchParams)).toEqual({ response_type: 'code', client_id: CLIENT.clientId, redirect_uri: REDIRECT_URI, state: expect.stringMatching(/^[\w-]{20,}$/) });
  const given = await token;
  expect(h.signIn.state).toEqual({ status: 'signedIn', agent: 'agent1' });
  expect(h.signIn.agent).toBe('agent1');
  expect(h.bridgeCalls).toEqual([`${bridge.url}/auth/gws/token`]);
  expect(h.windows[0].closed).toBe(true);
  const { snapshot } = await kit.connectAndSnapshot(bridge, { token: given });
  expect(snapshot).toMatchObject({ agent: { agentId: 'agent1' }, thisDN: '7001' });
});

test('an answer carrying another state is refused, and the code never reaches the bridge', async () => {
  const h = harness();
  await signInAs(h, 'agent1', (callback) => callback.searchParams.set('state', 'forged'));

  const state = await settled(h, (s) => s.status === 'signedOut' && s.message !== undefined);

  expect(state.message).toEqual(say('signInIncomplete', { detail: say('gwsAnswerNotOurs') }));
  expect(inEnglish(state.message ?? say('said'))).toBe('The sign-in did not complete: the answer is not for this sign-in (its state differs)');
  expect(h.bridgeCalls).toEqual([]);
});

test('GWS\'s own refusal in the answer is said as such', async () => {
  const h = harness();
  h.signIn.signIn();
  const authorization = new URL(await h.windows[0].navigated);
  const callback = new URL(REDIRECT_URI);
  callback.search = new URLSearchParams({ error: 'access_denied', state: authorization.searchParams.get('state') ?? '' }).toString();
  h.post(PAGE_ORIGIN, { type: CALLBACK_MESSAGE_TYPE, url: callback.href });

  expect(await settled(h, (s) => s.status === 'signedOut' && s.message !== undefined)).toEqual({
    status: 'signedOut',
    message: say('signInIncomplete', { detail: say('gwsRefusedSignIn', { error: 'access_denied' }) }),
  });
});

test('renewed through the bridge genesys.gwsSignIn.renewBeforeMs before expiry, the new token handed to whoever holds the old', async () => {
  // Tokens of a few seconds, from a fake of their own: real time, since the bridge and the fake run their own timers
  // in this process too.
  const shortLived = await startFakeGws({ tokenLifetimeSeconds: 8, clients: [{ ...CLIENT, redirectUris: [REDIRECT_URI], grantTypes: ['authorization_code', 'refresh_token'] }], log: () => undefined });
  const itsKit = new BridgeKit();
  disposers.push(async () => {
    await itsKit.cleanup();
    await shortLived.close();
  });
  const itsBridge = await itsKit.start({ mode: 'secure', backend: 'workspace', allowedOrigins: [PAGE_ORIGIN], workspace: { baseUrl: shortLived.url, requestTimeoutMs: 5000, cometdTimeoutMs: 10_000, ...CLIENT } });
  const h = harness({ renewBeforeMs: 5000 }, { gwsUrl: shortLived.url, bridgeUrl: itsBridge.url });
  await signInAs(h, 'agent2', undefined, shortLived.url);
  const first = await h.signIn.token();
  const renewed = new Promise<string>((resolve) => h.signIn.onRenewed(resolve));

  const second = await renewed;

  expect(h.bridgeCalls).toEqual([`${itsBridge.url}/auth/gws/token`, `${itsBridge.url}/auth/gws/refresh`]);
  expect(second).not.toBe(first);
  expect(h.signIn.currentToken()).toBe(second);
  expect(h.signIn.state).toEqual({ status: 'signedIn', agent: 'agent2' });
});

test('a session Genesys ended is renewed once; ended again at once, or with the sign-in revoked, the agent is asked to sign in again', async () => {
  const h = harness();
  await signInAs(h, 'agent1');
  const first = await h.signIn.token();

  h.signIn.sessionEnded('Genesys ended the agent\'s session: sign in again (token expired)');
  expect(h.signIn.currentToken()).toBeNull();
  const second = await h.signIn.token();
  expect(second).not.toBe(first);
  expect(h.signIn.state).toEqual({ status: 'signedIn', agent: 'agent1' });

  h.signIn.sessionEnded('Genesys ended the agent\'s session: sign in again (token expired)');
  expect(h.signIn.state).toEqual({ status: 'signedOut', message: SESSION_ENDED_MESSAGE });
  expect(h.signIn.agent).toBeNull();

  const other = harness();
  await signInAs(other, 'agent2');
  await other.signIn.token();
  await fetch(`${gws.url}/fake-gws/control/agents/agent2/tokens/revoke`, { method: 'POST' });
  other.signIn.sessionEnded('Genesys ended the agent\'s session: sign in again (token revoked)');
  expect(await settled(other, (s) => s.status === 'signedOut')).toEqual({ status: 'signedOut', message: SESSION_ENDED_MESSAGE });
});
