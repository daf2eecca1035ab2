/** @jest-environment node */
/**
 * The toolbar's sign-in (OidcSignIn) against the development OpenID provider (oidc-provider, a process of its own):
 * the window the toolbar opens is played by a test "browser" that goes through the provider's real login and consent
 * pages from the address the toolbar put in it, and the callback page's message is posted as that page would. PKCE,
 * the state check, the origin check, a blocked pop-up, a closed window, and renewal on a fake clock.
 */
import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { inEnglish, saidAs, say } from '../../src/ts/cti/core/agentMessages';
import { OidcSignIn } from '../../src/ts/cti/signin/oidcSignIn';
import { CALLBACK_MESSAGE_TYPE, type SignInEnvironment } from '../../src/ts/cti/signin/signInWindow';
import type { SignInState } from '../../src/ts/cti/signin/tokenSignIn';
import { FakeWindow } from '../support/fakeSignInWindow';
import { SIGN_IN_DEFAULTS, type SignInOptions } from '../../src/ts/cti/signin/signInOptions';
import { DevProvider, REDIRECT_URI } from '../support/oidcProvider';

// Each test starts processes (the OpenID provider) and signs in through its pages: on a loaded machine that takes
// longer than jest's default 5 s, which is about speed, not about what the tests check.
jest.setTimeout(60_000);

const PAGE = 'http://127.0.0.1:8000/index.html';
const PAGE_ORIGIN = 'http://127.0.0.1:8000';

let provider: DevProvider;
beforeAll(async () => {
  provider = await DevProvider.start();
});
afterAll(() => provider.stop());

const disposers: Array<() => void> = [];
afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
  jest.useRealTimers();
});

interface Harness {
  readonly signIn: OidcSignIn;
  readonly windows: FakeWindow[];
  readonly requests: Array<{ url: string; body: string }>;
  readonly states: SignInState[];
  /** Posts a message to the toolbar's window, as the callback page (or anyone) would. */
  post(origin: string, data: unknown): void;
  blockPopups: boolean;
}

function harness(options: Partial<SignInOptions> = {}): Harness {
  const listeners = new Set<(message: { origin: string; source: unknown; data: unknown }) => void>();
  const h: Harness = {
    windows: [],
    requests: [],
    states: [],
    blockPopups: false,
    post: (origin, data) => {
      for (const listener of [...listeners]) listener({ origin, source: null, data });
    },
    signIn: undefined as unknown as OidcSignIn,
  };
  const env: SignInEnvironment = {
    pageUrl: PAGE,
    openWindow: () => {
      if (h.blockPopups) return null;
      const opened = new FakeWindow();
      h.windows.push(opened);
      return opened;
    },
    listen: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    fetch: async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      h.requests.push({ url, body: init?.body instanceof URLSearchParams ? init.body.toString() : typeof init?.body === 'string' ? init.body : '' });
      return fetch(input, init);
    },
  };
  const signIn = new OidcSignIn({ ...SIGN_IN_DEFAULTS, issuer: provider.issuer, clientId: provider.clientId, scope: 'openid profile genesys offline_access', ...options }, env);
  signIn.subscribe((state) => h.states.push(state));
  disposers.push(() => signIn.dispose());
  (h as { signIn: OidcSignIn }).signIn = signIn;
  return h;
}

/** The agent signs in in the window: through the provider's pages, back to the callback page, which posts the answer. */
async function completeInWindow(h: Harness, login: string, tamper: (callback: URL) => void = () => undefined): Promise<URL> {
  const opened = h.windows[h.windows.length - 1];
  const authorization = await opened.navigated;
  const callback = new URL(await provider.passPages(authorization, login));
  tamper(callback);
  h.post(PAGE_ORIGIN, { type: CALLBACK_MESSAGE_TYPE, url: callback.href });
  return new URL(authorization);
}

function settled(h: Harness, status: SignInState['status'], where: (state: SignInState) => boolean = () => true): Promise<SignInState> {
  return new Promise((resolve) => {
    const check = (state: SignInState): boolean => {
      if (state.status !== status || !where(state)) return false;
      resolve(state);
      return true;
    };
    if (check(h.signIn.state)) return;
    const stop = h.signIn.subscribe((state) => {
      if (check(state)) stop();
    });
  });
}

