/** @jest-environment node */
/**
 * The T-Server simulator through its two faces: the TelephonyBackend the bridge drives (register, request, events)
 * and the SimulatorControl standing for the world (customer, callee, softphone, CTI link). Real code, no mocks.
 */
import { MAX_CALLS_PER_DN } from '../../protocol/bridgeProtocol';
import { SimulatorError, type SimulatorOptions } from '../../server/src/backend/simulator/simulatorControl';
import { createTServerSimulator, TServerSimulator } from '../../server/src/backend/simulator/tserverSimulator';
import {
  TServerError,
  type PartyState,
  type TCall,
  type TCallEvent,
  type TEvent,
  type TRequest,
  type UnstampedTEvent,
} from '../../server/src/backend/telephonyBackend';

const A = '7001';
const B = '7002';
/** Exists on the switch, never registered by the rig. */
const C = '7003';
const CALLER = '+1 555 0100';
const OTHER_CALLER = '5550199';
const CALLEE = '+441632960001';

const opened: TServerSimulator[] = [];

interface Rig {
  readonly sim: TServerSimulator;
  /** Every event the listener received, in order. */
  readonly events: TEvent[];
}

/** A simulator with A and B registered and no timeouts unless given. */
async function rig(options: Partial<SimulatorOptions> = {}): Promise<Rig> {
  const sim = createTServerSimulator({ dns: [A, B, C], ringTimeoutMs: null, dialTimeoutMs: null, ...options });
  opened.push(sim);
  const events: TEvent[] = [];
  sim.onEvent((event) => events.push(event));
  await sim.register(A);
  await sim.register(B);
  return { sim, events };
}

/** The events without their production time (checked to be there), so they compare with literals. */
function unstamped(events: readonly TEvent[]): UnstampedTEvent[] {
  return events.map(({ time, ...rest }) => {
    if (!Number.isFinite(time)) throw new Error(`${rest.name} has no production time: ${String(time)}`);
    return rest;
  });
}

/** Takes the events received so far, unstamped. */
function taken(events: TEvent[]): UnstampedTEvent[] {
  return unstamped(events.splice(0));
}

function inbound(ids: { connId: string; callUuid: string }, state: PartyState, ani = CALLER): TCall {
  return { ...ids, callType: 'Inbound', state, ani, otherDN: ani, userData: {} };
}

function outbound(ids: { connId: string; callUuid: string }, state: PartyState, userData: Record<string, string> = {}): TCall {
  return { ...ids, callType: 'Outbound', state, otherDN: CALLEE, userData };
}

/** Places an outbound call from `dn` and returns its ids (its EventDialing taken). */
async function dial(r: Rig, dn = A, userData: Record<string, string> = {}): Promise<{ connId: string; callUuid: string }> {
  const event = await r.sim.request(dn, { kind: 'MakeCall', destination: CALLEE, userData });
  if (!('call' in event)) throw new Error(`expected EventDialing, got ${event.name}`);
  taken(r.events);
  return { connId: event.call.connId, callUuid: event.call.callUuid };
}

/** An inbound call at `dn` that the agent answered (its events taken). */
async function talking(r: Rig, dn = A): Promise<{ connId: string; callUuid: string }> {
  const ids = r.sim.customerCalls({ dn, ani: CALLER });
  await r.sim.request(dn, { kind: 'AnswerCall', connId: ids.connId });
  taken(r.events);
  return ids;
}

async function refusal(pending: Promise<unknown>): Promise<TServerError> {
  try {
    await pending;
  } catch (error) {
    if (error instanceof TServerError) return error;
    throw error;
  }
  throw new Error('expected a TServerError');
}

function thrown(action: () => unknown): SimulatorError {
  try {
    action();
  } catch (error) {
    if (error instanceof SimulatorError) return error;
    throw error;
  }
  throw new Error('expected a SimulatorError');
}

afterEach(async () => {
  for (const sim of opened.splice(0)) await sim.close();
  jest.useRealTimers();
});

describe('identifiers', () => {
  test('ConnIDs are 16 lowercase hex digits and unique; CallUuids are 32 characters, unique, stable for the call', async () => {
    const r = await rig();
    // 500 calls up at once, spread over DNs so that none holds more than MAX_CALLS_PER_DN.
    const many = createTServerSimulator({ dns: Array.from({ length: 500 / MAX_CALLS_PER_DN }, (_, n) => `80${n}`), ringTimeoutMs: null, dialTimeoutMs: null });
    opened.push(many);
    const ids = Array.from({ length: 500 }, (_, n) => many.customerCalls({ dn: `80${n % (500 / MAX_CALLS_PER_DN)}`, ani: CALLER }));
    for (const { connId, callUuid } of ids) {
      expect(connId).toMatch(/^[0-9a-f]{16}$/);
      expect(callUuid).toMatch(/^[0-9A-V]{32}$/);
    }
    expect(new Set(ids.map((id) => id.connId)).size).toBe(500);
    expect(new Set(ids.map((id) => id.callUuid)).size).toBe(500);

    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    await r.sim.request(A, { kind: 'AnswerCall', connId: call.connId });
    await r.sim.request(A, { kind: 'ReleaseCall', connId: call.connId });
    expect(r.events.map((event) => 'call' in event && event.call.callUuid)).toEqual([call.callUuid, call.callUuid, call.callUuid]);
  });
});

describe('registration', () => {
  test('register answers the DN status (agent and calls) and is idempotent', async () => {
    const r = await rig();
    await r.sim.request(A, { kind: 'AgentReady', agentId: 'agent1' });
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });

    const expected = { dn: A, agent: { agentId: 'agent1', state: 'Ready' }, calls: [inbound(call, 'Ringing')] };
    expect(await r.sim.register(A)).toStrictEqual(expected);
    expect(await r.sim.register(A)).toStrictEqual(expected);
    expect(await r.sim.query(A)).toStrictEqual(expected);
    expect(await r.sim.query(C)).toStrictEqual({ dn: C, agent: { state: 'LoggedOut' }, calls: [] });
  });

  test('an unknown DN is refused by register, unregister, query and request, naming the DN', async () => {
    const r = await rig();
    for (const pending of [
      r.sim.register('9999'),
      r.sim.unregister('9999'),
      r.sim.query('9999'),
      r.sim.request('9999', { kind: 'AgentReady', agentId: 'agent1' }),
    ]) {
      const error = await refusal(pending);
      expect(error.code).toBe('BACKEND_ERROR');
      expect(error.message).toContain('9999');
    }
    expect(unstamped(r.events)).toStrictEqual([]);
  });

  test('events reach the listener only for registered DNs, while calls go on at unregistered ones', async () => {
    const r = await rig();
    const call = r.sim.customerCalls({ dn: C, ani: CALLER });
    r.sim.phoneAnswers(C);
    expect(unstamped(r.events)).toStrictEqual([]);
    expect((await r.sim.query(C)).calls).toStrictEqual([inbound(call, 'Established')]);

    await r.sim.register(C);
    r.sim.customerHangsUp(call.connId);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: C, call: inbound(call, 'Established'), callState: 'Ok', releasingParty: 'Remote' },
    ]);
  });

  test('after unregister no events arrive for the DN and its calls go on', async () => {
    const r = await rig();
    await r.sim.unregister(A);
    await r.sim.unregister(A); // idempotent
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    r.sim.phoneAnswers(A);
    expect(unstamped(r.events)).toStrictEqual([]);
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(call, 'Established')]);
  });

  test('a request for an existing but unregistered DN is refused without changing anything', async () => {
    const r = await rig();
    const call = r.sim.customerCalls({ dn: C, ani: CALLER });
    const error = await refusal(r.sim.request(C, { kind: 'AnswerCall', connId: call.connId }));
    expect(error.code).toBe('BACKEND_ERROR');
    expect(error.message).toContain(`DN ${C} is not registered`);
    expect((await r.sim.query(C)).calls).toStrictEqual([inbound(call, 'Ringing')]);
  });
});

