/** @jest-environment node */
/**
 * The fake GWS's Authentication API: the authorization code grant through the sign-in form, the token endpoint's
 * client authentication and grants, refresh and revocation.
 */
import type { FakeGws } from '../../dev/fakeGws/server';
import { basic, CLIENT, control, REDIRECT_URI, signIn, startTestFake, tokenRequest, type TokenAnswer } from './gwsTestKit';

let fake: FakeGws;

beforeEach(async () => {
  fake = await startTestFake();
});

afterEach(async () => {
  await fake.close();
});

function authorizeUrl(params: Record<string, string>): string {
  return `${fake.url}/auth/v3/oauth/authorize?${new URLSearchParams(params).toString()}`;
}

describe('/auth/v3/oauth/authorize', () => {
  test('shows the sign-in form to a registered client and redirect URI', async () => {
    const answer = await fetch(authorizeUrl({ client_id: CLIENT.clientId, redirect_uri: REDIRECT_URI, response_type: 'code' }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await answer.text();
    expect(html).toContain('action="/auth/v3/sign-in"');
    expect(html).toContain('name="password"');
  });

  test('refuses an unknown client or an unregistered redirect URI without redirecting (RFC 6749 4.1.2.1)', async () => {
    const unknownClient = await fetch(authorizeUrl({ client_id: 'nobody', redirect_uri: REDIRECT_URI, response_type: 'code' }), { redirect: 'manual' });
    expect(unknownClient.status).toBe(400);
    const otherRedirect = await fetch(authorizeUrl({ client_id: CLIENT.clientId, redirect_uri: 'http://127.0.0.1:9/elsewhere', response_type: 'code' }), {
      redirect: 'manual',
    });
    expect(otherRedirect.status).toBe(400);
    expect(otherRedirect.headers.get('location')).toBeNull();
  });

  test('sends other errors back to the client: an implicit grant, a scope other than "*"', async () => {
    const implicit = await fetch(authorizeUrl({ client_id: CLIENT.clientId, redirect_uri: REDIRECT_URI, response_type: 'token', state: 'x' }), { redirect: 'manual' });
    expect(implicit.status).toBe(302);
    const location = new URL(implicit.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('error')).toBe('unsupported_response_type');
    expect(location.searchParams.get('state')).toBe('x');
    const scoped = await fetch(authorizeUrl({ client_id: CLIENT.clientId, redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid' }), { redirect: 'manual' });
    expect(new URL(scoped.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');
  });
});

describe('the sign-in form', () => {
  test('redirects to the client with a code and the state after a right password', async () => {
    const { code, state } = await signIn(fake, 'agent1');
    expect(code).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(state).toBe('s-1');
  });

  test('shows the form again, without a code, after a wrong password', async () => {
    await expect(signIn(fake, 'agent1', 'wrong')).rejects.toThrow('sign-in answered 401');
  });
});

describe('/auth/v3/oauth/token', () => {
  test('exchanges a code, with the client credentials in Basic auth, for a bearer token as Genesys answers it', async () => {
    const { code } = await signIn(fake, 'agent1');
    const answer = await tokenRequest(fake, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const token = (await answer.json()) as TokenAnswer;
    expect(token).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      refresh_token: expect.any(String),
      expires_in: 1800,
      scope: '*',
    });
  });

  test('refuses a client without credentials or with a wrong secret: 401 invalid_client', async () => {
    const { code } = await signIn(fake, 'agent1');
    const noCredentials = await fetch(`${fake.url}/auth/v3/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }).toString(),
    });
    expect(noCredentials.status).toBe(401);
    expect(noCredentials.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await noCredentials.json()).toMatchObject({ error: 'invalid_client' });
    const wrongSecret = await tokenRequest(fake, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }, basic(CLIENT.clientId, 'nope'));
    expect(wrongSecret.status).toBe(401);
  });

  test('takes a code once, and only with the redirect URI it was issued for', async () => {
    const first = await signIn(fake, 'agent1');
    const wrongRedirect = await tokenRequest(fake, { grant_type: 'authorization_code', code: first.code, redirect_uri: 'http://127.0.0.1:9/other' });
    expect(wrongRedirect.status).toBe(400);
    expect(await wrongRedirect.json()).toMatchObject({ error: 'invalid_grant' });

    const second = await signIn(fake, 'agent1');
    expect((await tokenRequest(fake, { grant_type: 'authorization_code', code: second.code, redirect_uri: REDIRECT_URI })).status).toBe(200);
    const again = await tokenRequest(fake, { grant_type: 'authorization_code', code: second.code, redirect_uri: REDIRECT_URI });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
  });

  test('refuses the password grant to a client not configured for it, and unknown grant types', async () => {
    const password = await tokenRequest(fake, { grant_type: 'password', username: 'agent1', password: 'agent1' });
    expect(password.status).toBe(400);
    expect(await password.json()).toMatchObject({ error: 'unauthorized_client' });
    const other = await tokenRequest(fake, { grant_type: 'client_credentials' });
    expect(await other.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  test('the refresh_token grant gives a new access token and the same refresh token, until the tokens are revoked', async () => {
    const { code } = await signIn(fake, 'agent1');
    const first = (await (await tokenRequest(fake, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI })).json()) as TokenAnswer;
    const refreshed = await tokenRequest(fake, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(refreshed.status).toBe(200);
    const second = (await refreshed.json()) as TokenAnswer;
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).toBe(first.refresh_token);

    expect((await control(fake, 'POST', '/agents/agent1/tokens/revoke')).body).toEqual({ revoked: 2 });
    const afterRevoke = await tokenRequest(fake, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(afterRevoke.status).toBe(400);
    expect(await afterRevoke.json()).toMatchObject({ error: 'invalid_grant' });
  });

  test('an expired access token can still be refreshed', async () => {
    const { code } = await signIn(fake, 'agent1');
    const first = (await (await tokenRequest(fake, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI })).json()) as TokenAnswer;
    expect((await control(fake, 'POST', '/agents/agent1/tokens/expire')).body).toEqual({ expired: 1 });
    expect((await tokenRequest(fake, { grant_type: 'refresh_token', refresh_token: first.refresh_token })).status).toBe(200);
  });
});