test('signs in by authorization code with PKCE: the S256 challenge in the request, its verifier at the token endpoint, no secret', async () => {
  const h = harness();
  const token = h.signIn.token();

  h.signIn.signIn();
  const authorization = await completeInWindow(h, 'agent1');

  expect(decodeJwt(await token)).toMatchObject({ iss: provider.issuer, aud: provider.clientId, sub: 'agent1' });
  expect(h.signIn.state).toEqual({ status: 'signedIn', agent: 'agent1' });
  expect(h.signIn.agent).toBe('agent1');
  expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
    client_id: provider.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    code_challenge_method: 'S256',
    scope: 'openid profile genesys offline_access',
  });
  const exchange = h.requests.find((request) => request.url.endsWith('/token'));
  const sent = new URLSearchParams(exchange?.body);
  expect(sent.get('grant_type')).toBe('authorization_code');
  expect(createHash('sha256').update(sent.get('code_verifier') ?? '').digest('base64url')).toBe(authorization.searchParams.get('code_challenge'));
  expect(sent.has('client_secret')).toBe(false);
  expect(h.windows[0].closed).toBe(true);
});

test('an answer carrying another state is refused, and no code is exchanged', async () => {
  const h = harness();
  h.signIn.signIn();
  await completeInWindow(h, 'agent1', (callback) => callback.searchParams.set('state', 'forged'));

  const state = await settled(h, 'signedOut', (s) => s.message?.key === 'signInIncomplete');

  expect(inEnglish(state.message ?? saidAs(''))).toMatch(/state/);
  expect(h.requests.some((request) => request.url.endsWith('/token'))).toBe(false);
  expect(h.signIn.agent).toBeNull();
});

test('a message from another origin is not taken for the answer; the real one then is', async () => {
  const h = harness();
  h.signIn.signIn();
  const opened = h.windows[0];
  const callback = await provider.passPages(await opened.navigated, 'agent1');

  h.post('https://evil.example.com', { type: CALLBACK_MESSAGE_TYPE, url: callback });
  h.post(PAGE_ORIGIN, { type: 'something-else', url: callback });
  h.post(PAGE_ORIGIN, { type: CALLBACK_MESSAGE_TYPE, url: 'https://evil.example.com/signin-callback.html?code=x&state=y' });
  expect(h.signIn.state.status).toBe('signingIn');
  expect(opened.closed).toBe(false);

  h.post(PAGE_ORIGIN, { type: CALLBACK_MESSAGE_TYPE, url: callback });
  expect(await settled(h, 'signedIn')).toEqual({ status: 'signedIn', agent: 'agent1' });
});

test('a blocked pop-up is said as such, with what to allow', () => {
  const h = harness();
  h.blockPopups = true;

  h.signIn.signIn();

  expect(h.signIn.state).toEqual({ status: 'signedOut', message: say('signInBlocked', { origin: PAGE_ORIGIN }) });
});

test('a window that looks closed is said so but still listened to: the answer may come by the BroadcastChannel (a Cross-Origin-Opener-Policy hides the window)', async () => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  const h = harness();
  h.signIn.signIn();
  const authorization = await h.windows[0].navigated;

  h.windows[0].closed = true;
  await jest.advanceTimersByTimeAsync(1000);

  expect(h.signIn.state).toEqual({
    status: 'signingIn',
    message: say('signInWindowCutOff'),
  });
  jest.useRealTimers();
  const callback = await provider.passPages(authorization, 'agent1');
  h.post(PAGE_ORIGIN, { type: CALLBACK_MESSAGE_TYPE, url: callback });
  expect(await settled(h, 'signedIn')).toEqual({ status: 'signedIn', agent: 'agent1' });
});

test('a window closed before the sign-in finished: Sign in opens a new one; without it, the sign-in ends at genesys.signIn.timeoutMs', async () => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  const h = harness({ timeoutMs: 60_000 });
  h.signIn.signIn();
  await h.windows[0].navigated;
  h.windows[0].closed = true;
  await jest.advanceTimersByTimeAsync(60_000);
  expect(h.signIn.state).toEqual({ status: 'signedOut', message: say('signInTookTooLong', { seconds: 60 }) });

  h.signIn.signIn();
  await h.windows[1].navigated;
  h.windows[1].closed = true;
  await jest.advanceTimersByTimeAsync(1000);
  jest.useRealTimers();
  h.signIn.signIn();
  expect(h.windows).toHaveLength(3);
  await completeInWindow(h, 'agent2');
  expect(await settled(h, 'signedIn')).toEqual({ status: 'signedIn', agent: 'agent2' });
});