describe('event time', () => {
  test('every event is stamped when produced, on the epoch clock other processes share, in the order produced', async () => {
    const r = await rig();
    const before = performance.timeOrigin + performance.now();
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    await r.sim.request(A, { kind: 'AnswerCall', connId: call.connId });
    r.sim.customerHangsUp(call.connId);
    const after = performance.timeOrigin + performance.now();
    const times = r.events.map((event) => event.time);
    expect(times).toHaveLength(3);
    expect(times[0]).toBeGreaterThanOrEqual(before);
    expect(times[2]).toBeLessThanOrEqual(after);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });

  test('an event is stamped when produced, not when delivered: one queued behind a slow listener keeps its time', async () => {
    jest.useFakeTimers();
    try {
      const r = await rig();
      r.sim.onEvent((event) => {
        r.events.push(event);
        if (event.name !== 'EventRinging') return;
        // Produced now, delivered once this listener returns, 50 ms later.
        void r.sim.request(A, { kind: 'AnswerCall', connId: event.call.connId });
        jest.advanceTimersByTime(50);
      });

      r.sim.customerCalls({ dn: A, ani: CALLER });

      const [ring, established] = r.events;
      expect(established.name).toBe('EventEstablished');
      expect(established.time - ring.time).toBeLessThan(50);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('watch', () => {
  test('a watcher sees every event, of unregistered DNs too, after the listener, until it stops watching', async () => {
    const r = await rig();
    const order: string[] = [];
    r.sim.onEvent((event) => order.push(`listener ${event.name} ${event.thisDN}`));
    const unwatch = r.sim.watch((event) => order.push(`watcher ${event.name} ${event.thisDN}`));

    r.sim.customerCalls({ dn: A, ani: CALLER });
    r.sim.customerCalls({ dn: C, ani: CALLER });
    unwatch();
    r.sim.customerCalls({ dn: B, ani: CALLER });

    expect(order).toEqual([`listener EventRinging ${A}`, `watcher EventRinging ${A}`, `watcher EventRinging ${C}`, `listener EventRinging ${B}`]);
  });

  test('a watcher that throws is reported like the listener, and neither the listener nor other watchers miss the event', async () => {
    const failures: string[] = [];
    const sim = createTServerSimulator({ dns: [A], ringTimeoutMs: null, dialTimeoutMs: null }, { onListenerError: (error, event) => failures.push(`${String(error)} on ${event.name}`) });
    opened.push(sim);
    await sim.register(A);
    const seen: string[] = [];
    sim.onEvent((event) => seen.push(`listener ${event.name}`));
    sim.watch(() => {
      throw new Error('watcher bug');
    });
    sim.watch((event) => seen.push(`second watcher ${event.name}`));

    sim.customerCalls({ dn: A, ani: CALLER });

    expect(seen).toEqual(['listener EventRinging', 'second watcher EventRinging']);
    expect(failures).toEqual(['Error: watcher bug on EventRinging']);
  });
});

describe('requests and ReferenceIDs', () => {
  test('each request gets the next ReferenceID, its answering event carries it, and rejections carry it too', async () => {
    const r = await rig();
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    const answered = await r.sim.request(A, { kind: 'AnswerCall', connId: call.connId });
    const refused = await refusal(r.sim.request(A, { kind: 'AnswerCall', connId: call.connId }));
    const held = await r.sim.request(A, { kind: 'HoldCall', connId: call.connId });
    expect([answered.referenceId, refused.referenceId, held.referenceId]).toEqual([1, 2, 3]);
  });

  test('request resolves with the very event the listener received, after the listener received it', async () => {
    const r = await rig();
    const order: string[] = [];
    r.sim.onEvent((event) => {
      r.events.push(event);
      order.push(`delivered ${event.name}`);
    });
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    const answer = await r.sim.request(A, { kind: 'AnswerCall', connId: call.connId }).then((event) => {
      order.push('resolved');
      return event;
    });
    expect(order).toEqual(['delivered EventRinging', 'delivered EventEstablished', 'resolved']);
    expect(r.events[1]).toBe(answer);
  });

  test('a request made from inside the listener is answered after the event being delivered, in order', async () => {
    const r = await rig();
    let autoAnswer: Promise<TEvent> | undefined;
    r.sim.onEvent((event) => {
      r.events.push(event);
      if (event.name === 'EventRinging') autoAnswer = r.sim.request(A, { kind: 'AnswerCall', connId: event.call.connId });
    });
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    expect(await autoAnswer).toBe(r.events[1]);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventRinging', thisDN: A, call: inbound(call, 'Ringing') },
      { name: 'EventEstablished', thisDN: A, call: inbound(call, 'Established'), referenceId: 1 },
    ]);
  });

  test('a listener that throws neither corrupts the state nor stops later events, and its error is reported', async () => {
    const failures: Array<[string, string]> = [];
    const sim = createTServerSimulator(
      { dns: [A], ringTimeoutMs: null, dialTimeoutMs: null },
      { onListenerError: (error, event) => failures.push([String(error), event.name]) },
    );
    opened.push(sim);
    const events: TEvent[] = [];
    sim.onEvent((event) => {
      events.push(event);
      if (event.name === 'EventRinging') throw new Error('listener bug');
    });
    await sim.register(A);
    const call = sim.customerCalls({ dn: A, ani: CALLER });
    expect(await sim.query(A)).toStrictEqual({ dn: A, agent: { state: 'LoggedOut' }, calls: [inbound(call, 'Ringing')] });
    const answer = await sim.request(A, { kind: 'AnswerCall', connId: call.connId });
    expect(unstamped(events)).toStrictEqual([
      { name: 'EventRinging', thisDN: A, call: inbound(call, 'Ringing') },
      { name: 'EventEstablished', thisDN: A, call: inbound(call, 'Established'), referenceId: 1 },
    ]);
    expect(answer).toBe(events[1]);
    expect(failures).toEqual([['Error: listener bug', 'EventRinging']]);
  });
});

describe('inbound calls', () => {
  test('ringing, answered by request, released by the agent: Ringing, Established, Released (Local, Ok)', async () => {
    const r = await rig();
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    await r.sim.request(A, { kind: 'AnswerCall', connId: call.connId });
    await r.sim.request(A, { kind: 'ReleaseCall', connId: call.connId });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventRinging', thisDN: A, call: inbound(call, 'Ringing') },
      { name: 'EventEstablished', thisDN: A, call: inbound(call, 'Established'), referenceId: 1 },
      { name: 'EventReleased', thisDN: A, call: inbound(call, 'Established'), callState: 'Ok', releasingParty: 'Local', referenceId: 2 },
    ]);
  });

  test('the customer hanging up while the call rings gives EventAbandoned, not EventReleased', async () => {
    const r = await rig();
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    r.sim.customerHangsUp(call.connId);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventRinging', thisDN: A, call: inbound(call, 'Ringing') },
      { name: 'EventAbandoned', thisDN: A, call: inbound(call, 'Ringing') },
    ]);
    expect((await r.sim.query(A)).calls).toStrictEqual([]);
  });

  test('the customer hanging up after the answer gives EventReleased (Remote, Ok) without a ReferenceID', async () => {
    const r = await rig();
    const call = await talking(r);
    r.sim.customerHangsUp(call.connId);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: inbound(call, 'Established'), callState: 'Ok', releasingParty: 'Remote' },
    ]);
  });

  test('the customer hanging up a held call gives EventReleased from Held (Remote)', async () => {
    const r = await rig();
    const call = await talking(r);
    await r.sim.request(A, { kind: 'HoldCall', connId: call.connId });
    r.sim.customerHangsUp(call.connId);
    expect(taken(r.events).at(-1)).toStrictEqual({
      name: 'EventReleased',
      thisDN: A,
      call: inbound(call, 'Held'),
      callState: 'Ok',
      releasingParty: 'Remote',
    });
  });

  test('ReleaseCall on a ringing call rejects it: EventReleased (Local, Ok) from Ringing, with the ReferenceID', async () => {
    const r = await rig();
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    taken(r.events);
    const answer = await r.sim.request(A, { kind: 'ReleaseCall', connId: call.connId });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: inbound(call, 'Ringing'), callState: 'Ok', releasingParty: 'Local', referenceId: 1 },
    ]);
    expect(answer).toBe(r.events[0]);
    expect((await r.sim.query(A)).calls).toStrictEqual([]);
  });

  test('hold and retrieve: EventHeld then EventRetrieved, each answering its request', async () => {
    const r = await rig();
    const call = await talking(r);
    await r.sim.request(A, { kind: 'HoldCall', connId: call.connId });
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(call, 'Held')]);
    await r.sim.request(A, { kind: 'RetrieveCall', connId: call.connId });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventHeld', thisDN: A, call: inbound(call, 'Held'), referenceId: 2 },
      { name: 'EventRetrieved', thisDN: A, call: inbound(call, 'Established'), referenceId: 3 },
    ]);
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(call, 'Established')]);
  });

  test('a second call rings while the first is established, and each is handled by its ConnID', async () => {
    const r = await rig();
    const first = await talking(r);
    const second = r.sim.customerCalls({ dn: A, ani: OTHER_CALLER });
    await r.sim.request(A, { kind: 'HoldCall', connId: first.connId });
    await r.sim.request(A, { kind: 'AnswerCall', connId: second.connId });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventRinging', thisDN: A, call: inbound(second, 'Ringing', OTHER_CALLER) },
      { name: 'EventHeld', thisDN: A, call: inbound(first, 'Held'), referenceId: 2 },
      { name: 'EventEstablished', thisDN: A, call: inbound(second, 'Established', OTHER_CALLER), referenceId: 3 },
    ]);
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(first, 'Held'), inbound(second, 'Established', OTHER_CALLER)]);
  });

  test('calls at two DNs at once are told apart by thisDN', async () => {
    const r = await rig();
    const atA = r.sim.customerCalls({ dn: A, ani: CALLER });
    const atB = r.sim.customerCalls({ dn: B, ani: OTHER_CALLER });
    await r.sim.request(B, { kind: 'AnswerCall', connId: atB.connId });
    r.sim.customerHangsUp(atA.connId);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventRinging', thisDN: A, call: inbound(atA, 'Ringing') },
      { name: 'EventRinging', thisDN: B, call: inbound(atB, 'Ringing', OTHER_CALLER) },
      { name: 'EventEstablished', thisDN: B, call: inbound(atB, 'Established', OTHER_CALLER), referenceId: 1 },
      { name: 'EventAbandoned', thisDN: A, call: inbound(atA, 'Ringing') },
    ]);
    expect((await r.sim.query(A)).calls).toStrictEqual([]);
    expect((await r.sim.query(B)).calls).toStrictEqual([inbound(atB, 'Established', OTHER_CALLER)]);
  });

  test('ended calls are gone: the DN shows none, and their ConnIDs are unknown', async () => {
    const r = await rig();
    const released = await talking(r);
    await r.sim.request(A, { kind: 'ReleaseCall', connId: released.connId });
    const abandoned = r.sim.customerCalls({ dn: A, ani: CALLER });
    r.sim.customerHangsUp(abandoned.connId);
    expect((await r.sim.query(A)).calls).toStrictEqual([]);
    for (const { connId } of [released, abandoned]) {
      expect((await refusal(r.sim.request(A, { kind: 'ReleaseCall', connId }))).code).toBe('UNKNOWN_CALL');
      expect(thrown(() => r.sim.customerHangsUp(connId)).code).toBe('NOT_FOUND');
    }
  });
});

