/**
 * The loopback addresses a load clients' process connects from. The servers listen on 127.0.0.1; a client's socket
 * takes a port of its source address for as long as it is open, and for a minute after it closes (TIME_WAIT), from
 * net.ipv4.ip_local_port_range (32768–60999 by default: 28,232 ports). One source address therefore runs out near
 * 28,000 sessions, fewer while an earlier run's closed sockets still wait. Linux routes all of 127.0.0.0/8 to the
 * loopback interface, so a client may bind any address in it as its source (`localAddress`): a process of more
 * sessions than UNBOUND_AT_MOST spreads them round robin over several, at most SESSIONS_PER_ADDRESS on each, each
 * address fresh (127.0.1.1, 127.0.1.2, … in the order handed out), so that no other process of the run, and no run
 * before it, holds ports there.
 *
 * A bound address has its 28,232 ports, but hands them out quickly only up to about a quarter of them: a bind to port
 * 0 (as Node binds for `localAddress`, with SO_REUSEADDR) searches the odd ports of the range's lower half first, then
 * the rest, port by port. Measured here, 64 connections at a time from one address: 6,000 to 12,000 a second up to
 * 7,000 sockets, about 300 a second beyond, the kernel's search taking the time (as system CPU). Hence 5,000 an
 * address, well inside that quarter.
 *
 * A port bound on any address is one the system no longer picks for a connection that leaves it the choice, whatever
 * that connection's addresses: with 15,000 sockets bound on 127.0.1.1, another process's connections to 127.0.0.1
 * got 13,232 ports here (28,232 − 15,000), for as long as those sockets were open or waited. So once one process of
 * a run has bound its sources, every later one binds too, from one fresh address if one is enough: a step of 5,000
 * after one of 20,000 would otherwise find few ports left. Until then, and in a run of no larger step, the clients
 * connect as they always have, from the address the system picks (127.0.0.1), on any platform.
 */
import { createServer } from 'node:net';

/**
 * Up to this many sessions a process connects from 127.0.0.1 without binding, as the bench always has: the system
 * then picks among the whole range for each destination (6,000 to 12,000 connections a second to 10,000 here).
 */
export const UNBOUND_AT_MOST = 10_000;
/** Sessions per bound source address: within the quarter of its ports a bind hands out quickly (above). */
export const SESSIONS_PER_ADDRESS = 5000;

/** Addresses handed out so far in this process: the next one is fresh. */
let handedOut = 0;
/** Whether a load clients' process of this run has bound its sources: every later one does. */
let binding = false;

/** The k-th address handed out: 127.0.1.1 onwards, 254 a block (127.0.0.0/24 left to the system and the servers). */
export function loopbackAddress(k: number): string {
  return `127.0.${1 + Math.floor(k / 254)}.${1 + (k % 254)}`;
}

/**
 * The source addresses for a process of `sessions` load clients: as many fresh ones as it takes, SESSIONS_PER_ADDRESS
 * a piece; none (the system's choice) while no process of the run has had more than UNBOUND_AT_MOST.
 */
export function sourceAddressesFor(sessions: number): string[] {
  if (sessions > UNBOUND_AT_MOST) binding = true;
  if (!binding) return [];
  const count = Math.ceil(sessions / SESSIONS_PER_ADDRESS);
  const addresses = Array.from({ length: count }, (_, index) => loopbackAddress(handedOut + index));
  handedOut += count;
  return addresses;
}

/** Session i's source address, round robin; undefined (the system's choice) when there are none. */
export function sourceAddressOf(addresses: readonly string[], index: number): string | undefined {
  return addresses.length === 0 ? undefined : addresses[index % addresses.length];
}

/**
 * Resolves if each address can be bound on this machine; rejects naming one that cannot (EADDRNOTAVAIL: another
 * system than Linux, where only 127.0.0.1 is local unless the others are added to the loopback interface).
 */
export async function checkLocal(addresses: readonly string[]): Promise<void> {
  for (const address of addresses) {
    await new Promise<void>((resolve, reject) => {
      const server = createServer();
      server.once('error', (error) =>
        reject(new Error(`the load clients cannot connect from ${address}: ${error.message} (Linux routes all of 127.0.0.0/8 to loopback; elsewhere add it to the loopback interface)`, { cause: error })),
      );
      server.listen(0, address, () => server.close(() => resolve()));
    });
  }
}

/** The addresses as the log says them: "127.0.1.1–127.0.1.2", or "127.0.0.1" for the system's choice. */
export function describeAddresses(addresses: readonly string[]): string {
  if (addresses.length === 0) return '127.0.0.1';
  return addresses.length === 1 ? addresses[0] : `${addresses[0]}–${addresses[addresses.length - 1]}`;
}
