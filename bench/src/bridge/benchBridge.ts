/**
 * The bridge under test, in a process of its own: the production entry's start-up (server/src/bridgeProcess.ts: the
 * same configuration, signals and shutdown), plus the benchmark's control of the simulator's traffic generator over
 * Node's IPC channel. A secure bridge serves no /simulator/* route, and a control channel only the parent process
 * holds is one no deployment could expose. It also reads the process's own cost over a measured window (processCost.ts).
 */
import { runBridgeProcess } from '../../../server/src/bridgeProcess';
import type { Bridge } from '../../../server/src/app';
import type { TrafficGenerator } from '../../../server/src/backend/simulator/trafficGenerator';
import { answerCost, CostMeter } from '../processCost';
import { Flood } from './flood';
import type { FromBridge, ToBridge } from './ipc';

/** The callers' number of the benchmark's traffic. */
const TRAFFIC_ANI = '+15550100';

function send(message: FromBridge): void {
  process.send?.(message);
}

function steerTraffic(traffic: TrafficGenerator, message: Extract<ToBridge, { kind: 'traffic' }>): FromBridge {
  try {
    switch (message.action) {
      case 'start':
        return { kind: 'traffic', counts: traffic.start({ callsPerSecond: message.callsPerSecond, holdMs: message.holdMs, ani: TRAFFIC_ANI }) };
      case 'stats':
        return { kind: 'traffic', counts: traffic.stats() };
      case 'stop':
        return { kind: 'traffic', counts: traffic.stop() };
    }
  } catch (error) {
    return { kind: 'traffic', refused: error instanceof Error ? error.message : String(error) };
  }
}

function steerFlood(flood: Flood | undefined, message: Extract<ToBridge, { kind: 'flood' }>): FromBridge {
  if (!flood) return { kind: 'flood', failed: 'the bridge runs without its simulator' };
  try {
    return { kind: 'flood', ...(message.action === 'start' ? flood.start(message.dns, message.callsPerSecond) : flood.stop()) };
  } catch (error) {
    return { kind: 'flood', failed: error instanceof Error ? error.message : String(error) };
  }
}

/** The bridge process's own CPU time and heap allocation over a measured window. */
const meter = new CostMeter();

function obey(bridge: Bridge, flood: Flood | undefined, message: ToBridge): FromBridge {
  switch (message.kind) {
    case 'traffic':
      return bridge.traffic ? steerTraffic(bridge.traffic, message) : { kind: 'traffic', refused: 'the bridge runs without its simulator' };
    case 'flood':
      return steerFlood(flood, message);
    case 'peers':
      return { kind: 'peers', ...bridge.peers };
    case 'cost':
      return answerCost(meter, message);
  }
}

runBridgeProcess(process.argv.slice(2), process.env).then(
  (bridge) => {
    if (!bridge) {
      process.disconnect?.();
      return;
    }
    const flood = bridge.simulator ? new Flood(bridge.simulator) : undefined;
    process.on('message', (message: ToBridge) => send(obey(bridge, flood, message)));
    // The parent gone, nobody can stop the bridge any more: stop it as SIGTERM would.
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
    send({ kind: 'listening', url: bridge.url, sendBufferBytes: bridge.config.limits.sendBufferBytes });
  },
  (error: unknown) => {
    process.stderr.write(`bench bridge: cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
    process.disconnect?.();
  },
);