describe('outbound calls', () => {
  test('MakeCall answers EventDialing (no ANI, the destination as OtherDN, the user data); the callee answers', async () => {
    const r = await rig();
    const answer = await r.sim.request(A, { kind: 'MakeCall', destination: CALLEE, userData: { eventId: 'fusion-42' } });
    if (!('call' in answer)) throw new Error('expected a call event');
    const call = { connId: answer.call.connId, callUuid: answer.call.callUuid };
    expect(answer).toBe(r.events[0]);
    r.sim.calleeAnswers(call.connId);
    await r.sim.request(A, { kind: 'ReleaseCall', connId: call.connId });
    const userData = { eventId: 'fusion-42' };
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventDialing', thisDN: A, call: outbound(call, 'Dialing', userData), referenceId: 1 },
      { name: 'EventEstablished', thisDN: A, call: outbound(call, 'Established', userData) },
      {
        name: 'EventReleased',
        thisDN: A,
        call: outbound(call, 'Established', userData),
        callState: 'Ok',
        releasingParty: 'Local',
        referenceId: 2,
      },
    ]);
  });

  test('a busy callee gives EventDestinationBusy then EventReleased (Busy, Remote), and the call is gone', async () => {
    const r = await rig();
    const call = await dial(r);
    r.sim.calleeBusy(call.connId);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventDestinationBusy', thisDN: A, call: outbound(call, 'Dialing') },
      { name: 'EventReleased', thisDN: A, call: outbound(call, 'Dialing'), callState: 'Busy', releasingParty: 'Remote' },
    ]);
    expect((await r.sim.query(A)).calls).toStrictEqual([]);
  });

  test('the callee hanging up before answering gives EventReleased (NoAnswer, Remote)', async () => {
    const r = await rig();
    const call = await dial(r);
    r.sim.customerHangsUp(call.connId);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: outbound(call, 'Dialing'), callState: 'NoAnswer', releasingParty: 'Remote' },
    ]);
  });

  test('the agent hanging up while dialing gives EventReleased (Local) from Dialing', async () => {
    const r = await rig();
    const call = await dial(r);
    await r.sim.request(A, { kind: 'ReleaseCall', connId: call.connId });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: outbound(call, 'Dialing'), callState: 'Ok', releasingParty: 'Local', referenceId: 2 },
    ]);
  });

  test('the dial timeout releases an unanswered call (NoAnswer, Unknown), and only then', async () => {
    jest.useFakeTimers();
    const r = await rig({ dialTimeoutMs: 20_000 });
    const call = await dial(r);
    jest.advanceTimersByTime(19_999);
    expect(unstamped(r.events)).toStrictEqual([]);
    jest.advanceTimersByTime(1);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: outbound(call, 'Dialing'), callState: 'NoAnswer', releasingParty: 'Unknown' },
    ]);
    expect((await r.sim.query(A)).calls).toStrictEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('the dial timeout stops once the callee answers', async () => {
    jest.useFakeTimers();
    const r = await rig({ dialTimeoutMs: 20_000 });
    const call = await dial(r);
    r.sim.calleeAnswers(call.connId);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(60_000);
    expect(unstamped(r.events)).toStrictEqual([{ name: 'EventEstablished', thisDN: A, call: outbound(call, 'Established') }]);
  });

  test('MakeCall to a non-number or to a DN of this switch is refused without a call', async () => {
    const r = await rig();
    for (const destination of ['', 'not a number', B]) {
      const error = await refusal(r.sim.request(A, { kind: 'MakeCall', destination, userData: {} }));
      expect(error.code).toBe('BACKEND_ERROR');
    }
    expect(unstamped(r.events)).toStrictEqual([]);
    expect((await r.sim.query(A)).calls).toStrictEqual([]);
  });
});

describe('ring timeout', () => {
  test('a call ringing for ringTimeoutMs is released by T-Server (NoAnswer, Unknown) from Ringing', async () => {
    jest.useFakeTimers();
    const r = await rig({ ringTimeoutMs: 30_000 });
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    taken(r.events);
    jest.advanceTimersByTime(29_999);
    expect(unstamped(r.events)).toStrictEqual([]);
    jest.advanceTimersByTime(1);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: inbound(call, 'Ringing'), callState: 'NoAnswer', releasingParty: 'Unknown' },
    ]);
    expect((await r.sim.query(A)).calls).toStrictEqual([]);
  });

  test('each ringing call has its own timer, cleared when it stops ringing', async () => {
    jest.useFakeTimers();
    const r = await rig({ ringTimeoutMs: 30_000 });
    const answered = r.sim.customerCalls({ dn: A, ani: CALLER });
    const abandoned = r.sim.customerCalls({ dn: A, ani: OTHER_CALLER });
    const declined = r.sim.customerCalls({ dn: B, ani: CALLER });
    expect(jest.getTimerCount()).toBe(3);
    r.sim.phoneAnswers(A, answered.connId);
    r.sim.customerHangsUp(abandoned.connId);
    await r.sim.request(B, { kind: 'ReleaseCall', connId: declined.connId });
    expect(jest.getTimerCount()).toBe(0);
    taken(r.events);
    jest.advanceTimersByTime(120_000);
    expect(unstamped(r.events)).toStrictEqual([]);
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(answered, 'Established')]);
  });

  test('with null timeouts no timer is ever set', async () => {
    jest.useFakeTimers();
    const r = await rig({ ringTimeoutMs: null, dialTimeoutMs: null });
    r.sim.customerCalls({ dn: A, ani: CALLER });
    await dial(r);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(24 * 3600_000);
    expect((await r.sim.query(A)).calls.map((call) => call.state)).toEqual(['Ringing', 'Dialing']);
  });

  test('a ring timeout falling while the link is down waits for the link: T-Server cannot act without it', async () => {
    jest.useFakeTimers();
    const r = await rig({ ringTimeoutMs: 30_000 });
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    r.sim.linkDown();
    jest.advanceTimersByTime(30_000);
    r.sim.linkUp();
    expect(taken(r.events).map((event) => event.name)).toEqual(['EventRinging', 'EventLinkDisconnected', 'EventLinkConnected']);
    jest.advanceTimersByTime(30_000);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: inbound(call, 'Ringing'), callState: 'NoAnswer', releasingParty: 'Unknown' },
    ]);
  });
});

