/**
 * The messages between the orchestrator (bridgeScale.ts) and its child processes: the bridge under test
 * (benchBridge.ts), the load clients (loadClients.ts) and the bare-ws baseline server (baselineServer.ts). Sent over
 * Node's IPC channel (child_process.fork).
 */
import type { ChildProcess } from 'node:child_process';
import type { JWK } from 'jose';
import type { CostReply, CostRequest, ProcessCost } from '../processCost';

/** How the clients speak: the bridge's protocol (token, Ready, Accept) or the baseline's (listen only). */
export type ClientMode =
  | { readonly kind: 'bridge'; readonly origin: string; readonly privateJwk: JWK; readonly keyId: string }
  | { readonly kind: 'baseline' };

export type ToClients =
  /**
   * Open `agents` sessions (agent i is `agent${i}`) and, on the bridge, make each ready; the last `slow` of them then go
   * NotReady (so the traffic rings none of them) and wait for 'stall'. Session i connects from sourceAddresses[i mod
   * their number] (sourceAddresses.ts), or from the address the system picks when there are none.
   */
  | {
      readonly kind: 'connect';
      readonly url: string;
      readonly agents: number;
      readonly mode: ClientMode;
      readonly slow?: number;
      readonly sourceAddresses?: readonly string[];
    }
  /** The slow sessions stop reading (their sockets paused), as a laptop gone to sleep: they neither read nor answer pings. */
  | { readonly kind: 'stall' }
  /** Start a measured window: samples before it are dropped. */
  | { readonly kind: 'measure' }
  /** End the window: its samples. */
  | { readonly kind: 'report' }
  /** What went wrong over the whole run, and what is still open. */
  | { readonly kind: 'tally' }
  | { readonly kind: 'close' };

export interface WindowReport {
  readonly kind: 'report';
  readonly windowMs: number;
  /** Receive time − production time of every call event (or baseline message) received in the window. */
  readonly eventLatencies: number[];
  /** Accept sent → its EventEstablished received, for Accepts answered in the window. */
  readonly commandRtts: number[];
}

export interface Tally {
  readonly kind: 'tally';
  /** Sessions still open, the slow ones apart. */
  readonly sessionsOpen: number;
  /** EventRinging received over the whole run: every call the simulator placed must have rung at a client. */
  readonly ringsReceived: number;
  readonly errors: {
    readonly connectFailed: number;
    readonly closedUnexpectedly: number;
    readonly eventErrors: number;
    /** Call events without the `time` they were produced at: their latency cannot be measured. */
    readonly untimedEvents: number;
  };
  /** The first few error messages, to say what went wrong. */
  readonly samples: string[];
}

/**
 * The sessions a load generator opened (and made ready), those that failed, and how long that took: from the first
 * connection to the last session ready or given up (the agents' tokens are signed before, in `tokensMs`).
 */
export interface Connected {
  readonly kind: 'connected';
  readonly sessions: number;
  readonly failed: number;
  readonly ms: number;
  readonly tokensMs?: number;
}

export type FromClients =
  | Connected
  | WindowReport
  | Tally
  | { readonly kind: 'closed' };

export type ToBaseline =
  /** Send `count` copies of `frame` (each with a fresh `time`), round robin over the clients, `perSecond` a second. */
  | { readonly kind: 'push'; readonly count: number; readonly perSecond: number; readonly frame: Record<string, unknown> }
  | CostRequest;

export type FromBaseline =
  | { readonly kind: 'listening'; readonly port: number }
  | { readonly kind: 'pushed'; readonly sent: number; readonly clients: number }
  | CostReply;

/** What the traffic generator counted (TrafficGenerator.stats()). */
export interface TrafficCounts {
  readonly placed: number;
  readonly completed: number;
  readonly endedEarly: number;
  readonly noFreeAgent: number;
  readonly refused: number;
  readonly active: number;
}

