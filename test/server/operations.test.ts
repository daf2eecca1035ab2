/** @jest-environment node */
/**
 * Operations: /healthz, /readyz (503 while the T-Server link is down, and while draining),
 * Prometheus metrics at /metrics, the drain of Bridge.close(), and the rate limits (per address on every request, per
 * session and per agent and per address on commands), each refusal typed RATE_LIMITED.
 */
import type { Bridge } from '../../server/src/app';
import { CLOSE_CODES } from '../../protocol/bridgeProtocol';
import { isRecord } from '../../protocol/jsonRecord';
import { AGENT1_DN, BridgeKit, type EventStream, postCommand, simulatorOf } from './bridgeTestKit';

jest.setTimeout(30_000);

const kit = new BridgeKit();
afterEach(() => kit.cleanup());

const CUSTOMER = '+15550100';

async function get(bridge: Bridge, path: string): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${bridge.url}${path}`);
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** One sample of a metric from /metrics: `name{labels} value`, or undefined when absent. */
async function metric(bridge: Bridge, name: string, labels = ''): Promise<number | undefined> {
  const { text } = await get(bridge, '/metrics');
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

function pauseReading(stream: EventStream): void {
  (stream.socket as unknown as { _socket: { pause(): void } })._socket.pause();
}

describe('/healthz and /readyz', () => {
  test('both answer 200 once the bridge listens; /readyz is 503 while the T-Server link is down', async () => {
    const bridge = await kit.start();
    expect(await get(bridge, '/healthz')).toMatchObject({ status: 200, text: '{"status":"ok"}' });
    expect(await get(bridge, '/readyz')).toMatchObject({ status: 200, text: '{"status":"ready"}' });

    simulatorOf(bridge).linkDown();
    expect(await get(bridge, '/readyz')).toMatchObject({ status: 503, text: expect.stringContaining('the T-Server link is down') });
    expect((await get(bridge, '/healthz')).status).toBe(200);

    simulatorOf(bridge).linkUp();
    expect((await get(bridge, '/readyz')).status).toBe(200);
  });

  test('while draining: /readyz is 503, new sessions are refused 503 SHUTTING_DOWN, commands still served, /healthz 200', async () => {
    const bridge = await kit.start({ shutdown: { graceMs: 20_000 } });
    const { stream: live } = await kit.connectAndSnapshot(bridge);
    const { stream: asleep } = await kit.connectAndSnapshot(bridge);
    // A client that does not read cannot answer the close: it holds the drain open for the grace period.
    pauseReading(asleep);

    const closing = bridge.close();
    expect(await live.closed).toMatchObject({ code: 1001 });

    expect(await get(bridge, '/readyz')).toMatchObject({ status: 503, text: expect.stringContaining('shutting down') });
    expect((await get(bridge, '/healthz')).status).toBe(200);
    expect(await kit.refusedUpgrade(bridge)).toBe(503);
    expect((await postCommand(bridge, { type: 'Ready' })).status).toBe(200);
    expect(await metric(bridge, 'genesys_bridge_draining')).toBe(1);

    // The drain ends at the grace period's end at the latest; here the test ends it by dropping the client.
    asleep.socket.terminate();
    await closing;
  });

  test('with shutdown.readinessDelayMs, the bridge is not ready at once but serves new and open sessions for that long, then sends 1001', async () => {
    const readinessDelayMs = 1500;
    const bridge = await kit.start({ shutdown: { graceMs: 5000, readinessDelayMs } });
    const { stream: open } = await kit.connectAndSnapshot(bridge);
    const started = performance.now();

    const closing = bridge.close();

    expect(await get(bridge, '/readyz')).toMatchObject({ status: 503, text: expect.stringContaining('shutting down') });
    // Still served: a session opens and gets its snapshot, the open one acts, and neither is told to go yet.
    const { stream: late } = await kit.connectAndSnapshot(bridge);
    open.send({ type: 'Ready' });
    await open.waitFor('EventAgentReady');
    const goneAway = await Promise.all([open.closed, late.closed]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(readinessDelayMs - 20);
    expect(goneAway.map((closed) => closed.code)).toEqual([1001, 1001]);
    await closing;
  });

  test('the drain gives a client that does not answer shutdown.graceMs, and not much more', async () => {
    const graceMs = 1000;
    const bridge = await kit.start({ shutdown: { graceMs } });
    const { stream: asleep } = await kit.connectAndSnapshot(bridge);
    pauseReading(asleep);
    const started = performance.now();

    await bridge.close();

    const elapsed = performance.now() - started;
    // A timer never fires early (the margin covers clock rounding), so a drain that did not wait fails here.
    expect(elapsed).toBeGreaterThanOrEqual(graceMs - 20);
    // Well under the 30 s an orchestrator gives by default before SIGKILL: the close did not wait for the client.
    expect(elapsed).toBeLessThan(30_000);
  });
});

describe('/metrics', () => {
  test('counts sessions, commands by type and result, events out, event latency and the link', async () => {
    const bridge = await kit.start();
    const { stream } = await kit.connectAndSnapshot(bridge);
    expect(await metric(bridge, 'genesys_bridge_sessions')).toBe(1);
    expect(await metric(bridge, 'genesys_bridge_backend_link_up')).toBe(1);

    expect((await postCommand(bridge, { type: 'Ready' })).status).toBe(200);
    expect((await postCommand(bridge, { type: 'Accept', connectionId: '0123456789abcdef' })).status).toBe(404);
    stream.send({ type: 'Hold', connectionId: '0123456789abcdef' });
    await stream.waitFor('EventError');
    stream.send({ type: 'Dance' });
    await stream.waitFor('EventError');
    const call = simulatorOf(bridge).customerCalls({ dn: AGENT1_DN, ani: CUSTOMER });
    await stream.waitFor('EventRinging', (event) => event.connectionId === call.connId);

    expect(await metric(bridge, 'genesys_bridge_commands_total', 'type="Ready",result="ok"')).toBe(1);
    expect(await metric(bridge, 'genesys_bridge_commands_total', 'type="Accept",result="UNKNOWN_CALL"')).toBe(1);
    expect(await metric(bridge, 'genesys_bridge_commands_total', 'type="Hold",result="UNKNOWN_CALL"')).toBe(1);
    expect(await metric(bridge, 'genesys_bridge_commands_total', 'type="unknown",result="BAD_REQUEST"')).toBe(1);
    // The snapshot, EventAgentReady, two EventErrors and EventRinging.
    expect(await metric(bridge, 'genesys_bridge_events_out_total')).toBeGreaterThanOrEqual(5);
    expect(await metric(bridge, 'genesys_bridge_event_latency_seconds_count')).toBeGreaterThanOrEqual(2);
    const { text, headers } = await get(bridge, '/metrics');
    expect(headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE genesys_bridge_event_latency_seconds histogram');
    expect(text).toContain('genesys_bridge_process_resident_memory_bytes');

    simulatorOf(bridge).linkDown();
    expect(await metric(bridge, 'genesys_bridge_backend_link_up')).toBe(0);
  });

  test('with metrics.port, /metrics is served only by a listener of its own on loopback, closed with the bridge', async () => {
    const bridge = await kit.start({ metrics: { port: 0 } });
    await kit.connectAndSnapshot(bridge);
    expect(bridge.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const metricsUrl = bridge.metricsUrl ?? '';

    expect((await get(bridge, '/metrics')).status).toBe(404);
    const response = await fetch(`${metricsUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('genesys_bridge_sessions 1');

    await bridge.close();
    await expect(fetch(`${metricsUrl}/metrics`)).rejects.toThrow();
  });

  test('counts token failures by code and reason', async () => {
    const bridge = await kit.start({ mode: 'secure' });
    expect((await kit.refusedSession(bridge, { token: 'not.a.token' })).code).toBe(CLOSE_CODES.tokenRefused);
    expect((await postCommand(bridge, { type: 'Ready' })).status).toBe(401);
    expect((await postCommand(bridge, { type: 'Ready' }, { token: await bridge.mintDevToken?.('mallory') })).status).toBe(403);

    expect(await metric(bridge, 'genesys_bridge_token_failures_total', 'code="UNAUTHORIZED",reason="malformed"')).toBe(1);
    expect(await metric(bridge, 'genesys_bridge_token_failures_total', 'code="UNAUTHORIZED",reason="missing"')).toBe(1);
    expect(await metric(bridge, 'genesys_bridge_token_failures_total', 'code="FORBIDDEN",reason="unknown_agent"')).toBe(1);
  });

  test('a REST request refused before it is admitted (no token, over the address\'s rate) is not counted as a command', async () => {
    const bridge = await kit.start({ mode: 'secure', limits: { requestsPerMinutePerIp: 2 } });
    const token = await bridge.mintDevToken?.('agent1');
    expect((await postCommand(bridge, { type: 'Ready' })).status).toBe(401);
    expect((await postCommand(bridge, { type: 'Ready' }, { token })).status).toBe(200);
    expect((await postCommand(bridge, { type: 'Ready' }, { token })).status).toBe(429);

    const { text } = await get(bridge, '/metrics');
    const commands = text.split('\n').filter((line) => line.startsWith('genesys_bridge_commands_total{'));
    expect(commands).toEqual(['genesys_bridge_commands_total{type="Ready",result="ok"} 1']);
    expect(await metric(bridge, 'genesys_bridge_token_failures_total', 'code="UNAUTHORIZED",reason="missing"')).toBe(1);
    expect(await metric(bridge, 'genesys_bridge_rate_limited_total', 'scope="ip_requests"')).toBe(1);
  });
});

