/** @jest-environment node */
/**
 * Secure mode: every session and request carries a signed token naming an agent of the bridge's table, sessions
 * only hear their own DN, commands only touch their own DN's calls, and browser origins are checked.
 */
import { SignJWT, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { BRIDGE_PROTOCOL, CLOSE_CODES } from '../../protocol/bridgeProtocol';
import type { Bridge } from '../../server/src/app';
import { AGENT1_DN, AGENT2_DN, BridgeKit, callsAt, customerCalls, postCommand } from './bridgeTestKit';

const kit = new BridgeKit();
afterEach(() => kit.cleanup());

const TOOLBAR_ORIGIN = 'https://toolbar.example.com';
const CUSTOMER = '+15550100';

function startSecure(overrides: Parameters<BridgeKit['start']>[0] = {}): Promise<Bridge> {
  return kit.start({ mode: 'secure', allowedOrigins: [TOOLBAR_ORIGIN], ...overrides });
}

async function tokenFor(bridge: Bridge, agentId: string, ttlSeconds?: number): Promise<string> {
  if (!bridge.mintDevToken) throw new Error('the simulator bridge mints development tokens');
  return bridge.mintDevToken(agentId, ttlSeconds);
}

describe('the simulator\'s control routes', () => {
  /** One request to every route /simulator/* serves in development mode (simulatorRoutes.ts). */
  async function everySimulatorRoute(bridge: Bridge): Promise<Array<{ route: string; status: number; errorMessage: unknown }>> {
    const call = bridge.simulator?.customerCalls({ dn: AGENT2_DN, ani: CUSTOMER });
    const connId = call?.connId ?? '0123456789abcdef';
    const routes: Array<[string, string, Record<string, unknown>?]> = [
      ['POST', '/simulator/calls', { ani: CUSTOMER, dn: AGENT1_DN }],
      ['POST', `/simulator/calls/${connId}/answer`],
      ['POST', `/simulator/calls/${connId}/busy`],
      ['POST', `/simulator/phones/${AGENT2_DN}/answer`, { connectionId: connId }],
      ['POST', `/simulator/phones/${AGENT2_DN}/release`, { connectionId: connId }],
      ['POST', `/simulator/calls/${connId}/hangup`],
      ['POST', '/simulator/traffic', { callsPerSecond: 1, holdMs: 0 }],
      ['GET', '/simulator/traffic'],
      ['DELETE', '/simulator/traffic'],
      ['POST', '/simulator/link/down'],
      ['POST', '/simulator/link/up'],
      ['GET', '/simulator/token?agent=agent2'],
      ['GET', '/simulator/state'],
    ];
    const answers = [];
    for (const [method, path, body] of routes) {
      // No token and no Origin: what the attacker of issue 16 sent.
      const response = await fetch(`${bridge.url}${path}`, {
        method,
        ...(body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}),
      });
      const reply = (await response.json()) as Record<string, unknown>;
      answers.push({ route: `${method} ${path.split('?')[0]}`, status: response.status, errorMessage: reply.errorMessage });
    }
    return answers;
  }

  test('a secure bridge refuses every simulator route with 404, and nothing happens', async () => {
    const bridge = await startSecure();
    const answers = await everySimulatorRoute(bridge);

    for (const answer of answers) {
      expect(answer).toEqual({ route: answer.route, status: 404, errorMessage: expect.stringMatching(/^no route /) });
    }
    // The one call is the test's own (rung in-process); no request rang, answered or released anything, nor took the link.
    const state = await bridge.simulatorState?.();
    expect(state?.linkConnected).toBe(true);
    expect(state?.dns.find((dn) => dn.dn === AGENT1_DN)?.calls).toEqual([]);
    expect(state?.dns.find((dn) => dn.dn === AGENT2_DN)?.calls).toEqual([expect.objectContaining({ state: 'Ringing' })]);
    expect(bridge.traffic?.stats().running).toBe(false);
  });

  test('the same requests reach a route on a development bridge (so the list above names real routes)', async () => {
    const bridge = await kit.start();
    const answers = await everySimulatorRoute(bridge);
    const unrouted = answers.filter((answer) => typeof answer.errorMessage === 'string' && answer.errorMessage.startsWith('no route'));
    expect(unrouted).toEqual([]);
  });

  test('a development bridge with simulator.controlRoutes false serves none of them either', async () => {
    const bridge = await kit.start({ simulator: { ringTimeoutMs: null, dialTimeoutMs: null, controlRoutes: false } });
    expect((await everySimulatorRoute(bridge)).map((answer) => answer.status)).toEqual(new Array(13).fill(404));
  });

  test('a configuration asking for them in secure mode is refused at start-up, naming both keys', async () => {
    await expect(startSecure({ simulator: { ringTimeoutMs: null, dialTimeoutMs: null, controlRoutes: true } })).rejects.toThrow(
      /^simulator\.controlRoutes: cannot be true when mode is "secure"/,
    );
  });
});