describe('refused requests', () => {
  const invalid: ReadonlyArray<[string, TRequest['kind'], PartyState]> = [
    ['AnswerCall on an established call', 'AnswerCall', 'Established'],
    ['AnswerCall on a held call', 'AnswerCall', 'Held'],
    ['AnswerCall on a dialing call', 'AnswerCall', 'Dialing'],
    ['HoldCall on a ringing call', 'HoldCall', 'Ringing'],
    ['HoldCall on a held call', 'HoldCall', 'Held'],
    ['HoldCall on a dialing call', 'HoldCall', 'Dialing'],
    ['RetrieveCall on an established call', 'RetrieveCall', 'Established'],
    ['RetrieveCall on a ringing call', 'RetrieveCall', 'Ringing'],
  ];

  /** A call at A in the given state, its events taken. */
  async function callIn(r: Rig, state: PartyState): Promise<{ connId: string; callUuid: string }> {
    if (state === 'Dialing') return dial(r);
    if (state === 'Ringing') {
      const call = r.sim.customerCalls({ dn: A, ani: CALLER });
      taken(r.events);
      return call;
    }
    const call = await talking(r);
    if (state === 'Held') await r.sim.request(A, { kind: 'HoldCall', connId: call.connId });
    taken(r.events);
    return call;
  }

  test.each(invalid)('%s is refused INVALID_IN_STATE, naming it, with no event and no change', async (_, kind, state) => {
    const r = await rig();
    const call = await callIn(r, state);
    const before = await r.sim.query(A);
    const error = await refusal(r.sim.request(A, { kind, connId: call.connId } as TRequest));
    expect(error.code).toBe('INVALID_IN_STATE');
    expect(error.message).toContain(kind);
    expect(error.message).toContain(call.connId);
    expect(error.message).toContain(state);
    expect(error.referenceId).toBeGreaterThan(0);
    expect(unstamped(r.events)).toStrictEqual([]);
    expect(await r.sim.query(A)).toStrictEqual(before);
  });

  test('an unknown ConnID is refused UNKNOWN_CALL', async () => {
    const r = await rig();
    const error = await refusal(r.sim.request(A, { kind: 'AnswerCall', connId: '0123456789abcdef' }));
    expect(error.code).toBe('UNKNOWN_CALL');
    expect(error.message).toContain('0123456789abcdef');
    expect(error.referenceId).toBe(1);
  });

  test("a call at another DN is unknown at the requesting DN, and is left alone", async () => {
    const r = await rig();
    const atB = r.sim.customerCalls({ dn: B, ani: CALLER });
    taken(r.events);
    const error = await refusal(r.sim.request(A, { kind: 'ReleaseCall', connId: atB.connId }));
    expect(error.code).toBe('UNKNOWN_CALL');
    expect(unstamped(r.events)).toStrictEqual([]);
    expect((await r.sim.query(B)).calls).toStrictEqual([inbound(atB, 'Ringing')]);
  });

  // SendDTMF has its digits besides the ConnID: its refusal is tested with the other DTMF tests.
  test.each<['AnswerCall' | 'ReleaseCall' | 'HoldCall' | 'RetrieveCall', PartyState]>([
    ['AnswerCall', 'Ringing'],
    ['ReleaseCall', 'Ringing'],
    ['ReleaseCall', 'Established'],
    ['HoldCall', 'Established'],
    ['RetrieveCall', 'Held'],
  ])('refuseNext(%s) (a test control): the next one on a %s call is refused BACKEND_ERROR with no event and no change, the one after carried out', async (kind, state) => {
    const r = await rig();
    const call = await callIn(r, state);
    const before = await r.sim.query(A);
    r.sim.refuseNext(kind);
    const error = await refusal(r.sim.request(A, { kind, connId: call.connId }));
    expect(error.code).toBe('BACKEND_ERROR');
    expect(error.message).toBe(`the switch refused ${kind} for call ${call.connId}`);
    expect(error.referenceId).toBeGreaterThan(0);
    expect(unstamped(r.events)).toStrictEqual([]);
    expect(await r.sim.query(A)).toStrictEqual(before);
    await r.sim.request(A, { kind, connId: call.connId });
    expect(unstamped(r.events)).not.toStrictEqual([]);
  });

  test('refuseNext waits for a request of its kind for a call the DN has: other requests, and refusals of their own, do not use it up', async () => {
    const r = await rig();
    const call = await callIn(r, 'Ringing');
    r.sim.refuseNext('ReleaseCall');
    expect((await refusal(r.sim.request(A, { kind: 'ReleaseCall', connId: '0123456789abcdef' }))).code).toBe('UNKNOWN_CALL');
    await r.sim.request(A, { kind: 'AnswerCall', connId: call.connId });
    expect((await refusal(r.sim.request(A, { kind: 'ReleaseCall', connId: call.connId }))).code).toBe('BACKEND_ERROR');
  });
});

describe('agent state', () => {
  test('AgentReady from LoggedOut logs the agent in first: EventAgentLogin, EventAgentReady', async () => {
    const r = await rig();
    const answer = await r.sim.request(A, { kind: 'AgentReady', agentId: 'agent1' });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventAgentLogin', thisDN: A, agentId: 'agent1', referenceId: 1 },
      { name: 'EventAgentReady', thisDN: A, agentId: 'agent1', referenceId: 1 },
    ]);
    expect(answer).toBe(r.events[1]);
    expect((await r.sim.query(A)).agent).toStrictEqual({ agentId: 'agent1', state: 'Ready' });
  });

  test('AgentNotReady from LoggedOut logs in then goes NotReady, with its reason code', async () => {
    const r = await rig();
    await r.sim.request(A, { kind: 'AgentNotReady', agentId: 'agent1', reasonCode: 'Lunch' });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventAgentLogin', thisDN: A, agentId: 'agent1', referenceId: 1 },
      { name: 'EventAgentNotReady', thisDN: A, agentId: 'agent1', reasonCode: 'Lunch', referenceId: 1 },
    ]);
    expect((await r.sim.query(A)).agent).toStrictEqual({ agentId: 'agent1', state: 'NotReady', reasonCode: 'Lunch' });
  });

  test('a logged-in agent moves between Ready and NotReady (with or without a reason) without logging in again', async () => {
    const r = await rig();
    await r.sim.request(A, { kind: 'AgentReady', agentId: 'agent1' });
    taken(r.events);
    await r.sim.request(A, { kind: 'AgentNotReady', agentId: 'agent1', reasonCode: 'Break' });
    await r.sim.request(A, { kind: 'AgentNotReady', agentId: 'agent1' });
    expect((await r.sim.query(A)).agent).toStrictEqual({ agentId: 'agent1', state: 'NotReady' });
    await r.sim.request(A, { kind: 'AgentReady', agentId: 'agent1' });
    await r.sim.request(A, { kind: 'AgentReady', agentId: 'agent1' });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventAgentNotReady', thisDN: A, agentId: 'agent1', reasonCode: 'Break', referenceId: 2 },
      { name: 'EventAgentNotReady', thisDN: A, agentId: 'agent1', referenceId: 3 },
      { name: 'EventAgentReady', thisDN: A, agentId: 'agent1', referenceId: 4 },
      { name: 'EventAgentReady', thisDN: A, agentId: 'agent1', referenceId: 5 },
    ]);
    expect((await r.sim.query(A)).agent).toStrictEqual({ agentId: 'agent1', state: 'Ready' });
  });

  test('a second agent on an occupied DN is refused INVALID_IN_STATE naming both, and nothing changes', async () => {
    const r = await rig();
    await r.sim.request(A, { kind: 'AgentNotReady', agentId: 'agent1', reasonCode: 'Break' });
    taken(r.events);
    const error = await refusal(r.sim.request(A, { kind: 'AgentReady', agentId: 'agent2' }));
    expect(error.code).toBe('INVALID_IN_STATE');
    expect(error.message).toContain('agent1');
    expect(error.message).toContain('agent2');
    expect(unstamped(r.events)).toStrictEqual([]);
    expect((await r.sim.query(A)).agent).toStrictEqual({ agentId: 'agent1', state: 'NotReady', reasonCode: 'Break' });
  });

  test('agents at different DNs are independent', async () => {
    const r = await rig();
    await r.sim.request(A, { kind: 'AgentReady', agentId: 'agent1' });
    await r.sim.request(B, { kind: 'AgentNotReady', agentId: 'agent2' });
    expect((await r.sim.query(A)).agent).toStrictEqual({ agentId: 'agent1', state: 'Ready' });
    expect((await r.sim.query(B)).agent).toStrictEqual({ agentId: 'agent2', state: 'NotReady' });
    expect(r.events.map((event) => [event.thisDN, event.name])).toEqual([
      [A, 'EventAgentLogin'],
      [A, 'EventAgentReady'],
      [B, 'EventAgentLogin'],
      [B, 'EventAgentNotReady'],
    ]);
  });
});

