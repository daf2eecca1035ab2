/** @jest-environment node */
/**
 * A secure bridge checking agents' tokens against a live OpenID provider (oidc-provider, in a process of its own):
 * its keys fetched from the provider's JWKS, the issuer and the audience checked, the DN from a claim or the bridge's
 * table. Every refusal names its reason (never the token), is counted by reason, and leaves other sessions alone;
 * cached keys keep working while the provider is down until they expire, and then the refusal says so.
 */
import { decodeJwt } from 'jose';
import { CLOSE_CODES } from '../../protocol/bridgeProtocol';
import type { Bridge } from '../../server/src/app';
import { createTServerSimulator } from '../../server/src/backend/simulator/tserverSimulator';
import { SessionRegistry } from '../../server/src/bridge/sessionRegistry';
import type { ConfigOverrides } from '../../server/src/config';
import { DevProvider, type Tokens } from '../support/oidcProvider';
import { AGENT1_DN, AGENT2_DN, BridgeKit, postCommand } from './bridgeTestKit';

// Each test starts processes (the OpenID provider) and signs in through its pages: on a loaded machine that takes
// longer than jest's default 5 s, which is about speed, not about what the tests check.
jest.setTimeout(60_000);

const CLAIMED_DN = '7009';
/** agent1 and agent2 are the bridge's agents; agent9 is known only to the provider, with a DN; stranger has none. */
const ACCOUNTS = { agent1: { dn: AGENT1_DN }, agent2: { dn: AGENT2_DN }, agent9: { dn: CLAIMED_DN }, mallory: { dn: AGENT1_DN }, eve: { dn: CLAIMED_DN } };

const kit = new BridgeKit();
let provider: DevProvider;
let otherProvider: DevProvider;

beforeAll(async () => {
  [provider, otherProvider] = await Promise.all([DevProvider.start({ accounts: ACCOUNTS }), DevProvider.start({ accounts: ACCOUNTS })]);
});
afterAll(async () => {
  await Promise.all([provider.stop(), otherProvider.stop()]);
});
afterEach(async () => {
  jest.useRealTimers();
  await kit.cleanup();
});

/** Simulators the bridges ran on (a test's own backend is the test's to close). */
const backends: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

/** A secure bridge trusting `trusted`, with a simulator that also has DN 7009 (which only a claim gives). */
function startBridge(overrides: ConfigOverrides = {}, trusted: DevProvider = provider): Promise<Bridge> {
  const backend = createTServerSimulator({ dns: [AGENT1_DN, AGENT2_DN, CLAIMED_DN], ringTimeoutMs: null, dialTimeoutMs: null });
  backends.push(backend);
  return kit.start(
    {
      mode: 'secure',
      ...overrides,
      auth: { jwksUrl: trusted.jwksUri, issuer: trusted.issuer, audience: trusted.clientId, dnClaim: trusted.dnClaim, ...overrides.auth },
    },
    backend,
  );
}