describe('two agents with tokens', () => {
  test('each session hears only its own DN', async () => {
    const bridge = await startSecure();
    const tokenA = await tokenFor(bridge, 'agent1');
    const tokenB = await tokenFor(bridge, 'agent2');
    const { stream: a, snapshot: snapshotA } = await kit.connectAndSnapshot(bridge, { token: tokenA, origin: TOOLBAR_ORIGIN });
    const { stream: b, snapshot: snapshotB } = await kit.connectAndSnapshot(bridge, { token: tokenB, origin: TOOLBAR_ORIGIN });
    expect(snapshotA.thisDN).toBe(AGENT1_DN);
    expect(snapshotB.thisDN).toBe(AGENT2_DN);
    expect(a.socket.protocol).toBe(BRIDGE_PROTOCOL);

    await postCommand(bridge, { type: 'initialize' }, { token: tokenA });
    await postCommand(bridge, { type: 'initialize' }, { token: tokenB });
    const callB = await customerCalls(bridge, CUSTOMER, AGENT2_DN);
    await b.waitFor('EventRinging', (event) => event.connectionId === callB.connectionId);
    const callA = await customerCalls(bridge, '+15550111', AGENT1_DN);
    await a.waitFor('EventRinging', (event) => event.connectionId === callA.connectionId);

    // A's socket got its own ringing after B's call rang: anything of B's would have come before it.
    expect(a.received.every((event) => event.thisDN === AGENT1_DN)).toBe(true);
    expect(a.received.some((event) => 'connectionId' in event && event.connectionId === callB.connectionId)).toBe(false);
    expect(b.received.every((event) => event.thisDN === AGENT2_DN)).toBe(true);
  });

  test('agent A\'s command on agent B\'s call is refused 403 and B\'s call is untouched', async () => {
    const bridge = await startSecure();
    const tokenA = await tokenFor(bridge, 'agent1');
    const tokenB = await tokenFor(bridge, 'agent2');
    const { stream: a } = await kit.connectAndSnapshot(bridge, { token: tokenA });
    const { stream: b } = await kit.connectAndSnapshot(bridge, { token: tokenB });
    const callB = await customerCalls(bridge, CUSTOMER, AGENT2_DN);
    await b.waitFor('EventRinging');

    for (const type of ['Accept', 'Reject', 'Hangup', 'Hold']) {
      const reply = await postCommand(bridge, { type, connectionId: callB.connectionId }, { token: tokenA });
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual({ ok: false, errorCode: 'FORBIDDEN', errorMessage: expect.stringContaining(AGENT1_DN) });
    }
    a.send({ type: 'Accept', connectionId: callB.connectionId });
    expect(await a.waitFor('EventError')).toMatchObject({ errorCode: 'FORBIDDEN', connectionId: callB.connectionId });

    expect(await callsAt(bridge, AGENT2_DN)).toEqual([expect.objectContaining({ connId: callB.connectionId, state: 'Ringing' })]);
    // B still owns it.
    expect((await postCommand(bridge, { type: 'Accept', connectionId: callB.connectionId }, { token: tokenB })).status).toBe(200);
    await b.waitFor('EventEstablished');
  });

  test('a token for an agent missing from the bridge\'s table is refused 403 naming the agent (a session: closed 4004 saying so)', async () => {
    const bridge = await startSecure();
    const token = await tokenFor(bridge, 'mallory');

    expect(await kit.refusedSession(bridge, { token })).toEqual({ code: CLOSE_CODES.tokenRefused, reason: 'agent "mallory" is not known to this bridge' });
    const reply = await postCommand(bridge, { type: 'Ready' }, { token });
    expect(reply.status).toBe(403);
    expect(reply.body).toEqual({ ok: false, errorCode: 'FORBIDDEN', errorMessage: expect.stringContaining('mallory') });
  });
});

