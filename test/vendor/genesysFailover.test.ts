/**
 * Two bridges behind HAProxy over one GWS, one of them killed (SIGKILL) mid-call, 20 times (README "Two bridges
 * behind a load balancer"). Each part is the real one, in its own process: the fake GWS (the shared backend: it
 * holds the calls), two bridge processes in workspace mode, Debian's HAProxy in front of them (test/support/
 * haproxy.ts says why each setting), and, in jsdom, the toolbar's core with its Genesys handler against a recording
 * Fusion, talking to HAProxy only.
 *
 * Each round a customer calls, the agent answers, and at a moment drawn from a seeded random source the instance
 * holding the toolbar's WebSocket is killed: while a call rings, while the agent talks, while an answer or a hang-up
 * it just sent is in flight at that instance, or right after the toolbar reconnected to it (while it builds the
 * snapshot). The killed instance is restarted in the background. The toolbar must come back through HAProxy to the
 * other instance with the call still up (at GWS and in the toolbar), Fusion must hear exactly newCommEvent,
 * startCommEvent and one close for the call, and nothing may be left: no call up at GWS that the toolbar does not
 * show, no second engagement for one call. The time from each kill to the toolbar connected again with its
 * snapshot is written to test-results/failover.json (p50/p99 over the kills); it is reported, never asserted.
 *
 * FAILOVER_SEED=<n> replays a run (the seed is printed at the start and in every failure); FAILOVER_KILLS=<n> sets
 * the number of kills (default 20; `npm run bench`'s failover step runs fewer).
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import '../contract/bridgeInJsdom';
import 'whatwg-fetch';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { distributionOf } from '../../bench/src/stats';
import { IntegrationEventsHandler } from '../../src/ts/cti/core/integrationEventsHandler';
import type { CommandResult, LinkStatus } from '../../src/ts/cti/core/types';
import { GenesysVendorHandler } from '../../src/ts/cti/vendor/genesys/genesysVendorHandler';
import { parseGenesysOptions } from '../../src/ts/cti/vendor/genesys/genesysOptions';
import { eventually } from '../contract/genesysDriver';
import { buildBridgeBundle, killBridges, startBridgeProcess, writeBridgeConfig, type BridgeProcess } from '../support/bridgeBundle';
import { runFakeGws, type FakeGwsProcess } from '../support/fakeGwsProcess';
import { closeServer, gwsAccessToken, nodeRequest, startTokenService } from '../support/gwsClient';
import { startHaproxy, type Haproxy } from '../support/haproxy';
import { freePort } from '../support/ports';
import { RecordingFusion } from '../support/recordingFusion';

/** How many kills: FAILOVER_KILLS, a whole number from 1, or 20. */
function killCount(text: string | undefined): number {
  if (text === undefined) return 20;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`FAILOVER_KILLS must be a whole number from 1, not "${text}"`);
  return value;
}

const KILLS = killCount(process.env.FAILOVER_KILLS);
// Every round starts processes and waits for HAProxy's checks: minutes on a loaded machine, never asserted.
jest.setTimeout(15 * 60_000);

/** jsdom's page origin (jest's default test URL). */
const PAGE_ORIGIN = 'http://localhost';
const CLIENT = { clientId: 'failover', clientSecret: 'failover-secret' };
const AGENT = 'agent1';
const CUSTOMER = '+15550100';
/** Bounds on waits for conditions: generous, for a machine busy with other work. */
const WAIT_MS = 30_000;
const RESULTS = join(__dirname, '..', '..', 'test-results', 'failover.json');

