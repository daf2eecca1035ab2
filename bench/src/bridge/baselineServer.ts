/**
 * The baseline, in a process of its own (forked by bridgeScale.ts): a bare `ws` server with no logic. It pushes a
 * given number of frames, round robin over its clients at a given rate, each stamped with `time` as it is sent, the
 * way the T-Server simulator stamps an event. What the bridge adds shows as the difference between the two.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { epochNow } from '../clock';
import { answerCost, CostMeter } from '../processCost';
import type { FromBaseline, ToBaseline } from './ipc';

/** How often due frames go out: the beat the traffic generator places calls on, so neither side sends in bursts. */
const TICK_MS = 1;

const clients: WebSocket[] = [];
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('connection', (socket) => {
  clients.push(socket);
  socket.on('close', () => clients.splice(clients.indexOf(socket), 1));
});
server.on('listening', () => {
  const address = server.address();
  if (typeof address === 'object' && address !== null) send({ kind: 'listening', port: address.port });
});

function send(message: FromBaseline): void {
  process.send?.(message);
}

function push(count: number, perSecond: number, frame: Record<string, unknown>): void {
  const started = performance.now();
  let sent = 0;
  let next = 0;
  const ticker = setInterval(() => {
    const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * perSecond));
    for (; sent < due && clients.length > 0; sent += 1) {
      next = next >= clients.length - 1 ? 0 : next + 1;
      clients[next].send(JSON.stringify({ ...frame, time: epochNow() }));
    }
    if (sent >= count || clients.length === 0) {
      clearInterval(ticker);
      send({ kind: 'pushed', sent, clients: clients.length });
    }
  }, TICK_MS);
}

/** The server's own CPU time and heap allocation over the measured window, as the bridge's. */
const meter = new CostMeter();

process.on('message', (message: ToBaseline) => {
  if (message.kind === 'push') push(message.count, message.perSecond, message.frame);
  else send(answerCost(meter, message));
});
// Ends with its parent.
process.on('disconnect', () => process.exit(0));