describe('tokens', () => {
  // A browser cannot read a refused upgrade's status, so the session is accepted and closed at once, with the reason.
  test('a WebSocket session without a token is closed at once with 4004, saying a token is required', async () => {
    const bridge = await startSecure();
    const refused = { code: CLOSE_CODES.tokenRefused, reason: 'a bearer token is required' };
    expect(await kit.refusedSession(bridge)).toEqual(refused);
    expect(await kit.refusedSession(bridge, { protocols: [BRIDGE_PROTOCOL] })).toEqual(refused);
  });

  test('a WebSocket session with an invalid, expired or foreign token is closed at once with 4004 naming the reason', async () => {
    const bridge = await startSecure();
    const other = await startSecure();
    const expired = await tokenFor(bridge, 'agent1', -60);
    const signedElsewhere = await tokenFor(other, 'agent1');

    expect(await kit.refusedSession(bridge, { token: 'not.a.token' })).toEqual({ code: CLOSE_CODES.tokenRefused, reason: expect.stringMatching(/^the token is not valid/) });
    expect(await kit.refusedSession(bridge, { token: expired })).toEqual({ code: CLOSE_CODES.tokenRefused, reason: expect.stringMatching(/^the token has expired/) });
    expect(await kit.refusedSession(bridge, { token: signedElsewhere })).toEqual({ code: CLOSE_CODES.tokenRefused, reason: 'the token\'s signature does not verify' });
  });

  test('REST without, with an invalid and with an expired token is refused 401 UNAUTHORIZED', async () => {
    const bridge = await startSecure();
    const expired = await tokenFor(bridge, 'agent1', -60);

    const missing = await postCommand(bridge, { type: 'Ready' });
    const invalid = await postCommand(bridge, { type: 'Ready' }, { token: 'not.a.token' });
    const late = await postCommand(bridge, { type: 'Ready' }, { token: expired });

    for (const reply of [missing, invalid, late]) {
      expect(reply.status).toBe(401);
      expect(reply.body).toMatchObject({ ok: false, errorCode: 'UNAUTHORIZED' });
    }
    expect(late.body.errorMessage).toMatch(/expired/);
  });

  test('a development token lives at least its ttl from when it is minted', async () => {
    const bridge = await startSecure();
    const minted = Date.now();
    const { exp } = decodeJwt(await tokenFor(bridge, 'agent1', 1));
    expect(Number.isInteger(exp)).toBe(true);
    expect((exp ?? 0) * 1000).toBeGreaterThanOrEqual(minted + 1000);
  });

  test('a session ends with close code 4001 when its token expires', async () => {
    const bridge = await startSecure();
    const { stream } = await kit.connectAndSnapshot(bridge, { token: await tokenFor(bridge, 'agent1', 1) });

    const closed = await stream.closed;

    expect(closed.code).toBe(CLOSE_CODES.tokenExpired);
  });

  test('tokens of the configured identity provider (JWKS, issuer, audience) are accepted; a wrong audience is not', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'RS256' };
    const bridge = await startSecure({
      auth: { jwks: { keys: [jwk] }, issuer: 'https://idp.example.com', audience: 'genesys-bridge', agentClaim: 'agent_id' },
    });
    const sign = (audience: string) =>
      new SignJWT({ agent_id: 'agent2' })
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-1' })
        .setIssuer('https://idp.example.com')
        .setAudience(audience)
        .setExpirationTime('5m')
        .sign(privateKey);

    const { snapshot } = await kit.connectAndSnapshot(bridge, { token: await sign('genesys-bridge') });
    expect(snapshot.thisDN).toBe(AGENT2_DN);
    expect((await postCommand(bridge, { type: 'Ready' }, { token: await sign('someone-else') })).status).toBe(401);
  });
});

