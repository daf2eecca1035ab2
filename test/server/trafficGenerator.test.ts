/** @jest-environment node */
/**
 * The traffic generator on the real T-Server simulator, on jest's fake clock (the rate and hold times are logic
 * here, not measurements), and its control route.
 */
import { TrafficGenerator, type TrafficPlan } from '../../server/src/backend/simulator/trafficGenerator';
import { createTServerSimulator, type TServerSimulator } from '../../server/src/backend/simulator/tserverSimulator';
import type { TEvent } from '../../server/src/backend/telephonyBackend';
import { BridgeKit, simulator } from './bridgeTestKit';

const A = '7001';
const B = '7002';
const C = '7003';
const PLAN: TrafficPlan = { callsPerSecond: 100, holdMs: 1000, ani: '+15550100' };

interface Rig {
  readonly sim: TServerSimulator;
  readonly traffic: TrafficGenerator;
  readonly events: TEvent[];
}

let rigs: Rig[] = [];

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
  for (const { traffic, sim } of rigs) {
    traffic.close();
    await sim.close();
  }
  rigs = [];
  jest.useRealTimers();
});

/** A, B and C registered; A and B ready (C's agent is logged out). */
async function rig(): Promise<Rig> {
  const sim = createTServerSimulator({ dns: [A, B, C], ringTimeoutMs: null, dialTimeoutMs: null });
  const traffic = new TrafficGenerator(sim);
  const events: TEvent[] = [];
  sim.onEvent((event) => events.push(event));
  for (const dn of [A, B, C]) await sim.register(dn);
  await sim.request(A, { kind: 'AgentReady', agentId: 'agentA' });
  await sim.request(B, { kind: 'AgentReady', agentId: 'agentB' });
  events.length = 0;
  const made = { sim, traffic, events };
  rigs.push(made);
  return made;
}

function ringing(r: Rig): Array<{ dn: string; connId: string }> {
  return r.events.flatMap((event) => (event.name === 'EventRinging' ? [{ dn: event.thisDN, connId: event.call.connId }] : []));
}