describe('rate limits', () => {
  test('requests per address: the one over limits.requestsPerMinutePerIp is 429 RATE_LIMITED with Retry-After, upgrades too; health is exempt', async () => {
    const bridge = await kit.start({ limits: { requestsPerMinutePerIp: 3 } });
    for (let index = 0; index < 3; index += 1) expect((await postCommand(bridge, { type: 'Ready' })).status).toBe(200);

    const refused = await postCommand(bridge, { type: 'Ready' });

    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ ok: false, errorCode: 'RATE_LIMITED', errorMessage: expect.stringContaining('limits.requestsPerMinutePerIp') });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await kit.refusedUpgrade(bridge)).toBe(429);
    expect((await get(bridge, '/healthz')).status).toBe(200);
    expect((await get(bridge, '/readyz')).status).toBe(200);
    expect(await metric(bridge, 'genesys_bridge_rate_limited_total', 'scope="ip_requests"')).toBe(2);
  });

  /** A command as a proxy forwards it for `client` (the test's socket is the proxy). */
  async function forwarded(bridge: Bridge, client: string): Promise<number> {
    const response = await fetch(`${bridge.url}/genesys/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': client },
      body: JSON.stringify({ type: 'Ready' }),
    });
    await response.body?.cancel();
    return response.status;
  }

  test('behind a proxy in trustProxy, the address limit is each forwarded client\'s: one client over it does not hold back another', async () => {
    const bridge = await kit.start({ trustProxy: ['127.0.0.1', '::1'], limits: { requestsPerMinutePerIp: 2 } });
    expect(await forwarded(bridge, '203.0.113.7')).toBe(200);
    expect(await forwarded(bridge, '203.0.113.7')).toBe(200);
    expect(await forwarded(bridge, '203.0.113.7')).toBe(429);

    expect(await forwarded(bridge, '203.0.113.8')).toBe(200);
  });

  test('without trustProxy, X-Forwarded-For is ignored: a client cannot leave the address limit by naming another address', async () => {
    const bridge = await kit.start({ limits: { requestsPerMinutePerIp: 2 } });
    expect(await forwarded(bridge, '203.0.113.7')).toBe(200);
    expect(await forwarded(bridge, '203.0.113.7')).toBe(200);

    expect(await forwarded(bridge, '203.0.113.8')).toBe(429);
  });

  test('commands per agent over REST: the one over limits.commandsPerSecond is 429 RATE_LIMITED; another agent is not held back', async () => {
    // A rate this low leaves one command in the bucket and refills none while the test runs.
    const bridge = await kit.start({ limits: { commandsPerSecond: 0.001 } });
    expect((await postCommand(bridge, { type: 'Ready' })).status).toBe(200);

    const refused = await postCommand(bridge, { type: 'NotReady' });

    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ ok: false, errorCode: 'RATE_LIMITED', errorMessage: expect.stringContaining('this agent') });
    expect((await postCommand(bridge, { type: 'Ready' }, { token: await bridge.mintDevToken?.('agent2') })).status).toBe(200);
  });

  test('commands per WebSocket session: the frame over the rate gets EventError RATE_LIMITED, the session stays, others go on', async () => {
    const bridge = await kit.start({ limits: { commandsPerSecond: 0.001 } });
    const { stream: flooding } = await kit.connectAndSnapshot(bridge);
    const { stream: other } = await kit.connectAndSnapshot(bridge);

    flooding.send({ type: 'Ready' });
    await flooding.waitFor('EventAgentReady');
    flooding.send({ type: 'NotReady' });

    expect(await flooding.waitFor('EventError')).toMatchObject({ errorCode: 'RATE_LIMITED', errorMessage: expect.stringContaining('this session'), request: { type: 'NotReady' } });
    other.send({ type: 'NotReady' });
    await other.waitFor('EventAgentNotReady');
    expect(flooding.socket.readyState).toBe(flooding.socket.OPEN);
    expect(await metric(bridge, 'genesys_bridge_rate_limited_total', 'scope="session_commands"')).toBe(1);
  });

  test('a session over its own rate takes nothing from its address\'s: a flooding session does not hold back the other sessions there', async () => {
    // The session's bucket holds one command and refills none while the test runs; the address's holds two.
    const bridge = await kit.start({ limits: { commandsPerSecond: 0.001, commandsPerSecondPerIp: 1 } });
    const { stream: flooding } = await kit.connectAndSnapshot(bridge);
    const { stream: other } = await kit.connectAndSnapshot(bridge);
    flooding.send({ type: 'Ready' });
    await flooding.waitFor('EventAgentReady');

    for (let index = 0; index < 5; index += 1) flooding.send({ type: 'NotReady', reasonCode: String(index) });

    for (let index = 0; index < 5; index += 1) {
      const refusal = await flooding.waitFor('EventError', (event) => isRecord(event.request) && event.request.reasonCode === String(index));
      expect(refusal).toMatchObject({ errorCode: 'RATE_LIMITED', errorMessage: expect.stringContaining('limits.commandsPerSecond)') });
    }
    expect(await metric(bridge, 'genesys_bridge_rate_limited_total', 'scope="session_commands"')).toBe(5);
    expect(await metric(bridge, 'genesys_bridge_rate_limited_total', 'scope="ip_commands"')).toBeUndefined();
    other.send({ type: 'NotReady' });
    await other.waitFor('EventAgentNotReady');
  });

  test('commands per address, REST and WebSocket together: over limits.commandsPerSecondPerIp is RATE_LIMITED', async () => {
    const bridge = await kit.start({ limits: { commandsPerSecondPerIp: 0.001 } });
    const { stream } = await kit.connectAndSnapshot(bridge);
    expect((await postCommand(bridge, { type: 'Ready' })).status).toBe(200);

    stream.send({ type: 'NotReady' });

    expect(await stream.waitFor('EventError')).toMatchObject({ errorCode: 'RATE_LIMITED', errorMessage: expect.stringContaining('limits.commandsPerSecondPerIp') });
    expect((await postCommand(bridge, { type: 'NotReady' })).body).toMatchObject({ errorCode: 'RATE_LIMITED' });
  });
});