describe('origins', () => {
  test('a WebSocket upgrade from an origin not in allowedOrigins is refused 403, even with a valid token', async () => {
    const bridge = await startSecure();
    const token = await tokenFor(bridge, 'agent1');

    expect(await kit.refusedUpgrade(bridge, { token, origin: 'https://evil.example.com' })).toBe(403);
    expect(await kit.refusedUpgrade(bridge, { token, origin: 'http://localhost:8000' })).toBe(403);
    const { snapshot } = await kit.connectAndSnapshot(bridge, { token, origin: TOOLBAR_ORIGIN });
    expect(snapshot.thisDN).toBe(AGENT1_DN);
  });

  test('a command from a disallowed origin is refused 403', async () => {
    const bridge = await startSecure();
    const token = await tokenFor(bridge, 'agent1');
    const reply = await postCommand(bridge, { type: 'Ready' }, { token, origin: 'https://evil.example.com' });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ ok: false, errorCode: 'FORBIDDEN' });
  });

  test('CORS preflight admits allowedOrigins with Content-Type and Authorization, and nobody else', async () => {
    const bridge = await startSecure();
    const preflight = (origin: string) =>
      fetch(`${bridge.url}/genesys/events`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,authorization' },
      });

    const allowed = await preflight(TOOLBAR_ORIGIN);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TOOLBAR_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toBe('content-type, authorization');
    expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight('http://localhost:8000')).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('development mode', () => {
  test('admits loopback origins for CORS and WebSockets, and still refuses other origins', async () => {
    const bridge = await kit.start();
    const preflight = await fetch(`${bridge.url}/genesys/events`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8000', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8000');
    await kit.connectAndSnapshot(bridge, { origin: 'http://127.0.0.1:8000' });
    expect(await kit.refusedUpgrade(bridge, { origin: 'https://evil.example.com' })).toBe(403);
  });

  test('offering only the bridge\'s subprotocol, with no token, acts as the development agent; the server selects that subprotocol', async () => {
    const bridge = await kit.start();
    const { stream, snapshot } = await kit.connectAndSnapshot(bridge, { protocols: [BRIDGE_PROTOCOL] });
    expect(stream.socket.protocol).toBe(BRIDGE_PROTOCOL);
    expect(snapshot).toMatchObject({ thisDN: AGENT1_DN, agent: { agentId: 'agent1' } });
  });

  test('a token that is present must be valid: no falling back to the development agent', async () => {
    const bridge = await kit.start();
    expect((await kit.refusedSession(bridge, { token: 'not.a.token' })).code).toBe(CLOSE_CODES.tokenRefused);
    expect((await postCommand(bridge, { type: 'Ready' }, { token: 'not.a.token' })).status).toBe(401);
  });

  test('a token names its agent: agent2 acts on DN 7002 beside the token-less development agent', async () => {
    const bridge = await kit.start();
    const { snapshot } = await kit.connectAndSnapshot(bridge, { token: await tokenFor(bridge, 'agent2') });
    expect(snapshot.thisDN).toBe(AGENT2_DN);
    const { snapshot: devSnapshot } = await kit.connectAndSnapshot(bridge);
    expect(devSnapshot.thisDN).toBe(AGENT1_DN);
  });
});
