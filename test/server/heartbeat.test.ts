/** @jest-environment node */
/** The bridge's WebSocket pings, beat by beat on a fake clock, over stand-in sockets (peers.test.ts runs real ones). */
import { EventEmitter } from 'events';
import type { WebSocket } from 'ws';
import { Heartbeat, SESSIONS_PER_TURN } from '../../server/src/http/heartbeat';

const INTERVAL = 1000;

/** As much of a ws socket as the heartbeat uses: pings counted, pongs given by the test, terminate recorded. */
class StandInSocket extends EventEmitter {
  pings = 0;
  terminated = false;
  ping(): void {
    this.pings += 1;
  }
  pong(): void {
    this.emit('pong');
  }
  terminate(): void {
    this.terminated = true;
    this.emit('close');
  }
}

/** Runs `count` beats: each the interval's timer, then its judgment in the same turn of the loop (setImmediate). */
function beats(count = 1): void {
  for (let i = 0; i < count; i += 1) {
    jest.advanceTimersToNextTimer(); // the beat
    jest.advanceTimersToNextTimer(); // its judgment
  }
}

function watched(heartbeat: Heartbeat): StandInSocket {
  const socket = new StandInSocket();
  heartbeat.watch(socket as unknown as WebSocket);
  return socket;
}

let heartbeat: Heartbeat;
let dead: StandInSocket[];

beforeEach(() => {
  jest.useFakeTimers();
  dead = [];
  heartbeat = new Heartbeat(INTERVAL, (socket) => dead.push(socket as unknown as StandInSocket));
});

afterEach(() => {
  heartbeat.stop();
  jest.useRealTimers();
});

test('a socket that answers every ping is pinged once an interval and kept', () => {
  const socket = watched(heartbeat);
  for (let beat = 1; beat <= 5; beat += 1) {
    beats();
    expect(socket.pings).toBe(beat);
    socket.pong();
  }
  expect([socket.terminated, dead]).toEqual([false, []]);
});

test('one that stops answering is dropped at the beat after its first unanswered ping: one ping after its last pong', () => {
  const socket = watched(heartbeat);
  beats();
  socket.pong();
  beats(); // pinged, and silent from now on
  expect(socket.pings).toBe(2);
  beats();
  expect(socket.pings).toBe(2);
  expect(socket.terminated).toBe(true);
  expect(dead).toEqual([socket]);
  beats(5);
  expect(dead).toHaveLength(1);
});

test('a pong that came in while the process was busy past the beat counts: it is read before the beat judges', () => {
  const socket = watched(heartbeat);
  beats();
  expect(socket.pings).toBe(1);
  // The next beat's timer fires first; the pong already waiting on the socket is read in the same turn of the loop.
  jest.advanceTimersToNextTimer();
  socket.pong();
  jest.advanceTimersToNextTimer();
  expect([socket.terminated, socket.pings]).toEqual([false, 2]);
});

test('one socket dropped leaves the others pinged; a closed socket is forgotten; stop() ends the pings', () => {
  const silent = watched(heartbeat);
  const talking = watched(heartbeat);
  const closing = watched(heartbeat);
  closing.emit('close');
  for (let beat = 0; beat < 3; beat += 1) {
    beats();
    talking.pong();
  }
  expect([silent.terminated, talking.terminated, closing.pings]).toEqual([true, false, 0]);
  heartbeat.stop();
  const before = talking.pings;
  beats(3);
  expect(talking.pings).toBe(before);
});

test('a sweep goes through the sessions a slice per turn of the event loop, each session once', () => {
  const sockets = Array.from({ length: SESSIONS_PER_TURN * 2 + 1 }, () => watched(heartbeat));
  jest.advanceTimersToNextTimer(); // the beat
  jest.advanceTimersToNextTimer(); // the first slice
  expect(sockets.filter((s) => s.pings === 1)).toHaveLength(SESSIONS_PER_TURN);
  jest.advanceTimersToNextTimer(); // the second
  jest.advanceTimersToNextTimer(); // the last, of one
  expect(sockets.map((s) => s.pings)).toEqual(sockets.map(() => 1));
  // Every session answers; the next sweep keeps them all.
  for (const socket of sockets) socket.pong();
  beats();
  jest.advanceTimersToNextTimer();
  jest.advanceTimersToNextTimer();
  expect([sockets.every((s) => s.pings === 2), dead]).toEqual([true, []]);
});

test('a session that closes during a sweep is skipped by the rest of it', () => {
  const sockets = Array.from({ length: SESSIONS_PER_TURN + 1 }, () => watched(heartbeat));
  const last = sockets[SESSIONS_PER_TURN];
  jest.advanceTimersToNextTimer(); // the beat
  jest.advanceTimersToNextTimer(); // the first slice
  last.emit('close');
  jest.advanceTimersToNextTimer(); // the second slice
  expect([last.pings, last.terminated, dead]).toEqual([0, false, []]);
});