const seed = Number(process.env.FAILOVER_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: a small seeded generator, so that a failing run can be replayed with its seed. */
function seeded(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** When the instance holding the toolbar's session dies. */
const MOMENTS = ['ringing', 'talking', 'answer in flight', 'hang-up in flight', 'during the snapshot'] as const;
type Moment = (typeof MOMENTS)[number];

interface Instance {
  readonly name: string;
  readonly port: number;
  process: BridgeProcess;
  /** Set while a restart after a kill is under way. */
  restarting: Promise<BridgeProcess> | null;
}

interface GwsCall {
  readonly id: string;
  readonly state: string;
}

let fake: FakeGwsProcess;
let tokenService: Server;
let tokenUrl: string;
let haproxy: Haproxy;
let bundle: string;
let config: string;
const instances: Instance[] = [];

beforeAll(async () => {
  [fake, bundle] = await Promise.all([
    runFakeGws({ agents: [{ userName: AGENT, dn: '7001' }], clients: [{ ...CLIENT, redirectUris: [], grantTypes: ['password'] }], outboundAutoAnswerMs: null }),
    buildBridgeBundle(),
  ]);
  const tokens = new Map([[AGENT, await gwsAccessToken(fake.url, CLIENT, AGENT)]]);
  ({ url: tokenUrl, server: tokenService } = await startTokenService(PAGE_ORIGIN, tokens));
  // HAProxy forwards the client's address (option forwardfor): the bridges believe it from HAProxy only.
  config = writeBridgeConfig({ mode: 'secure', backend: 'workspace', allowedOrigins: [PAGE_ORIGIN], trustProxy: ['127.0.0.1'], workspace: { baseUrl: fake.url } });
  for (const name of ['bridge-a', 'bridge-b']) {
    const port = await freePort();
    instances.push({ name, port, process: await startBridgeProcess(bundle, port, config), restarting: null });
  }
  haproxy = await startHaproxy(instances.map(({ name, port }) => ({ name, port })));
  await bothUp();
});

afterAll(async () => {
  // A restart still under way is let finish, so that nothing outlives the test.
  await Promise.allSettled(instances.flatMap((instance) => (instance.restarting ? [instance.restarting] : [])));
  await haproxy?.stop();
  killBridges();
  if (tokenService) await closeServer(tokenService);
  await fake?.stop();
});

/** Resolves once both instances run and HAProxy's checks have marked both up. */
async function bothUp(): Promise<void> {
  for (const instance of instances) {
    if (instance.restarting) {
      instance.process = await instance.restarting;
      instance.restarting = null;
    }
  }
  await eventually('HAProxy to see both bridges up', async () => [...(await haproxy.statuses()).values()].every((status) => status === 'UP'), WAIT_MS);
}

/** Open WebSocket sessions of an instance, from its own /metrics (asked directly, not through HAProxy). */
async function sessionsAt(instance: Instance): Promise<number> {
  try {
    const answer = await nodeRequest(`http://127.0.0.1:${instance.port}/metrics`, 'GET');
    const match = /^genesys_bridge_sessions (\d+)$/m.exec(String(answer.body));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // not running (killed, or restarting)
  }
}

/** The instance holding the toolbar's WebSocket. */
async function holder(): Promise<Instance> {
  let found: Instance | undefined;
  await eventually('one instance to hold the toolbar\'s session', async () => {
    const counts = await Promise.all(instances.map(sessionsAt));
    found = counts.filter((count) => count > 0).length === 1 ? instances[counts.findIndex((count) => count > 0)] : undefined;
    return found !== undefined;
  }, WAIT_MS);
  return found as Instance;
}

/** Resolves once an instance's log shows one more request to `url` than it had when `watch` was called. */
function nextRequest(instance: Instance, url: string): () => Promise<void> {
  const count = () => instance.process.output().split(`"url":"${url}"`).length;
  const before = count();
  return () => eventually(`a request to ${url} at ${instance.name}`, async () => count() > before, WAIT_MS);
}

async function gwsCalls(): Promise<GwsCall[]> {
  const calls = (await nodeRequest(`${fake.url}/fake-gws/control/agents/${AGENT}/calls`, 'GET')).body as GwsCall[];
  return calls.filter((call) => call.state !== 'Released' && call.state !== 'Completed');
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

test(`${KILLS} SIGKILLs of the bridge holding the toolbar, mid-call: each time the toolbar comes back through HAProxy to the other, the call goes on, and Fusion hears each call's story once`, async () => {
  console.log(`genesysFailover: seed ${seed} (FAILOVER_SEED=${seed} replays this run)`);
  const random = seeded(seed);
  const draw = (low: number, high: number) => Math.floor(low + random() * (high - low + 1));
  // The toolbar's own reconnect settings (genesys.reconnectMinMs and Max at their defaults): the recovery measured
  // is what an agent gets.
  const parsed = parseGenesysOptions({ bridgeUrl: haproxy.url, tokenUrl: `${tokenUrl}?agent=${AGENT}` });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const handler = new GenesysVendorHandler(parsed.options);
  const fusion = new RecordingFusion();
  const core = new IntegrationEventsHandler({ vendor: handler, fusion, log: () => undefined });
  const links: { at: number; link: LinkStatus }[] = [];
  core.subscribe((snapshot) => {
    if (links.at(-1)?.link !== snapshot.link) links.push({ at: performance.now(), link: snapshot.link });
  });
  const kills: { round: number; moment: Moment; killed: string; recoveryMs: number; command?: string }[] = [];
  await core.start();
  try {
    expect(await core.setAvailability(true, 'toolbar')).toEqual({ ok: true });
    for (let round = 1; round <= KILLS; round++) {
      const moment = MOMENTS[draw(0, MOMENTS.length - 1)];
      const where = `round ${round} (${moment}, seed ${seed})`;
      await bothUp();
      const placed = await nodeRequest(`${fake.url}/fake-gws/control/calls`, 'POST', JSON.stringify({ agent: AGENT, ani: CUSTOMER }), { 'Content-Type': 'application/json' });
      const { connId } = placed.body as { connId: string };
      await eventually(`${where}: the call to ring in the toolbar`, async () => core.snapshot().engagements.some((view) => view.state === 'ringing'), WAIT_MS);
      const eventId = core.snapshot().engagements[0].eventId;
      const state = () => core.snapshot().engagements.find((view) => view.eventId === eventId)?.state;
      const answer = () => core.callAction(eventId, 'accept', 'toolbar');
      const hangUp = () => core.callAction(eventId, 'hangup', 'toolbar');
      const connected = () => eventually(`${where}: the call connected in the toolbar`, async () => state() === 'connected', WAIT_MS);

      const target = await holder();
      let inFlight: Promise<CommandResult> | null = null;
      if (moment === 'answer in flight') {
        const sent = nextRequest(target, '/genesys/events');
        inFlight = answer();
        await sent();
      } else {
        if (moment !== 'ringing') {
          expect(await answer()).toEqual({ ok: true });
          await connected();
        }
        if (moment === 'hang-up in flight') {
          const sent = nextRequest(target, '/genesys/events');
          inFlight = hangUp();
          await sent();
        } else if (moment === 'during the snapshot') {
          // HAProxy drops the toolbar's connection to the instance (as when the balancer reloads); the toolbar
          // reconnects, to the same instance (stick on src), which dies while it builds the snapshot.
          const upgraded = nextRequest(target, '/genesysWs');
          await haproxy.admin(`shutdown sessions server bridges/${target.name}`);
          await upgraded();
        }
      }
      await pause(draw(0, 20));
      const killedAt = performance.now();
      target.process.child.kill('SIGKILL');
      // A supervisor restarts it, but not before HAProxy's checks have marked it down: a restart quicker than the
      // checks (under a second here) would let the stick table send the toolbar back to the same instance, and this
      // test is about the other one taking over.
      target.restarting = target.process.exited
        .then(() => eventually(`${where}: HAProxy to mark ${target.name} down`, async () => (await haproxy.statuses()).get(target.name)?.startsWith('DOWN') === true, WAIT_MS))
        .then(() => startBridgeProcess(bundle, target.port, config));
      const survivor = instances.find((instance) => instance !== target) as Instance;

      // Recovered: the toolbar connected again, with its snapshot, to the other instance.
      await eventually(`${where}: the toolbar back, through HAProxy, at ${survivor.name}`, async () => {
        const last = links.at(-1);
        return last !== undefined && last.link === 'connected' && last.at > killedAt && (await sessionsAt(survivor)) === 1;
      }, WAIT_MS);
      const recoveryMs = Math.round((links.at(-1) as { at: number }).at - killedAt);
      // How the command in flight came out: done before the instance died, or lost with it (the agent is told).
      const outcome = inFlight ? await inFlight : null;
      kills.push({ round, moment, killed: target.name, recoveryMs, ...(outcome ? { command: outcome.ok ? 'done' : `failed (${outcome.code}): ${outcome.message}` } : {}) });

      // The call goes on. A command the dead instance took with it is the agent's to press again, as they would.
      if (moment === 'hang-up in flight') {
        await eventually(`${where}: the hang-up done, or the call still up`, async () => state() !== 'connected' || (await gwsCalls()).some((call) => call.id === connId), WAIT_MS);
        if (state() === 'connected') expect(await hangUp()).toEqual({ ok: true });
      } else {
        if (moment === 'answer in flight' || moment === 'ringing') {
          await eventually(`${where}: the call still ringing or answered`, async () => state() === 'ringing' || state() === 'connected', WAIT_MS);
          if (state() === 'ringing') expect(await answer()).toEqual({ ok: true });
          await connected();
        }
        expect(await gwsCalls()).toEqual([expect.objectContaining({ id: connId, state: 'Established' })]);
        if (random() < 0.5) expect(await hangUp()).toEqual({ ok: true });
        else await nodeRequest(`${fake.url}/fake-gws/control/calls/${connId}/hang-up`, 'POST');
      }

      await eventually(`${where}: Fusion told the call ended`, async () => state() === 'wrapup', WAIT_MS);
      expect({ where, story: fusion.story(eventId) }).toEqual({ where, story: ['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP'] });
      // The agent ends wrap-up in Fusion; nothing is left: no call at GWS, no engagement in the toolbar.
      core.finishWrapup(eventId, 'fusion');
      await eventually(`${where}: the call gone at GWS`, async () => (await gwsCalls()).length === 0, WAIT_MS);
      expect({ where, engagements: core.snapshot().engagements }).toEqual({ where, engagements: [] });
    }
    // No late or repeated report of any call, across all rounds: exactly one story each.
    const opened = fusion.published.filter((p) => p.operation === 'newCommEvent').map((p) => p.eventId as string);
    expect(new Set(opened).size).toBe(KILLS);
    for (const eventId of opened) expect(fusion.story(eventId)).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
    expect(core.snapshot()).toMatchObject({ link: 'connected', presence: { available: true } });
  } finally {
    await handler.stop();
    const recovery = distributionOf(kills.map((kill) => kill.recoveryMs));
    const figures = { seed, kills: kills.length, recoveryMs: { p50: recovery.p50, p99: recovery.p99, max: recovery.max }, rounds: kills };
    mkdirSync(join(RESULTS, '..'), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`genesysFailover: ${kills.length} kills, time to recover p50 ${recovery.p50} ms, p99 ${recovery.p99} ms (seed ${seed}; ${RESULTS})`);
  }
});