describe('the traffic generator', () => {
  test('rings the ready agents without a call, longest idle first, one call per 1/rate seconds; a call due while all are busy is counted, not placed', async () => {
    const r = await rig();
    await r.sim.request(C, { kind: 'AgentReady', agentId: 'agentC' });
    r.traffic.start(PLAN);

    jest.advanceTimersByTime(10);
    const [first] = ringing(r);
    await r.sim.request(first.dn, { kind: 'ReleaseCall', connId: first.connId });
    jest.advanceTimersByTime(30);

    expect(ringing(r).map((call) => call.dn)).toEqual([A, B, C, A]);
    expect(r.traffic.stats()).toMatchObject({ running: true, placed: 4, noFreeAgent: 0, active: 3 });
    jest.advanceTimersByTime(10);
    expect(r.traffic.stats()).toMatchObject({ placed: 4, noFreeAgent: 1 });
  });

  test('the caller hangs up holdMs after the answer (not after the ring), which frees the agent for the next call', async () => {
    const r = await rig();
    await r.sim.request(B, { kind: 'AgentNotReady', agentId: 'agentB' });
    r.traffic.start({ ...PLAN, callsPerSecond: 1 });
    jest.advanceTimersByTime(1000);
    const [first] = ringing(r);
    jest.advanceTimersByTime(300);
    await r.sim.request(first.dn, { kind: 'AnswerCall', connId: first.connId });

    jest.advanceTimersByTime(PLAN.holdMs - 1);
    expect(r.events.some((event) => event.name === 'EventReleased')).toBe(false);
    expect(r.traffic.stats()).toMatchObject({ placed: 1, noFreeAgent: 1 });
    jest.advanceTimersByTime(1);

    expect(r.events.find((event) => event.name === 'EventReleased')).toMatchObject({ thisDN: A, releasingParty: 'Remote', callState: 'Ok' });
    jest.advanceTimersByTime(1000);
    expect(ringing(r).map((call) => call.dn)).toEqual([A, A]);
    expect(r.traffic.stats()).toMatchObject({ placed: 2, answered: 1, completed: 1, endedEarly: 0, active: 1 });
  });

  test('a declined call frees its agent at once and counts as ended early', async () => {
    const r = await rig();
    r.traffic.start({ ...PLAN, callsPerSecond: 1 });
    jest.advanceTimersByTime(1000);
    const [first] = ringing(r);

    await r.sim.request(first.dn, { kind: 'ReleaseCall', connId: first.connId });

    expect(r.traffic.stats()).toMatchObject({ placed: 1, answered: 0, completed: 0, endedEarly: 1, active: 0 });
  });

  test('an agent who goes not ready gets no more calls', async () => {
    const r = await rig();
    await r.sim.request(B, { kind: 'AgentNotReady', agentId: 'agentB' });
    r.traffic.start(PLAN);

    jest.advanceTimersByTime(30);

    expect(ringing(r).map((call) => call.dn)).toEqual([A]);
  });

  test('stop places no more calls; a call still ringing at the stop keeps its hold time once answered', async () => {
    const r = await rig();
    r.traffic.start(PLAN);
    jest.advanceTimersByTime(10);
    const [first] = ringing(r);

    const stopped = r.traffic.stop();
    await r.sim.request(first.dn, { kind: 'AnswerCall', connId: first.connId });
    jest.advanceTimersByTime(PLAN.holdMs - 1);
    expect(r.traffic.stats()).toMatchObject({ running: false, completed: 0, active: 1 });
    jest.advanceTimersByTime(1);

    expect(stopped).toMatchObject({ running: false, placed: 1 });
    expect(ringing(r)).toHaveLength(1);
    expect(r.traffic.stats()).toMatchObject({ running: false, completed: 1, active: 0 });
  });

  test('a new start counts afresh: a call of the previous one ending later is not counted in it', async () => {
    const r = await rig();
    r.traffic.start({ ...PLAN, callsPerSecond: 1 });
    jest.advanceTimersByTime(1000);
    const [first] = ringing(r);
    await r.sim.request(first.dn, { kind: 'AnswerCall', connId: first.connId });
    r.traffic.stop();

    r.traffic.start({ ...PLAN, callsPerSecond: 1 });
    jest.advanceTimersByTime(PLAN.holdMs);

    expect(r.events.filter((event) => event.name === 'EventReleased')).toHaveLength(1);
    expect(r.traffic.stats()).toMatchObject({ placed: 1, answered: 0, completed: 0, endedEarly: 0, active: 1 });
  });

  test('while the link is down calls are refused, and a caller who could not hang up tries again once it is back', async () => {
    const r = await rig();
    r.traffic.start({ ...PLAN, callsPerSecond: 1 });
    jest.advanceTimersByTime(1000);
    const [first] = ringing(r);
    await r.sim.request(first.dn, { kind: 'AnswerCall', connId: first.connId });

    r.sim.linkDown();
    jest.advanceTimersByTime(PLAN.holdMs);
    expect(r.traffic.stats()).toMatchObject({ placed: 1, refused: 1, completed: 0, active: 1 });
    r.sim.linkUp();
    jest.advanceTimersByTime(1000);

    expect(r.traffic.stats()).toMatchObject({ completed: 1 });
  });

  test('close stops the beat and every pending hang-up', async () => {
    const r = await rig();
    r.traffic.start(PLAN);
    jest.advanceTimersByTime(10);
    const [first] = ringing(r);
    await r.sim.request(first.dn, { kind: 'AnswerCall', connId: first.connId });
    expect(jest.getTimerCount()).toBe(2);

    r.traffic.close();

    expect(jest.getTimerCount()).toBe(0);
  });

  test('bad plans are refused with what is wrong, and a second start while running is a conflict', async () => {
    const r = await rig();
    expect(() => r.traffic.start({ ...PLAN, callsPerSecond: 0 })).toThrow(/callsPerSecond must be above 0/);
    expect(() => r.traffic.start({ ...PLAN, callsPerSecond: 10_001 })).toThrow(/at most 10000/);
    expect(() => r.traffic.start({ ...PLAN, holdMs: 1.5 })).toThrow(/holdMs must be a whole number/);
    expect(() => r.traffic.start({ ...PLAN, holdMs: 3_600_001 })).toThrow(/from 0 to 3600000/);
    expect(() => r.traffic.start({ ...PLAN, ani: 'nobody' })).toThrow(/ani must be a phone number/);
    r.traffic.start(PLAN);
    expect(() => r.traffic.start(PLAN)).toThrow(/already running/);
  });
});

describe('/simulator/traffic', () => {
  const kit = new BridgeKit();
  afterEach(() => kit.cleanup());

  test('POST starts a plan (201 with the stats), GET reports, DELETE stops; a bad body is 400 naming the field', async () => {
    jest.useRealTimers();
    const bridge = await kit.start();

    const refused = await simulator(bridge, 'POST', '/simulator/traffic', { callsPerSecond: -1, holdMs: 100 });
    const started = await simulator(bridge, 'POST', '/simulator/traffic', { callsPerSecond: 5, holdMs: 100 });
    const again = await simulator(bridge, 'POST', '/simulator/traffic', { callsPerSecond: 5, holdMs: 100 });
    const report = await simulator(bridge, 'GET', '/simulator/traffic');
    const stopped = await simulator(bridge, 'DELETE', '/simulator/traffic');

    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('callsPerSecond');
    expect(started).toMatchObject({ status: 201, body: { running: true, plan: { callsPerSecond: 5, holdMs: 100, ani: '+15550100' } } });
    expect(again.status).toBe(409);
    expect(report).toMatchObject({ status: 200, body: { running: true } });
    expect(stopped).toMatchObject({ status: 200, body: { running: false } });
  });
});
