/**
 * A bridge restarted under a live call, as an administrator upgrades one (README "Health, metrics and shutdown",
 * docs/runbook.md): the bridge's bundle runs as its own process in workspace mode, the fake GWS holds the calls, and
 * the toolbar's own Genesys handler (in jsdom) talks to the bridge as in the browser. SIGTERM drains the bridge: its
 * readiness goes 503 and the toolbar's session is told it is going away (1001). A new bridge process on the same
 * address takes the toolbar back with the agent's same token; GWS still has the call, and the toolbar picks it up
 * again under the same id, never told it ended, and can hang it up.
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import '../contract/bridgeInJsdom';
import 'whatwg-fetch';
import type { Server } from 'node:http';
import { say } from '../../src/ts/cti/core/agentMessages';
import { startFakeGws, type FakeGws } from '../../dev/fakeGws/server';
import type { VendorEvent } from '../../src/ts/cti/core/types';
import { GenesysVendorHandler } from '../../src/ts/cti/vendor/genesys/genesysVendorHandler';
import { parseGenesysOptions } from '../../src/ts/cti/vendor/genesys/genesysOptions';
import { TEST_HANDLER_OPTIONS } from '../contract/genesysDriver';
import { buildBridgeBundle, killBridges, startBridgeProcess, writeBridgeConfig } from '../support/bridgeBundle';
import { closeServer, gwsAccessToken, nodeRequest, startTokenService } from '../support/gwsClient';
import { freePort } from '../support/ports';

// Two bridge processes start and one drains: on a loaded machine that is slower than jest's default.
jest.setTimeout(60_000);

/** jsdom's page origin (jest's default test URL). */
const PAGE_ORIGIN = 'http://localhost';
const CLIENT = { clientId: 'restart-bridge', clientSecret: 'restart-bridge-secret' };
const WAIT_MS = 20_000;

let fake: FakeGws;
let tokenService: Server;
let tokenUrl: string;
let bundle: string;
const tokens = new Map<string, string>();

beforeAll(async () => {
  [fake, bundle] = await Promise.all([
    startFakeGws({
      agents: [{ userName: 'agent1', dn: '7001' }],
      clients: [{ ...CLIENT, redirectUris: [], grantTypes: ['password'] }],
      outboundAutoAnswerMs: null,
      log: () => undefined,
    }),
    buildBridgeBundle(),
  ]);
  ({ url: tokenUrl, server: tokenService } = await startTokenService(PAGE_ORIGIN, tokens));
  tokens.set('agent1', await gwsAccessToken(fake.url, CLIENT, 'agent1'));
});

afterAll(async () => {
  await closeServer(tokenService);
  await fake.close();
});

afterEach(killBridges);

/** Resolves once an event the handler reported matches, at or after index `from`; rejects after WAIT_MS. */
async function reported(events: readonly VendorEvent[], matches: (event: VendorEvent) => boolean, from = 0): Promise<number> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const index = events.findIndex((event, at) => at >= from && matches(event));
    if (index >= 0) return index;
    if (Date.now() > deadline) throw new Error(`not reported within ${WAIT_MS} ms; reported: ${JSON.stringify(events.slice(from))}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface ControlCall {
  readonly id: string;
  readonly state: string;
}

async function callsAtGws(): Promise<ControlCall[]> {
  return (await nodeRequest(`${fake.url}/fake-gws/control/agents/agent1/calls`, 'GET')).body as ControlCall[];
}

test('SIGTERM with a live call: the toolbar is told to go, the next bridge process takes it back with the call still up, under the same id, and it can hang up', async () => {
  // A port known before the bridge listens, so that the restarted bridge can take the address of the one it replaces.
  const port = await freePort();
  const config = writeBridgeConfig({ mode: 'secure', backend: 'workspace', allowedOrigins: [PAGE_ORIGIN], workspace: { baseUrl: fake.url }, shutdown: { graceMs: 5000 } });
  const start = () => startBridgeProcess(bundle, port, config);
  const first = await start();
  const parsed = parseGenesysOptions({ bridgeUrl: `http://127.0.0.1:${port}`, tokenUrl: `${tokenUrl}?agent=agent1`, ...TEST_HANDLER_OPTIONS });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const handler = new GenesysVendorHandler(parsed.options);
  const events: VendorEvent[] = [];
  await handler.start((event) => events.push(event));
  try {
    await handler.makeAgentAvailable();
    const placed = await nodeRequest(`${fake.url}/fake-gws/control/calls`, 'POST', JSON.stringify({ agent: 'agent1', ani: '+15550100' }), { 'Content-Type': 'application/json' });
    const { connId } = placed.body as { connId: string };
    const incoming = events[await reported(events, (event) => event.type === 'incoming')];
    if (incoming.type !== 'incoming') throw new Error('not an incoming call');
    const { eventId } = incoming;
    await handler.acceptCall(eventId);
    await reported(events, (event) => event.type === 'connected' && event.eventId === eventId);

    const beforeRestart = events.length;
    first.child.kill('SIGTERM');
    const gone = await reported(events, (event) => event.type === 'link' && event.status !== 'connected', beforeRestart);
    expect(events[gone]).toMatchObject({ detail: say('genesysBridgeGoingAway') });
    expect(await first.exited).toBe(0);
    expect(await callsAtGws()).toEqual([expect.objectContaining({ id: connId, state: 'Established' })]);

    await start();
    await reported(events, (event) => event.type === 'link' && event.status === 'connected', gone);
    // Picked up: the same call, connected, under the same id; never told it ended.
    expect(events.filter((event) => event.type === 'ended')).toEqual([]);
    expect(events.filter((event) => event.type === 'incoming' && event.eventId !== eventId)).toEqual([]);

    await handler.hangupCall(eventId);
    await reported(events, (event) => event.type === 'ended' && event.eventId === eventId);
    expect(events.find((event) => event.type === 'ended')).toMatchObject({ eventId, phase: 'connected', endedBy: 'agent' });
    expect((await callsAtGws()).filter((call) => call.id === connId && call.state !== 'Released')).toEqual([]);
  } finally {
    await handler.stop();
  }
});