describe('softphone', () => {
  test('answering and hanging up on the phone give the same events as the requests, without a ReferenceID', async () => {
    const r = await rig();
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    expect(r.sim.phoneAnswers(A)).toEqual({ connId: call.connId });
    expect(r.sim.phoneReleases(A)).toEqual({ connId: call.connId });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventRinging', thisDN: A, call: inbound(call, 'Ringing') },
      { name: 'EventEstablished', thisDN: A, call: inbound(call, 'Established') },
      { name: 'EventReleased', thisDN: A, call: inbound(call, 'Established'), callState: 'Ok', releasingParty: 'Local' },
    ]);
  });

  test('hanging up a ringing call on the phone declines it (Local, from Ringing)', async () => {
    const r = await rig();
    const call = r.sim.customerCalls({ dn: A, ani: CALLER });
    taken(r.events);
    r.sim.phoneReleases(A, call.connId);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: inbound(call, 'Ringing'), callState: 'Ok', releasingParty: 'Local' },
    ]);
  });

  test('without a ConnID the phone acts on the one candidate call, skipping calls that do not ring', async () => {
    const r = await rig();
    const first = await talking(r);
    const second = r.sim.customerCalls({ dn: A, ani: OTHER_CALLER });
    expect(r.sim.phoneAnswers(A)).toEqual({ connId: second.connId });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventRinging', thisDN: A, call: inbound(second, 'Ringing', OTHER_CALLER) },
      { name: 'EventEstablished', thisDN: A, call: inbound(second, 'Established', OTHER_CALLER) },
    ]);
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(first, 'Established'), inbound(second, 'Established', OTHER_CALLER)]);
  });

  test('without a ConnID, no candidate is NOT_FOUND and several are CONFLICT asking to name the call', async () => {
    const r = await rig();
    expect(thrown(() => r.sim.phoneAnswers(A)).code).toBe('NOT_FOUND');
    expect(thrown(() => r.sim.phoneReleases(A)).code).toBe('NOT_FOUND');
    await talking(r);
    expect(thrown(() => r.sim.phoneAnswers(A)).code).toBe('NOT_FOUND');
    r.sim.customerCalls({ dn: A, ani: CALLER });
    r.sim.customerCalls({ dn: A, ani: OTHER_CALLER });
    taken(r.events);
    for (const error of [thrown(() => r.sim.phoneAnswers(A)), thrown(() => r.sim.phoneReleases(A))]) {
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toContain('name the call');
    }
    expect(unstamped(r.events)).toStrictEqual([]);
  });

  test('the phone refuses an unknown DN, a call at another DN, and answering a call that does not ring', async () => {
    const r = await rig();
    const atB = r.sim.customerCalls({ dn: B, ani: CALLER });
    const atA = await talking(r);
    taken(r.events);
    expect(thrown(() => r.sim.phoneAnswers('9999')).code).toBe('NOT_FOUND');
    expect(thrown(() => r.sim.phoneReleases(A, atB.connId)).code).toBe('NOT_FOUND');
    const error = thrown(() => r.sim.phoneAnswers(A, atA.connId));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('Established');
    expect(unstamped(r.events)).toStrictEqual([]);
  });
});

describe('simulator control', () => {
  test('customerCalls refuses an unknown DN (NOT_FOUND, naming it) and a caller number that is not one (BAD_REQUEST)', async () => {
    const r = await rig();
    const unknown = thrown(() => r.sim.customerCalls({ dn: '9999', ani: CALLER }));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toContain('9999');
    for (const ani of ['', ' ', 'anonymous', '555-0100; DROP', ' 5550100']) {
      expect(thrown(() => r.sim.customerCalls({ dn: A, ani })).code).toBe('BAD_REQUEST');
    }
    expect(unstamped(r.events)).toStrictEqual([]);
    expect((await r.sim.query(A)).calls).toStrictEqual([]);
  });

  test('the callee actions need a dialing outbound call', async () => {
    const r = await rig();
    const ringing = r.sim.customerCalls({ dn: A, ani: CALLER });
    const connected = await dial(r);
    r.sim.calleeAnswers(connected.connId);
    taken(r.events);
    for (const connId of [ringing.connId, connected.connId]) {
      expect(thrown(() => r.sim.calleeAnswers(connId)).code).toBe('CONFLICT');
      expect(thrown(() => r.sim.calleeBusy(connId)).code).toBe('CONFLICT');
    }
    expect(thrown(() => r.sim.calleeAnswers('0123456789abcdef')).code).toBe('NOT_FOUND');
    expect(thrown(() => r.sim.calleeBusy('0123456789abcdef')).code).toBe('NOT_FOUND');
    expect(unstamped(r.events)).toStrictEqual([]);
  });

  test('the options are checked', () => {
    expect(thrown(() => createTServerSimulator({ dns: [''], ringTimeoutMs: null, dialTimeoutMs: null })).code).toBe('BAD_REQUEST');
    expect(thrown(() => createTServerSimulator({ dns: [A], ringTimeoutMs: 0, dialTimeoutMs: null })).code).toBe('BAD_REQUEST');
    expect(thrown(() => createTServerSimulator({ dns: [A], ringTimeoutMs: null, dialTimeoutMs: -5 })).code).toBe('BAD_REQUEST');
    expect(thrown(() => createTServerSimulator({ dns: [A], ringTimeoutMs: null, dialTimeoutMs: null, callsPerDn: 0 })).code).toBe('BAD_REQUEST');
    const tooMany = MAX_CALLS_PER_DN + 1;
    expect(thrown(() => createTServerSimulator({ dns: [A], ringTimeoutMs: null, dialTimeoutMs: null, callsPerDn: tooMany })).code).toBe('BAD_REQUEST');
  });
});

describe('calls per DN', () => {
  test('a customer calling a DN at callsPerDn hears busy: SimulatorError BUSY naming the cap; the DN gets no event', async () => {
    const r = await rig({ callsPerDn: 2 });
    r.sim.customerCalls({ dn: A, ani: CALLER });
    r.sim.customerCalls({ dn: A, ani: CALLER });
    taken(r.events);

    const busy = thrown(() => r.sim.customerCalls({ dn: A, ani: CALLER }));

    expect(busy.code).toBe('BUSY');
    expect(busy.message).toBe(`DN ${A} is busy: it holds 2 calls, the most one DN may hold (limits.callsPerDn 2)`);
    expect(r.events).toStrictEqual([]);
    expect((await r.sim.query(A)).calls).toHaveLength(2);
    // The cap is per DN.
    expect(r.sim.customerCalls({ dn: B, ani: CALLER }).connId).toEqual(expect.any(String));
  });

  test('a MakeCall from a DN at callsPerDn is refused (INVALID_IN_STATE) naming the cap; nothing is emitted', async () => {
    const r = await rig({ callsPerDn: 1 });
    r.sim.customerCalls({ dn: A, ani: CALLER });
    taken(r.events);

    const error = await refusal(r.sim.request(A, { kind: 'MakeCall', destination: CALLER, userData: {} }));

    expect(error.code).toBe('INVALID_IN_STATE');
    expect(error.message).toBe(`MakeCall refused: DN ${A} holds 1 calls, the most one DN may hold (limits.callsPerDn 1)`);
    expect(r.events).toStrictEqual([]);
  });

  test('a released call frees its place', async () => {
    const r = await rig({ callsPerDn: 1 });
    const first = r.sim.customerCalls({ dn: A, ani: CALLER });
    r.sim.customerHangsUp(first.connId);

    expect(r.sim.customerCalls({ dn: A, ani: CALLER }).connId).not.toBe(first.connId);
  });

  test('without callsPerDn a DN holds MAX_CALLS_PER_DN calls', async () => {
    const r = await rig();
    for (let n = 0; n < MAX_CALLS_PER_DN; n += 1) r.sim.customerCalls({ dn: A, ani: CALLER });
    expect(thrown(() => r.sim.customerCalls({ dn: A, ani: CALLER })).code).toBe('BUSY');
  });
});