export type ToBridge =
  /** Start a traffic plan, read the counts, or stop placing calls (as POST, GET and DELETE /simulator/traffic did). */
  | { readonly kind: 'traffic'; readonly action: 'start'; readonly callsPerSecond: number; readonly holdMs: number }
  | { readonly kind: 'traffic'; readonly action: 'stats' | 'stop' }
  /** Ring calls at these DNs, each abandoned at once, `callsPerSecond` in all (flood.ts); or stop. */
  | { readonly kind: 'flood'; readonly action: 'start'; readonly dns: readonly string[]; readonly callsPerSecond: number }
  | { readonly kind: 'flood'; readonly action: 'stop' }
  /** The sessions the bridge ended or refused of its own accord (Bridge.peers). */
  | { readonly kind: 'peers' }
  /** Open or close a window of the bridge process's CPU time and heap allocation (processCost.ts). */
  | CostRequest;

/** Bridge.peers: sessions closed as slow consumers (4002), as dead peers (no pong), refused as one too many. */
export interface PeerCounts {
  readonly slowConsumers: number;
  readonly deadPeers: number;
  readonly refusedSessions: number;
}

export type FromBridge =
  /** Listening, and with how many bytes waiting for one client it closes that client (limits.sendBufferBytes). */
  | { readonly kind: 'listening'; readonly url: string; readonly sendBufferBytes: number }
  | ({ readonly kind: 'flood' } & ({ readonly rung: number; readonly refused: number } | { readonly failed: string }))
  | ({ readonly kind: 'peers' } & PeerCounts)
  /** The counts after the action, or why the generator refused it (a plan already running, say). */
  | ({ readonly kind: 'traffic' } & ({ readonly counts: TrafficCounts } | { readonly refused: string }))
  | CostReply;

/** Sends a message to a child; a child that is gone is an error that names the message, not a crash. */
export function tell<M extends { kind: string }>(child: ChildProcess, message: M): void {
  if (!child.connected) throw new Error(`child process ${child.pid} is gone: cannot send "${message.kind}"`);
  child.send(message);
}

/** Resolves with the child's next message of that kind; rejects if the child exits first or takes over `timeoutMs`. */
export function nextMessage<M extends { kind: string }, K extends M['kind']>(
  child: ChildProcess,
  kind: K,
  timeoutMs: number,
): Promise<Extract<M, { kind: K }>> {
  return new Promise((resolve, reject) => {
    if (!child.connected || child.exitCode !== null || child.signalCode !== null) {
      reject(new Error(`child process ${child.pid} is gone (${child.exitCode ?? child.signalCode ?? 'disconnected'}): no "${kind}" will come`));
      return;
    }
    const timer = setTimeout(() => finish(new Error(`no "${kind}" from child process ${child.pid} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: M): void => {
      if (message.kind === kind) finish(undefined, message as Extract<M, { kind: K }>);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      finish(new Error(`child process ${child.pid} exited (${code ?? signal}) before sending "${kind}"`));
    const onDisconnect = (): void => finish(new Error(`child process ${child.pid} went away before sending "${kind}"`));
    function finish(error: Error | undefined, message?: Extract<M, { kind: K }>): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('disconnect', onDisconnect);
      if (error) reject(error);
      else resolve(message as Extract<M, { kind: K }>);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.on('disconnect', onDisconnect);
  });
}

const COST_ANSWER_MS = 10_000;

/**
 * Opens (start) or closes (stop) a window of a child's cost (processCost.ts): the child reads its own CPU time and
 * heap, so the figures are its own accounting. Resolves with the cost on stop.
 */
export async function childCost(child: ChildProcess, action: 'start'): Promise<undefined>;
export async function childCost(child: ChildProcess, action: 'stop'): Promise<ProcessCost>;
export async function childCost(child: ChildProcess, action: CostRequest['action']): Promise<ProcessCost | undefined> {
  const reply = nextMessage<CostReply, 'cost'>(child, 'cost', COST_ANSWER_MS);
  tell(child, { kind: 'cost', action } satisfies CostRequest);
  const answer = await reply;
  if ('failed' in answer) throw new Error(`cost ${action} in child process ${child.pid}: ${answer.failed}`);
  return 'cost' in answer ? answer.cost : undefined;
}