test('prompt=consent goes with offline_access unless genesys.signIn.consentPrompt is false; Switch agent adds prompt=login', async () => {
  const asked = harness();
  asked.signIn.signIn(true);
  expect(new URL(await asked.windows[0].navigated).searchParams.get('prompt')).toBe('login consent');

  const notAsked = harness({ consentPrompt: false });
  notAsked.signIn.signIn();
  expect(new URL(await notAsked.windows[0].navigated).searchParams.has('prompt')).toBe(false);
});

describe('renewal, on a fake clock', () => {
  test('with a refresh token: renewed genesys.signIn.renewBeforeMs before expiry, the new token handed to whoever holds the old', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const h = harness({ renewBeforeMs: 60_000 });
    h.signIn.signIn();
    await completeInWindow(h, 'agent1');
    const expiresAt = (decodeJwt(await h.signIn.token()).exp ?? 0) * 1000;
    const renewed = new Promise<string>((resolve) => h.signIn.onRenewed(resolve));

    await jest.advanceTimersByTimeAsync(expiresAt - 60_000 - Date.now() - 1000);
    expect(h.requests.filter((request) => request.body.includes('grant_type=refresh_token'))).toEqual([]);
    await jest.advanceTimersByTimeAsync(1000);

    const second = await renewed;
    // From the refresh grant (the provider's clock has not moved, so the new ID token may read the same as the first).
    expect(h.requests.filter((request) => request.body.includes('grant_type=refresh_token'))).toHaveLength(1);
    expect(decodeJwt(second)).toMatchObject({ sub: 'agent1', aud: provider.clientId });
    expect(await h.signIn.token()).toBe(second);
    expect(h.signIn.state).toEqual({ status: 'signedIn', agent: 'agent1' });
  });

  test('without one (no offline_access): the agent is asked to sign in again before the end, and signed out at it', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const h = harness({ scope: 'openid profile genesys', renewBeforeMs: 120_000 });
    h.signIn.signIn();
    await completeInWindow(h, 'agent1');
    const expiresAt = (decodeJwt(await h.signIn.token()).exp ?? 0) * 1000;

    await jest.advanceTimersByTimeAsync(expiresAt - 120_000 - Date.now());
    expect(h.signIn.state).toEqual({ status: 'signedIn', agent: 'agent1', renewalNeeded: true, message: say('signInEndsAt', { time: expect.stringMatching(/\d/) as string }) });

    await jest.advanceTimersByTimeAsync(120_000);
    expect(h.signIn.state).toEqual({ status: 'signedOut', message: say('signInExpired') });
    expect(h.signIn.agent).toBeNull();
  });

  test('signing in again before the end hands the new token on, as a refresh does', async () => {
    const h = harness({ scope: 'openid profile genesys' });
    h.signIn.signIn();
    await completeInWindow(h, 'agent1');
    const first = await h.signIn.token();
    const renewed = new Promise<string>((resolve) => h.signIn.onRenewed(resolve));

    h.signIn.signIn();
    await completeInWindow(h, 'agent1');

    const second = await renewed;
    expect(second).not.toBe(first);
    expect(await h.signIn.token()).toBe(second);
  });
});

test('invalidate(): the bridge refused the token, so the agent is signed out with the reason and token() waits for a new sign-in', async () => {
  const h = harness();
  h.signIn.signIn();
  await completeInWindow(h, 'agent1');
  await h.signIn.token();

  h.signIn.invalidate(saidAs('the Genesys bridge refused the agent\'s sign-in: agent "agent1" is not known to this bridge'));
  let given: string | undefined;
  const next = h.signIn.token().then((token) => (given = token));

  expect(h.signIn.state).toEqual({ status: 'signedOut', message: saidAs('the Genesys bridge refused the agent\'s sign-in: agent "agent1" is not known to this bridge') });
  await Promise.resolve();
  expect(given).toBeUndefined();
  h.signIn.signIn();
  await completeInWindow(h, 'agent1');
  expect(decodeJwt(await next).sub).toBe('agent1');
});