describe('CTI link', () => {
  test('linkDown and linkUp each emit one link event with an empty thisDN, even with no DN registered', async () => {
    const sim = createTServerSimulator({ dns: [A], ringTimeoutMs: null, dialTimeoutMs: null });
    opened.push(sim);
    const events: TEvent[] = [];
    sim.onEvent((event) => events.push(event));
    expect(sim.linkConnected).toBe(true);
    sim.linkDown();
    expect(sim.linkConnected).toBe(false);
    sim.linkUp();
    expect(sim.linkConnected).toBe(true);
    expect(unstamped(events)).toStrictEqual([
      { name: 'EventLinkDisconnected', thisDN: '' },
      { name: 'EventLinkConnected', thisDN: '' },
    ]);
  });

  test('while the link is down requests fail LINK_DOWN and simulator actions CONFLICT; calls stay and resume after', async () => {
    const r = await rig();
    const call = await talking(r);
    r.sim.linkDown();
    taken(r.events);

    const error = await refusal(r.sim.request(A, { kind: 'HoldCall', connId: call.connId }));
    expect(error.code).toBe('LINK_DOWN');
    expect(error.referenceId).toBe(2);
    for (const action of [
      () => r.sim.customerCalls({ dn: A, ani: CALLER }),
      () => r.sim.customerHangsUp(call.connId),
      () => r.sim.phoneReleases(A),
      () => r.sim.calleeAnswers(call.connId),
    ]) {
      expect(thrown(action)).toEqual(new SimulatorError('CONFLICT', 'the T-Server link is down'));
    }
    expect(unstamped(r.events)).toStrictEqual([]);
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(call, 'Established')]);

    r.sim.linkUp();
    await r.sim.request(A, { kind: 'HoldCall', connId: call.connId });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventLinkConnected', thisDN: '' },
      { name: 'EventHeld', thisDN: A, call: inbound(call, 'Held'), referenceId: 3 },
    ]);
  });

  test('taking the link down when down, or up when up, is a CONFLICT', async () => {
    const r = await rig();
    expect(thrown(() => r.sim.linkUp()).code).toBe('CONFLICT');
    r.sim.linkDown();
    expect(thrown(() => r.sim.linkDown()).code).toBe('CONFLICT');
    expect(r.events.map((event) => event.name)).toEqual(['EventLinkDisconnected']);
  });
});

describe('close', () => {
  test('close clears every timer, delivers nothing more and refuses what follows', async () => {
    jest.useFakeTimers();
    const r = await rig({ ringTimeoutMs: 30_000, dialTimeoutMs: 30_000 });
    r.sim.customerCalls({ dn: A, ani: CALLER });
    await dial(r, B);
    expect(jest.getTimerCount()).toBe(2);
    taken(r.events);

    await r.sim.close();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(60_000);
    expect((await refusal(r.sim.request(A, { kind: 'AgentReady', agentId: 'agent1' }))).code).toBe('BACKEND_ERROR');
    expect((await refusal(r.sim.query(A))).code).toBe('BACKEND_ERROR');
    expect(thrown(() => r.sim.customerCalls({ dn: A, ani: CALLER })).code).toBe('CONFLICT');
    expect(thrown(() => r.sim.linkDown()).code).toBe('CONFLICT');
    expect(unstamped(r.events)).toStrictEqual([]);
  });
});

describe('hold at the softphone and DTMF', () => {
  test('the softphone holds and retrieves the DN\'s talking call: EventHeld and EventRetrieved without a ReferenceID', async () => {
    const r = await rig();
    const call = await talking(r);
    expect(r.sim.phoneHolds(A)).toStrictEqual({ connId: call.connId });
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(call, 'Held')]);
    expect(r.sim.phoneRetrieves(A, call.connId)).toStrictEqual({ connId: call.connId });
    expect(taken(r.events)).toStrictEqual([
      { name: 'EventHeld', thisDN: A, call: inbound(call, 'Held') },
      { name: 'EventRetrieved', thisDN: A, call: inbound(call, 'Established') },
    ]);
  });

  test('the softphone cannot hold a ringing call nor retrieve one that is not held: CONFLICT, nothing changes', async () => {
    const r = await rig();
    const ringing = r.sim.customerCalls({ dn: A, ani: CALLER });
    taken(r.events);
    expect(thrown(() => r.sim.phoneHolds(A, ringing.connId))).toMatchObject({ code: 'CONFLICT', message: `call ${ringing.connId} on DN ${A} is Ringing, not talking` });
    expect(thrown(() => r.sim.phoneRetrieves(A)).code).toBe('NOT_FOUND');
    expect(unstamped(r.events)).toStrictEqual([]);
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(ringing, 'Ringing')]);
  });

  test('SendDTMF on a talking call: EventDTMFSent answers it without the digits, and the customer heard them in order', async () => {
    const r = await rig();
    const call = await talking(r);
    expect(r.sim.digitsHeard(call.connId)).toBe('');
    const answer = await r.sim.request(A, { kind: 'SendDTMF', connId: call.connId, digits: '12#' });
    await r.sim.request(A, { kind: 'SendDTMF', connId: call.connId, digits: '*,9' });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventDTMFSent', thisDN: A, call: inbound(call, 'Established'), referenceId: 2 },
      { name: 'EventDTMFSent', thisDN: A, call: inbound(call, 'Established'), referenceId: 3 },
    ]);
    expect(answer).toBe(r.events[0]);
    expect(r.sim.digitsHeard(call.connId)).toBe('12#*,9');
    expect(r.sim.digitsHeard('0123456789abcdef')).toBeUndefined();
  });

  test.each<[string, PartyState]>([
    ['a ringing call', 'Ringing'],
    ['a held call (its customer hears music)', 'Held'],
  ])('SendDTMF on %s is refused INVALID_IN_STATE: no event, nothing heard', async (_what, state) => {
    const r = await rig();
    const call = state === 'Ringing' ? r.sim.customerCalls({ dn: A, ani: CALLER }) : await talking(r);
    if (state === 'Held') await r.sim.request(A, { kind: 'HoldCall', connId: call.connId });
    taken(r.events);
    const error = await refusal(r.sim.request(A, { kind: 'SendDTMF', connId: call.connId, digits: '1' }));
    expect(error).toMatchObject({ code: 'INVALID_IN_STATE', message: `SendDTMF is not valid for call ${call.connId}: it is ${state}` });
    expect(unstamped(r.events)).toStrictEqual([]);
    expect(r.sim.digitsHeard(call.connId)).toBe('');
  });

  test.each(['', '12a', '1'.repeat(33)])('SendDTMF with digits %j is refused BACKEND_ERROR naming the rule: nothing heard', async (digits) => {
    const r = await rig();
    const call = await talking(r);
    const error = await refusal(r.sim.request(A, { kind: 'SendDTMF', connId: call.connId, digits }));
    expect(error.code).toBe('BACKEND_ERROR');
    expect(error.message).toContain('the digits must be 1 to 32 keypad digits');
    expect(unstamped(r.events)).toStrictEqual([]);
    expect(r.sim.digitsHeard(call.connId)).toBe('');
  });

  test('SendDTMF for a call the DN does not have is UNKNOWN_CALL', async () => {
    const r = await rig();
    const error = await refusal(r.sim.request(A, { kind: 'SendDTMF', connId: '0123456789abcdef', digits: '1' }));
    expect(error.code).toBe('UNKNOWN_CALL');
  });
});

