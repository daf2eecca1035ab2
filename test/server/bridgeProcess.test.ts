/** @jest-environment node */
/**
 * The bundled bridge as `npm start` runs it: scripts/build-bridge.js builds server/dist/bridge.js, which runs as
 * its own process, logs JSON lines (pino), and on SIGTERM tells its sessions it is going away and exits 0.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { BRIDGE_PROTOCOL, CLOSE_CODES, TOKEN_PROTOCOL_PREFIX } from '../../protocol/bridgeProtocol';
import { textOf } from '../../server/src/http/frameText';
import { buildBridgeBundle, killBridges, listeningUrl, runBridge } from '../support/bridgeBundle';

jest.setTimeout(30_000);

afterEach(killBridges);

let bundle: string;
beforeAll(async () => {
  bundle = await buildBridgeBundle();
});

const run = (args: string[]) => runBridge(bundle, args);

test('the bundle serves on the port and host given on the command line, and SIGTERM closes sessions with 1001 and exits 0', async () => {
  const bridge = run(['--port', '0', '--host', '127.0.0.1', '--mode', 'development']);
  const url = await listeningUrl(bridge.child);
  expect((await fetch(`${url}/simulator/state`)).status).toBe(200);
  const socket = new WebSocket(`${url.replace('http', 'ws')}/genesysWs`);
  const firstFrame = new Promise<string>((resolve) => socket.once('message', (data: WebSocket.RawData) => resolve(textOf(data))));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  expect(JSON.parse(await firstFrame)).toMatchObject({ eventName: 'EventRegistered', thisDN: '7001' });

  bridge.child.kill('SIGTERM');

  expect(await closed).toBe(CLOSE_CODES.goingAway);
  expect(await bridge.exited).toBe(0);
  const lines = bridge.output().split('\n').filter((line) => line.startsWith('{'));
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(() => {
      JSON.parse(line);
    }).not.toThrow();
  }
});

test('SIGTERM drains: readiness goes 503, new sessions are refused, live sessions get 1001, and it exits 0 within shutdown.graceMs', async () => {
  const graceMs = 4000;
  const config = join(mkdtempSync(join(tmpdir(), 'bridge-')), 'bridge.json');
  writeFileSync(config, JSON.stringify({ shutdown: { graceMs }, simulator: { ringTimeoutMs: null, dialTimeoutMs: null } }));
  const bridge = run(['--port', '0', '--config', config]);
  const url = await listeningUrl(bridge.child);
  expect((await fetch(`${url}/readyz`)).status).toBe(200);
  const wsUrl = `${url.replace('http', 'ws')}/genesysWs`;
  // A live call on the agent's line, and two of the agent's toolbars: one awake, one asleep (it does not read).
  expect((await fetch(`${url}/simulator/calls`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"ani":"+15550100"}' })).status).toBe(201);
  const awake = new WebSocket(wsUrl);
  const asleep = new WebSocket(wsUrl);
  await Promise.all([awake, asleep].map((socket) => new Promise((resolve) => socket.once('message', resolve))));
  (asleep as unknown as { _socket: { pause(): void } })._socket.pause();
  const awakeClosed = new Promise<number>((resolve) => awake.once('close', (code) => resolve(code)));

  const signalled = performance.now();
  bridge.child.kill('SIGTERM');

  expect(await awakeClosed).toBe(CLOSE_CODES.goingAway);
  // The asleep toolbar holds the drain open until the grace period ends: meanwhile the bridge is up but not ready.
  const readiness = await fetch(`${url}/readyz`);
  expect(readiness.status).toBe(503);
  expect(await readiness.json()).toEqual({ status: 'not ready', reason: 'shutting down' });
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  const refused = await new Promise<string>((resolve) => {
    const late = new WebSocket(wsUrl);
    late.once('unexpected-response', (_request, response) => resolve(String(response.statusCode)));
    late.once('open', () => resolve('accepted'));
  });
  expect(refused).toBe('503');
  expect(await bridge.exited).toBe(0);
  // It waited for the asleep toolbar (not a speed threshold: it shows the grace period was used, and bounded).
  expect(performance.now() - signalled).toBeGreaterThanOrEqual(graceMs - 100);
  expect(bridge.output()).toContain(`draining (at most ${graceMs} ms`);
});

test('tokens never reach the log, even at trace level', async () => {
  const bridge = run(['--port', '0', '--log-level', 'trace']);
  const url = await listeningUrl(bridge.child);
  const { token } = (await (await fetch(`${url}/simulator/token?agent=agent2`)).json()) as { token: string };
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
  expect((await fetch(`${url}/genesys/events`, { method: 'POST', headers, body: '{"type":"Ready"}' })).status).toBe(200);
  expect((await fetch(`${url}/genesys/events`, { method: 'POST', headers, body: '{"type":' })).status).toBe(400);
  const socket = new WebSocket(`${url.replace('http', 'ws')}/genesysWs`, [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token]);
  await new Promise((resolve) => socket.once('message', resolve));

  bridge.child.kill('SIGTERM');
  await bridge.exited;

  expect(bridge.output()).toContain('"statusCode":200');
  expect(bridge.output()).not.toContain(token.split('.')[2]);
});

test('a bad configuration exits 2 naming the key', async () => {
  const bridge = run(['--port', 'eighty']);
  expect(await bridge.exited).toBe(2);
  expect(bridge.output()).toMatch(/port: must be integer/);
});
