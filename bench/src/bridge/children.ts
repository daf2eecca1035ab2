/** The bench's child processes: forked from bench/dist, tracked so that every one is stopped, whatever happens. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIST } from '../paths';
import { nextMessage, tell, type Connected, type FromClients, type ToClients } from './ipc';
import { checkLocal, sourceAddressesFor } from './sourceAddresses';

/** Generous: 10,000 sessions sign in within seconds on two cores. */
const CONNECT_TIMEOUT_MS = 300_000;
const ANSWER_TIMEOUT_MS = 60_000;

export function forkChild(entry: 'loadClients' | 'baselineServer' | 'workspaceClients', processes: ChildProcess[]): ChildProcess {
  const child = fork(join(BENCH_DIST, `${entry}.js`), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // A send to a child that died emits 'error'; the waiting side reports it (nextMessage rejects), so it is not fatal here.
  child.on('error', (error) => process.stderr.write(`bench: ${entry} (pid ${child.pid}): ${error.message}\n`));
  processes.push(child);
  return child;
}

/**
 * Opens the sessions of a load clients' process: from 127.0.0.1, or, for more than one source address can hold, from
 * several fresh loopback addresses (sourceAddresses.ts). Resolves once all are open (or failed), with the addresses.
 */
export async function connect(
  clients: ChildProcess,
  url: string,
  agents: number,
  mode: Extract<ToClients, { kind: 'connect' }>['mode'],
  slow = 0,
): Promise<Connected & { readonly sourceAddresses: readonly string[] }> {
  const sourceAddresses = sourceAddressesFor(agents);
  await checkLocal(sourceAddresses);
  const connected = nextMessage<FromClients, 'connected'>(clients, 'connected', CONNECT_TIMEOUT_MS);
  tell(clients, { kind: 'connect', url, agents, mode, slow, sourceAddresses } satisfies ToClients);
  return { ...(await connected), sourceAddresses };
}

export function ask<K extends FromClients['kind']>(clients: ChildProcess, message: ToClients, answer: K): Promise<Extract<FromClients, { kind: K }>> {
  const reply = nextMessage<FromClients, K>(clients, answer, ANSWER_TIMEOUT_MS);
  tell(clients, message);
  return reply;
}