describe('transfers and conferences', () => {
  // The agent is at A; the colleague the call goes to is at B (registered, so its events are seen too).
  type Ids = { connId: string; callUuid: string };

  function consultCall(ids: Ids, state: PartyState, otherDN: string, forConnId: string): TCall {
    return { ...ids, callType: 'Consult', state, otherDN, userData: {}, transferConnId: forConnId };
  }

  /** A talking customer's call at A with a consult to B placed for it (its events taken). */
  async function consulting(r: Rig, kind: 'InitiateTransfer' | 'InitiateConference' = 'InitiateTransfer'): Promise<{ call: Ids; consult: Ids }> {
    const call = await talking(r);
    const dialing = await r.sim.request(A, { kind, connId: call.connId, destination: B });
    if (!('call' in dialing)) throw new Error(`expected EventDialing, got ${dialing.name}`);
    taken(r.events);
    return { call, consult: { connId: dialing.call.connId, callUuid: dialing.call.callUuid } };
  }

  /** The same, the consulted party at B having answered. */
  async function consultTalking(r: Rig): Promise<{ call: Ids; consult: Ids }> {
    const ids = await consulting(r);
    r.sim.phoneAnswers(B, ids.consult.connId);
    taken(r.events);
    return ids;
  }

  test('SingleStepTransfer: the call leaves A (Released, Transferred, ThirdPartyDN B) and rings at B with the same ConnID', async () => {
    const r = await rig();
    const call = await talking(r);
    const answer = await r.sim.request(A, { kind: 'SingleStepTransfer', connId: call.connId, destination: B });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: inbound(call, 'Established'), callState: 'Transferred', releasingParty: 'Local', referenceId: 2, thirdPartyDN: B },
      { name: 'EventRinging', thisDN: B, call: inbound(call, 'Ringing'), thirdPartyDN: A },
    ]);
    expect(answer).toBe(r.events[0]);
    expect((await r.sim.query(A)).calls).toStrictEqual([]);
    taken(r.events);

    r.sim.phoneAnswers(B);
    expect(r.sim.switchCalls()).toStrictEqual([
      { connId: call.connId, callType: 'Inbound', outside: { number: CALLER, digitsHeard: '' }, parties: [{ dn: B, state: 'Established' }], formerDNs: [A] },
    ]);
    r.sim.customerHangsUp(call.connId);
    expect(taken(r.events).at(-1)).toStrictEqual({ name: 'EventReleased', thisDN: B, call: inbound(call, 'Established'), callState: 'Ok', releasingParty: 'Remote' });
    expect(r.sim.switchCalls()).toStrictEqual([]);
  });

  test.each([
    ['a DN this switch does not have', '7999'],
    ['something that is not a number', 'sales'],
    ['the DN the call is on', A],
  ])('a transfer or consult to %s is refused BACKEND_ERROR naming the destination; nothing changes', async (_, destination) => {
    const r = await rig();
    const call = await talking(r);
    const before = await r.sim.query(A);
    for (const kind of ['SingleStepTransfer', 'InitiateTransfer', 'InitiateConference'] as const) {
      const error = await refusal(r.sim.request(A, { kind, connId: call.connId, destination }));
      expect(error).toMatchObject({ code: 'BACKEND_ERROR', field: 'destination' });
      expect(error.message).toContain(destination);
    }
    expect(unstamped(r.events)).toStrictEqual([]);
    expect(await r.sim.query(A)).toStrictEqual(before);
  });

  test('a transfer needs an established call of two parties that is not a consult', async () => {
    const r = await rig();
    const ringing = r.sim.customerCalls({ dn: A, ani: OTHER_CALLER });
    const { call, consult } = await consultTalking(r);
    for (const connId of [ringing.connId, call.connId, consult.connId]) {
      const error = await refusal(r.sim.request(A, { kind: 'SingleStepTransfer', connId, destination: C }));
      expect(error.code).toBe('INVALID_IN_STATE');
    }
    expect((await refusal(r.sim.request(A, { kind: 'InitiateTransfer', connId: consult.connId, destination: C }))).message).toContain('is a consult call');

    await r.sim.request(A, { kind: 'CompleteConference', connId: call.connId, consultConnId: consult.connId });
    expect((await refusal(r.sim.request(A, { kind: 'SingleStepTransfer', connId: call.connId, destination: C }))).message).toContain('is a conference');
  });

  test('a busy DN refuses a single-step transfer (the call stays) and answers a consult busy (the call stays held)', async () => {
    const r = await rig();
    const call = await talking(r);
    r.sim.setBusy(B, true);
    const refused = await refusal(r.sim.request(A, { kind: 'SingleStepTransfer', connId: call.connId, destination: B }));
    expect(refused).toMatchObject({ code: 'BACKEND_ERROR', field: 'destination', message: expect.stringContaining('busy') });
    expect(unstamped(r.events)).toStrictEqual([]);

    await r.sim.request(A, { kind: 'InitiateTransfer', connId: call.connId, destination: B });
    const events = taken(r.events);
    const consult = events[1] as Extract<UnstampedTEvent, { call: TCall }>;
    const ids = { connId: consult.call.connId, callUuid: consult.call.callUuid };
    expect(events).toStrictEqual([
      { name: 'EventHeld', thisDN: A, call: inbound(call, 'Held'), referenceId: 3 },
      { name: 'EventDialing', thisDN: A, call: consultCall(ids, 'Dialing', B, call.connId), referenceId: 3 },
      { name: 'EventDestinationBusy', thisDN: A, call: consultCall(ids, 'Dialing', B, call.connId) },
      { name: 'EventReleased', thisDN: A, call: consultCall(ids, 'Dialing', B, call.connId), callState: 'Busy', releasingParty: 'Remote' },
    ]);
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(call, 'Held')]);
    expect(thrown(() => r.sim.customerCalls({ dn: B, ani: CALLER })).code).toBe('BUSY');
    r.sim.setBusy(B, false);
    expect(r.sim.customerCalls({ dn: B, ani: CALLER }).connId).toMatch(/^[0-9a-f]{16}$/);
  });

  test('InitiateTransfer holds the call and places a consult call (CallType Consult, TransferConnID the held call) that rings at B', async () => {
    const r = await rig();
    const call = await talking(r);
    const answer = await r.sim.request(A, { kind: 'InitiateTransfer', connId: call.connId, destination: B });
    const events = unstamped(r.events);
    const consult = { connId: (answer as TCallEvent).call.connId, callUuid: (answer as TCallEvent).call.callUuid };
    expect(consult.connId).not.toBe(call.connId);
    expect(events).toStrictEqual([
      { name: 'EventHeld', thisDN: A, call: inbound(call, 'Held'), referenceId: 2 },
      { name: 'EventDialing', thisDN: A, call: consultCall(consult, 'Dialing', B, call.connId), referenceId: 2 },
      { name: 'EventRinging', thisDN: B, call: consultCall(consult, 'Ringing', A, call.connId) },
    ]);
    expect(answer).toBe(r.events[1]);
    taken(r.events);

    r.sim.phoneAnswers(B);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventEstablished', thisDN: B, call: consultCall(consult, 'Established', A, call.connId) },
      { name: 'EventEstablished', thisDN: A, call: consultCall(consult, 'Established', B, call.connId) },
    ]);
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(call, 'Held'), consultCall(consult, 'Established', B, call.connId)]);
    // One consult at a time for a held call.
    await r.sim.request(A, { kind: 'RetrieveCall', connId: call.connId });
    expect((await refusal(r.sim.request(A, { kind: 'InitiateTransfer', connId: call.connId, destination: C }))).message).toContain('already has a consult');
  });

  test('the consulted party refusing, not answering in time, or hanging up releases the consult call at A, which says how', async () => {
    jest.useFakeTimers();
    const r = await rig({ ringTimeoutMs: 1000 });
    const refused = await consulting(r);
    r.sim.phoneReleases(B);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: B, call: consultCall(refused.consult, 'Ringing', A, refused.call.connId), callState: 'Ok', releasingParty: 'Local' },
      { name: 'EventReleased', thisDN: A, call: consultCall(refused.consult, 'Dialing', B, refused.call.connId), callState: 'NoAnswer', releasingParty: 'Remote' },
    ]);
    await r.sim.request(A, { kind: 'RetrieveCall', connId: refused.call.connId });
    await r.sim.request(A, { kind: 'ReleaseCall', connId: refused.call.connId });
    taken(r.events);

    const unanswered = await consulting(r);
    jest.advanceTimersByTime(1000);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: B, call: consultCall(unanswered.consult, 'Ringing', A, unanswered.call.connId), callState: 'NoAnswer', releasingParty: 'Unknown' },
      { name: 'EventReleased', thisDN: A, call: consultCall(unanswered.consult, 'Dialing', B, unanswered.call.connId), callState: 'NoAnswer', releasingParty: 'Unknown' },
    ]);
    await r.sim.request(A, { kind: 'RetrieveCall', connId: unanswered.call.connId });
    await r.sim.request(A, { kind: 'ReleaseCall', connId: unanswered.call.connId });
    taken(r.events);

    const hungUp = await consultTalking(r);
    r.sim.phoneReleases(B);
    expect(taken(r.events).at(-1)).toStrictEqual({
      name: 'EventReleased',
      thisDN: A,
      call: consultCall(hungUp.consult, 'Established', B, hungUp.call.connId),
      callState: 'Ok',
      releasingParty: 'Remote',
    });
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(hungUp.call, 'Held')]);
  });

  test('CompleteTransfer: both calls leave A (Transferred), and B\'s party takes the held call\'s ConnID (EventPartyChanged)', async () => {
    const r = await rig();
    const { call, consult } = await consultTalking(r);
    const answer = await r.sim.request(A, { kind: 'CompleteTransfer', connId: call.connId, consultConnId: consult.connId });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: consultCall(consult, 'Established', B, call.connId), callState: 'Transferred', releasingParty: 'Local', referenceId: 3 },
      { name: 'EventReleased', thisDN: A, call: inbound(call, 'Held'), callState: 'Transferred', releasingParty: 'Local', referenceId: 3, thirdPartyDN: B },
      { name: 'EventPartyChanged', thisDN: B, call: inbound(call, 'Established'), previousConnId: consult.connId, thirdPartyDN: A },
    ]);
    expect(answer).toBe(r.events[1]);
    expect((await r.sim.query(A)).calls).toStrictEqual([]);
    expect((await r.sim.query(B)).calls).toStrictEqual([inbound(call, 'Established')]);
    expect(r.sim.switchCalls()).toStrictEqual([
      { connId: call.connId, callType: 'Inbound', outside: { number: CALLER, digitsHeard: '' }, parties: [{ dn: B, state: 'Established' }], formerDNs: [A] },
    ]);
  });

  test('CompleteTransfer before the consulted party answered: it rings on with the held call\'s ConnID', async () => {
    const r = await rig();
    const { call, consult } = await consulting(r);
    await r.sim.request(A, { kind: 'CompleteTransfer', connId: call.connId, consultConnId: consult.connId });
    expect(taken(r.events).at(-1)).toStrictEqual({ name: 'EventPartyChanged', thisDN: B, call: inbound(call, 'Ringing'), previousConnId: consult.connId, thirdPartyDN: A });
    r.sim.phoneAnswers(B);
    expect(unstamped(r.events)).toStrictEqual([{ name: 'EventEstablished', thisDN: B, call: inbound(call, 'Established') }]);
  });

  test('CompleteConference: the consult call is released (Conferenced), B joins the held call, which is retrieved (EventPartyAdded)', async () => {
    const r = await rig();
    const { call, consult } = await consultTalking(r);
    const answer = await r.sim.request(A, { kind: 'CompleteConference', connId: call.connId, consultConnId: consult.connId });
    const conference = (state: PartyState, dn: string): TCall => ({ ...inbound(call, state), otherParties: dn === A ? [CALLER, B] : [CALLER, A] });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: consultCall(consult, 'Established', B, call.connId), callState: 'Conferenced', releasingParty: 'Local', referenceId: 3 },
      { name: 'EventPartyChanged', thisDN: B, call: conference('Established', B), previousConnId: consult.connId, thirdPartyDN: A },
      { name: 'EventRetrieved', thisDN: A, call: conference('Established', A), referenceId: 3 },
      { name: 'EventPartyAdded', thisDN: A, call: conference('Established', A), thirdPartyDN: B, referenceId: 3 },
    ]);
    expect(answer).toBe(r.events[3]);
    expect((await r.sim.query(A)).calls).toStrictEqual([conference('Established', A)]);
  });

  test('CompleteConference needs the consulted party to have answered', async () => {
    const r = await rig();
    const { call, consult } = await consulting(r);
    const error = await refusal(r.sim.request(A, { kind: 'CompleteConference', connId: call.connId, consultConnId: consult.connId }));
    expect(error).toMatchObject({ code: 'INVALID_IN_STATE', field: 'consultConnectionId' });
    expect(unstamped(r.events)).toStrictEqual([]);
  });

  test('in a conference, whoever leaves, the other two talk on and hear EventPartyDeleted', async () => {
    const r = await rig();
    async function conference(): Promise<Ids> {
      const { call, consult } = await consultTalking(r);
      await r.sim.request(A, { kind: 'CompleteConference', connId: call.connId, consultConnId: consult.connId });
      taken(r.events);
      return call;
    }

    const agentLeaves = await conference();
    await r.sim.request(A, { kind: 'ReleaseCall', connId: agentLeaves.connId });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: { ...inbound(agentLeaves, 'Established'), otherParties: [CALLER, B] }, callState: 'Ok', releasingParty: 'Local', referenceId: 4 },
      { name: 'EventPartyDeleted', thisDN: B, call: inbound(agentLeaves, 'Established'), thirdPartyDN: A },
    ]);
    r.sim.customerHangsUp(agentLeaves.connId);
    taken(r.events);

    const targetLeaves = await conference();
    r.sim.phoneReleases(B);
    expect(taken(r.events).at(-1)).toStrictEqual({ name: 'EventPartyDeleted', thisDN: A, call: inbound(targetLeaves, 'Established'), thirdPartyDN: B });
    expect((await r.sim.query(A)).calls).toStrictEqual([inbound(targetLeaves, 'Established')]);
    r.sim.customerHangsUp(targetLeaves.connId);
    taken(r.events);

    const customerLeaves = await conference();
    r.sim.customerHangsUp(customerLeaves.connId);
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventPartyDeleted', thisDN: A, call: { ...inbound(customerLeaves, 'Established'), otherDN: B }, thirdPartyDN: CALLER },
      { name: 'EventPartyDeleted', thisDN: B, call: { ...inbound(customerLeaves, 'Established'), otherDN: A }, thirdPartyDN: CALLER },
    ]);
  });

  test('ReconnectCall releases the consult call (abandoned at B while it rang) and retrieves the held call', async () => {
    const r = await rig();
    const ringing = await consulting(r);
    await r.sim.request(A, { kind: 'ReconnectCall', connId: ringing.call.connId, consultConnId: ringing.consult.connId });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventReleased', thisDN: A, call: consultCall(ringing.consult, 'Dialing', B, ringing.call.connId), callState: 'Ok', releasingParty: 'Local', referenceId: 3 },
      { name: 'EventAbandoned', thisDN: B, call: consultCall(ringing.consult, 'Ringing', A, ringing.call.connId) },
      { name: 'EventRetrieved', thisDN: A, call: inbound(ringing.call, 'Established'), referenceId: 3 },
    ]);
    await r.sim.request(A, { kind: 'ReleaseCall', connId: ringing.call.connId });
    taken(r.events);

    const talkingTo = await consultTalking(r);
    await r.sim.request(A, { kind: 'ReconnectCall', connId: talkingTo.call.connId, consultConnId: talkingTo.consult.connId });
    expect(unstamped(r.events)[1]).toStrictEqual({
      name: 'EventReleased',
      thisDN: B,
      call: consultCall(talkingTo.consult, 'Established', A, talkingTo.call.connId),
      callState: 'Ok',
      releasingParty: 'Remote',
    });
  });

  test('a request that ends a consult must name a consult call of the held call, at the same DN', async () => {
    const r = await rig();
    const { call, consult } = await consulting(r);
    const other = r.sim.customerCalls({ dn: A, ani: OTHER_CALLER });
    for (const kind of ['CompleteTransfer', 'CompleteConference', 'ReconnectCall'] as const) {
      for (const consultConnId of [other.connId, call.connId, '0123456789abcdef']) {
        const error = await refusal(r.sim.request(A, { kind, connId: call.connId, consultConnId }));
        expect(error).toMatchObject({ code: 'INVALID_IN_STATE', field: 'consultConnectionId' });
      }
      // Named the other way round: the consult call is not held.
      expect((await refusal(r.sim.request(A, { kind, connId: consult.connId, consultConnId: call.connId }))).code).toBe('INVALID_IN_STATE');
    }
    expect(unstamped(r.events).filter((event) => event.thisDN === A && event.name !== 'EventRinging')).toStrictEqual([]);
  });

  test('the customer hanging up during a consult releases the held call only; the consult call is the agent\'s to end', async () => {
    const r = await rig();
    const { call, consult } = await consultTalking(r);
    r.sim.customerHangsUp(call.connId);
    expect(unstamped(r.events)).toStrictEqual([{ name: 'EventReleased', thisDN: A, call: inbound(call, 'Held'), callState: 'Ok', releasingParty: 'Remote' }]);
    expect((await r.sim.query(A)).calls).toStrictEqual([consultCall(consult, 'Established', B, call.connId)]);
  });

  test('transferToAgent: a customer reaches another DN, whose phone transfers the call here; it rings with ThirdPartyDN', async () => {
    const r = await rig();
    const call = r.sim.transferToAgent({ dn: A, ani: CALLER, from: B });
    expect(unstamped(r.events)).toStrictEqual([
      { name: 'EventRinging', thisDN: B, call: inbound(call, 'Ringing') },
      { name: 'EventEstablished', thisDN: B, call: inbound(call, 'Established') },
      { name: 'EventReleased', thisDN: B, call: inbound(call, 'Established'), callState: 'Transferred', releasingParty: 'Local', thirdPartyDN: A },
      { name: 'EventRinging', thisDN: A, call: inbound(call, 'Ringing'), thirdPartyDN: B },
    ]);
    r.sim.setBusy(A, true);
    expect(thrown(() => r.sim.transferToAgent({ dn: A, ani: CALLER, from: B })).code).toBe('BUSY');
    expect(thrown(() => r.sim.transferToAgent({ dn: A, ani: CALLER, from: '7999' })).code).toBe('NOT_FOUND');
    expect(thrown(() => r.sim.setBusy('7999', true)).code).toBe('NOT_FOUND');
  });
});
