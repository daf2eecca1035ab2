/** @jest-environment node */
/**
 * Dead and slow peers, over real sockets on loopback: the bridge pings every session and drops one that does not
 * answer; it closes a session whose client stops reading once limits.sendBufferBytes wait for it (close code
 * slowConsumer), sending it nothing more, while other sessions go on; and it refuses an agent's session beyond
 * limits.sessionsPerAgent (close code tooManySessions), leaving the open ones alone.
 */
import type WebSocket from 'ws';
import { CLOSE_CODES } from '../../protocol/bridgeProtocol';
import type { Bridge } from '../../server/src/app';
import { AGENT1_DN, AGENT2_DN, BridgeKit, simulatorOf, type EventStream } from './bridgeTestKit';

jest.setTimeout(60_000);

const kit = new BridgeKit();
afterEach(() => kit.cleanup());

const CUSTOMER = '+15550100';
const MIB = 1024 * 1024;

/** Resolves after `count` more pings reached the client (ws answers them itself unless told not to). */
function pings(socket: WebSocket, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const onPing = (): void => {
      seen += 1;
      if (seen < count) return;
      socket.off('ping', onPing);
      resolve();
    };
    socket.on('ping', onPing);
  });
}

/** The bytes of every frame a client has received. */
function byteCounter(stream: EventStream): () => number {
  let bytes = 0;
  stream.socket.on('message', (data: Buffer) => {
    bytes += data.length;
  });
  return () => bytes;
}

/** The client stops reading its TCP socket, as a laptop gone to sleep does (ws's own socket, paused). */
function rawSocketOf(stream: EventStream): { pause(): void; resume(): void } {
  return (stream.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
}

/** Rings and ends a call at the DN, `times` times, yielding now and then so that sockets get written. */
async function churn(bridge: Bridge, dn: string, times: number): Promise<void> {
  const simulator = simulatorOf(bridge);
  for (let index = 0; index < times; index += 1) {
    const { connId } = simulator.customerCalls({ dn, ani: CUSTOMER });
    simulator.customerHangsUp(connId);
    if (index % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('pings', () => {
  // Over real sockets, with an interval long enough that a busy machine does not hold a pong past the next beat;
  // the beat-by-beat rule (one ping after the last pong, then dropped) is tested on a fake clock in heartbeat.test.ts.
  test('a client that does not answer pings is dropped, terminated and counted; one that answers stays and is served', async () => {
    const bridge = await kit.start({ websocket: { pingIntervalMs: 1000 } });
    const { stream: alive } = await kit.connectAndSnapshot(bridge);
    const { stream: dead } = await kit.connectAndSnapshot(bridge, { autoPong: false });

    const closed = await dead.closed;

    // Terminated, not closed: a peer that does not answer pings would not answer a closing handshake either.
    expect(closed.code).toBe(1006);
    expect(bridge.peers.deadPeers).toBe(1);
    await pings(alive.socket, 2);
    expect(alive.socket.readyState).toBe(alive.socket.OPEN);
    const call = simulatorOf(bridge).customerCalls({ dn: AGENT1_DN, ani: CUSTOMER });
    await alive.waitFor('EventRinging', (event) => event.connectionId === call.connId);
  });

  test('pings go out at the configured interval even to a session with nothing to say', async () => {
    const bridge = await kit.start({ websocket: { pingIntervalMs: 250 } });
    const { stream } = await kit.connectAndSnapshot(bridge);
    await pings(stream.socket, 3);
    expect(bridge.peers.deadPeers).toBe(0);
  });
});

describe('a client that stops reading', () => {
  test('is closed as a slow consumer once limits.sendBufferBytes wait for it, and is sent nothing more; other sessions go on', async () => {
    const sendBufferBytes = 256 * 1024;
    const bridge = await kit.start({ limits: { sendBufferBytes } });
    const { stream: slow } = await kit.connectAndSnapshot(bridge);
    // Another desktop of the same agent, which reads: it receives every frame the slow one was sent.
    const { stream: reader } = await kit.connectAndSnapshot(bridge);
    const { stream: otherAgent } = await kit.connectAndSnapshot(bridge, { token: await bridge.mintDevToken?.('agent2') });
    const slowBytes = byteCounter(slow);
    const readerBytes = byteCounter(reader);
    rawSocketOf(slow).pause();

    // The kernel's socket buffers take the first few MiB; the bridge's own buffer fills after that.
    const limit = 64 * MIB;
    while (bridge.peers.slowConsumers === 0) {
      if (readerBytes() > limit) throw new Error(`the bridge buffered over ${limit / MIB} MiB for a client that does not read`);
      await churn(bridge, AGENT1_DN, 1000);
    }
    const sentBeforeClose = readerBytes();
    // More for the agent's DN: none of it may be buffered for the slow client.
    await churn(bridge, AGENT1_DN, 8000);
    const call = simulatorOf(bridge).customerCalls({ dn: AGENT2_DN, ani: CUSTOMER });
    await otherAgent.waitFor('EventRinging', (event) => event.connectionId === call.connId);
    rawSocketOf(slow).resume();

    const closed = await slow.closed;

    expect(closed).toEqual({ code: CLOSE_CODES.slowConsumer, reason: expect.stringMatching(/behind/) });
    expect(slowBytes()).toBeLessThanOrEqual(sentBeforeClose);
    expect(readerBytes()).toBeGreaterThan(sentBeforeClose + MIB);
    expect(reader.socket.readyState).toBe(reader.socket.OPEN);
    expect(bridge.peers.slowConsumers).toBe(1);
  });
});

describe('sessions per agent', () => {
  test('the session beyond limits.sessionsPerAgent is refused with tooManySessions; the open ones and other agents go on', async () => {
    const bridge = await kit.start({ limits: { sessionsPerAgent: 2 } });
    const { stream: first } = await kit.connectAndSnapshot(bridge);
    const { stream: second } = await kit.connectAndSnapshot(bridge);

    const third = await kit.connect(bridge);
    const refused = await third.closed;

    expect(refused).toEqual({ code: CLOSE_CODES.tooManySessions, reason: expect.stringContaining('limits.sessionsPerAgent') });
    expect(third.received).toEqual([]);
    expect(bridge.peers.refusedSessions).toBe(1);
    const call = simulatorOf(bridge).customerCalls({ dn: AGENT1_DN, ani: CUSTOMER });
    await first.waitFor('EventRinging', (event) => event.connectionId === call.connId);
    await second.waitFor('EventRinging', (event) => event.connectionId === call.connId);
    await kit.connectAndSnapshot(bridge, { token: await bridge.mintDevToken?.('agent2') });
  });

  test('once a session of the agent has closed, a new one is admitted', async () => {
    const bridge = await kit.start({ limits: { sessionsPerAgent: 1 } });
    const { stream: first } = await kit.connectAndSnapshot(bridge);
    expect((await (await kit.connect(bridge)).closed).code).toBe(CLOSE_CODES.tooManySessions);

    first.socket.close();
    await first.closed;
    // The bridge hears of the close a moment after the client does: retry as the toolbar would, a bounded number of times.
    for (let attempt = 1; ; attempt += 1) {
      const next = await kit.connect(bridge);
      const outcome = await Promise.race([next.waitFor('EventRegistered').then(() => 'admitted'), next.closed.then(({ code }) => code)]);
      if (outcome === 'admitted') break;
      expect(outcome).toBe(CLOSE_CODES.tooManySessions);
      if (attempt === 50) throw new Error('the closed session still counted after 50 attempts');
    }
  });
});