async function metric(bridge: Bridge, labels: string): Promise<number> {
  const text = await (await fetch(`${bridge.url}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith(`genesys_bridge_token_failures_total{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('tokens from the provider', () => {
  let agent1: Tokens;
  beforeAll(async () => {
    agent1 = await provider.signIn('agent1');
  });

  test('an ID token signed in through the provider opens a session at the agent\'s DN, and REST takes it too', async () => {
    const bridge = await startBridge();
    const { snapshot } = await kit.connectAndSnapshot(bridge, { token: agent1.id_token });
    expect(snapshot.thisDN).toBe(AGENT1_DN);
    expect(decodeJwt(agent1.id_token)).toMatchObject({ iss: provider.issuer, aud: provider.clientId, sub: 'agent1', genesys_dn: AGENT1_DN });
    expect((await postCommand(bridge, { type: 'Ready' }, { token: agent1.id_token })).status).toBe(200);
  });

  test('the DN comes from the token\'s claim (auth.dnClaim) for an agent the bridge\'s table does not list', async () => {
    const bridge = await startBridge();
    const { snapshot } = await kit.connectAndSnapshot(bridge, { token: (await provider.signIn('agent9')).id_token });
    expect(snapshot.thisDN).toBe(CLAIMED_DN);
  });

  test('without auth.dnClaim, the bridge\'s table gives the DN, and an agent it does not list is refused as unknown', async () => {
    const bridge = await startBridge({ auth: { dnClaim: undefined } as unknown as ConfigOverrides['auth'] });
    expect((await kit.connectAndSnapshot(bridge, { token: agent1.id_token })).snapshot.thisDN).toBe(AGENT1_DN);
    const refused = await kit.refusedSession(bridge, { token: (await provider.signIn('agent9')).id_token });
    expect(refused).toEqual({ code: CLOSE_CODES.tokenRefused, reason: 'agent "agent9" is not known to this bridge' });
    expect(await metric(bridge, 'code="FORBIDDEN",reason="unknown_agent"')).toBe(1);
  });

  test('a renewed token from a refresh keeps the open session: answered EventTokenRenewed with the new expiry', async () => {
    const bridge = await startBridge();
    const signedIn = await provider.signIn('agent1');
    const { stream } = await kit.connectAndSnapshot(bridge, { token: signedIn.id_token });
    const refreshed = await provider.refresh(signedIn.refresh_token ?? '');

    stream.send({ type: 'RenewToken', token: refreshed.id_token });

    const renewed = await stream.waitFor('EventTokenRenewed');
    expect(renewed).toEqual({ eventName: 'EventTokenRenewed', thisDN: AGENT1_DN, expiresAt: (decodeJwt(refreshed.id_token).exp ?? 0) * 1000 });
    expect(stream.socket.readyState).toBe(stream.socket.OPEN);
  });

  test('a renewal naming another agent is refused with an EventError, and the session goes on as it was', async () => {
    const bridge = await startBridge();
    const { stream } = await kit.connectAndSnapshot(bridge, { token: agent1.id_token });

    stream.send({ type: 'RenewToken', token: (await provider.signIn('agent2')).id_token });

    const error = await stream.waitFor('EventError');
    expect(error).toMatchObject({ errorCode: 'FORBIDDEN', request: { type: 'RenewToken' }, errorMessage: expect.stringMatching(/^the renewed token is agent "agent2"/) });
    expect(JSON.stringify(error)).not.toContain(agent1.id_token.split('.')[1]);
    expect(await metric(bridge, 'code="FORBIDDEN",reason="claims"')).toBe(1);
    expect(stream.socket.readyState).toBe(stream.socket.OPEN);
  });
});

describe('refusals, each naming its reason, no other session touched', () => {
  test('a token from another issuer, for another audience, expired, an unknown agent, no DN, or a DN that is another agent\'s', async () => {
    const bridge = await startBridge();
    const otherAudience = await startBridge({ auth: { audience: 'another-client' } });
    const { stream: bystander } = await kit.connectAndSnapshot(bridge, { token: (await provider.signIn('agent2')).id_token });

    const fromElsewhere = (await otherProvider.signIn('agent1')).id_token;
    // Another issuer's token names a key this provider does not publish, so it is the key that fails first; a bridge
    // that trusts the other provider's keys but this issuer says the issuer.
    expect(await kit.refusedSession(bridge, { token: fromElsewhere })).toEqual({
      code: CLOSE_CODES.tokenRefused,
      reason: 'the token is signed with a key the identity provider does not publish',
    });
    const keysOfOther = await startBridge({ auth: { issuer: provider.issuer } }, otherProvider);
    expect(await kit.refusedSession(keysOfOther, { token: fromElsewhere })).toEqual({
      code: CLOSE_CODES.tokenRefused,
      reason: `the token was issued by "${otherProvider.issuer}", not by "${provider.issuer}" (auth.issuer)`,
    });

    const agent1 = (await provider.signIn('agent1')).id_token;
    expect(await kit.refusedSession(otherAudience, { token: agent1 })).toEqual({
      code: CLOSE_CODES.tokenRefused,
      reason: `the token is for audience "${provider.clientId}", not "another-client" (auth.audience)`,
    });

    const stranger = (await provider.signIn('stranger')).id_token;
    expect(await kit.refusedSession(bridge, { token: stranger })).toEqual({
      code: CLOSE_CODES.tokenRefused,
      reason: expect.stringMatching(/^agent "stranger" has no DN: the token has no "genesys_dn" claim \(auth\.dnClaim\) and the agent is not in the bri/),
    });
    expect(await kit.refusedSession(bridge, { token: (await provider.signIn('mallory')).id_token })).toEqual({
      code: CLOSE_CODES.tokenRefused,
      reason: `the token gives agent "mallory" DN ${AGENT1_DN}, which the bridge's agents give to another agent`,
    });
    const { stream: agent9 } = await kit.connectAndSnapshot(bridge, { token: (await provider.signIn('agent9')).id_token });
    expect(await kit.refusedSession(bridge, { token: (await provider.signIn('eve')).id_token })).toEqual({
      code: CLOSE_CODES.tokenRefused,
      reason: `the token gives agent "eve" DN ${CLAIMED_DN}, which another agent is using`,
    });
    // Another agent's name is the operator's to read, not the client's.
    expect(JSON.stringify(await kit.refusedSession(bridge, { token: (await provider.signIn('mallory')).id_token }))).not.toContain('agent1');

    // REST says the same, with the HTTP status of its code.
    const rest = await postCommand(bridge, { type: 'Ready' }, { token: stranger });
    expect(rest.status).toBe(403);
    expect(rest.body).toEqual({ ok: false, errorCode: 'FORBIDDEN', errorMessage: expect.stringMatching(/^agent "stranger" has no DN/) });

    // Expired: the same token, an hour and a minute later.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    jest.setSystemTime(Date.now() + 3660_000);
    const expired = await postCommand(bridge, { type: 'Ready' }, { token: agent1 });
    jest.useRealTimers();
    expect(expired.status).toBe(401);
    expect(expired.body.errorMessage).toMatch(/^the token has expired \(at \d{4}-\d\d-\d\dT/);

    expect(await metric(keysOfOther, 'code="UNAUTHORIZED",reason="issuer"')).toBe(1);
    expect(await metric(bridge, 'code="UNAUTHORIZED",reason="unknown_key"')).toBe(1);
    expect(await metric(otherAudience, 'code="UNAUTHORIZED",reason="audience"')).toBe(1);
    expect(await metric(bridge, 'code="FORBIDDEN",reason="no_dn"')).toBe(2);
    expect(await metric(bridge, 'code="FORBIDDEN",reason="dn_conflict"')).toBe(3);
    expect(await metric(bridge, 'code="UNAUTHORIZED",reason="expired"')).toBe(1);
    // No frame reached the bystanders, nor did they close.
    for (const stream of [bystander, agent9]) {
      expect(stream.received.map((event) => event.eventName)).toEqual(['EventRegistered']);
      expect(stream.socket.readyState).toBe(stream.socket.OPEN);
    }
  });
});

describe('one DN, two agents at once', () => {
  test('a second agent whose token claims a DN that another agent\'s session joined after the token check is refused (4004) as the session opens', async () => {
    const bridge = await startBridge();
    const { stream: agent9 } = await kit.connectAndSnapshot(bridge, { token: (await provider.signIn('agent9')).id_token });
    const eve = (await provider.signIn('eve')).id_token;
    // Two agents' tokens claiming one DN, checked at once: the token check of each can run before the other's
    // session joins the DN. Here eve's token check is made to see the DN free, as it would in that race.
    const holderOf = SessionRegistry.prototype.holderOf;
    let tokenCheckSeesFreeDn = true;
    const spy = jest.spyOn(SessionRegistry.prototype, 'holderOf').mockImplementation(function (this: SessionRegistry, dn: string) {
      if (tokenCheckSeesFreeDn) {
        tokenCheckSeesFreeDn = false;
        return undefined;
      }
      return holderOf.call(this, dn);
    });
    try {
      expect(await kit.refusedSession(bridge, { token: eve })).toEqual({
        code: CLOSE_CODES.tokenRefused,
        reason: `the token gives agent "eve" DN ${CLAIMED_DN}, which another agent is using`,
      });
    } finally {
      spy.mockRestore();
    }
    expect(tokenCheckSeesFreeDn).toBe(false);
    expect(await metric(bridge, 'code="FORBIDDEN",reason="dn_conflict"')).toBe(1);
    expect(agent9.received.map((event) => event.eventName)).toEqual(['EventRegistered']);
  });
});

describe('the provider out of reach', () => {
  test('cached keys keep verifying while the provider is down; once they expire, a refusal saying so (4005), and the keys come back with it', async () => {
    const provider2 = await DevProvider.start({ accounts: ACCOUNTS });
    try {
      // No cooldown: the new keys of a provider that came back are fetched for the first token that names one.
      const bridge = await startBridge({ auth: { jwksCacheMaxAgeMs: 60_000, jwksCooldownMs: 0 } }, provider2);
      const agent1 = (await provider2.signIn('agent1')).id_token;
      const agent2 = (await provider2.signIn('agent2')).id_token;
      await kit.connectAndSnapshot(bridge, { token: agent1 });
      const port = provider2.port;

      await provider2.stop();
      // Cached: the keys fetched for agent1 verify agent2's token with the provider down.
      const { snapshot } = await kit.connectAndSnapshot(bridge, { token: agent2 });
      expect(snapshot.thisDN).toBe(AGENT2_DN);

      // Past auth.jwksCacheMaxAgeMs the keys must be fetched again, and cannot be.
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
      jest.setSystemTime(Date.now() + 61_000);
      const refused = await kit.refusedSession(bridge, { token: agent2 });
      const rest = await postCommand(bridge, { type: 'Ready' }, { token: agent2 });
      jest.useRealTimers();
      expect(refused.code).toBe(CLOSE_CODES.keysUnavailable);
      // Where the keys are and how fetching them failed is the operator's to read, not the client's.
      expect(refused.reason).toBe("cannot check tokens now: the identity provider's keys could not be fetched; try again later");
      expect(rest.status).toBe(503);
      expect(rest.body).toMatchObject({ errorCode: 'LINK_DOWN', errorMessage: expect.stringContaining('try again later') });
      expect(await metric(bridge, 'code="LINK_DOWN",reason="keys_unavailable"')).toBe(2);

      // The provider back (a new process, new keys): tokens it signs now verify again.
      const back = await DevProvider.start({ accounts: ACCOUNTS, port });
      try {
        const fresh = (await back.signIn('agent2')).id_token;
        expect((await kit.connectAndSnapshot(bridge, { token: fresh })).snapshot.thisDN).toBe(AGENT2_DN);
      } finally {
        await back.stop();
      }
    } finally {
      await provider2.stop();
    }
  });

  test('with no keys cached, a provider that does not answer is refused at once with 4005', async () => {
    const provider3 = await DevProvider.start({ accounts: ACCOUNTS });
    const token = (await provider3.signIn('agent1')).id_token;
    const bridge = await startBridge({}, provider3);
    await provider3.stop();

    const refused = await kit.refusedSession(bridge, { token });

    expect(refused.code).toBe(CLOSE_CODES.keysUnavailable);
    expect(refused.reason).toMatch(/could not be fetched/);
    expect(refused.reason).not.toContain(token.split('.')[1]);
  });
});
