/**
 * The ports the end-to-end benchmark serves on: its own, so that a developer's `npm start` (8000/8087) and the browser
 * tests (8123/8124) can run beside it.
 */
import { createServer } from 'node:net';

export interface BenchPorts {
  /** `ojet serve`: the Fusion simulator page and the toolbar. */
  readonly serve: number;
  /** The Genesys bridge that `ojet serve`'s before_serve hook starts. */
  readonly bridge: number;
}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`end to end: ${name} must be a port number (1-65535), not "${raw}"`);
  return port;
}

export function benchPorts(): BenchPorts {
  const ports = { serve: portFromEnv('BENCH_PORT', 8143), bridge: portFromEnv('BENCH_BRIDGE_PORT', 8144) };
  if (ports.serve === ports.bridge) throw new Error(`end to end: BENCH_PORT and BENCH_BRIDGE_PORT are both ${ports.serve}; they need two ports`);
  return ports;
}

/** Binding is the sure test: a server on 0.0.0.0 or 127.0.0.1 (or one that answers nothing yet) makes it fail. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * Resolves once both ports are free again, or after `timeoutMs` (whoever starts next then says what holds them): a
 * process group killed with SIGKILL lets go of its listening sockets only once the kernel has reaped each process.
 */
export async function portsReleased(ports: BenchPorts, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!((await isFree(ports.serve)) && (await isFree(ports.bridge))) && Date.now() < deadline) {
    await new Promise((wake) => setTimeout(wake, 250));
  }
}

/** Refuses to start over anything already listening, rather than measuring someone else's server. */
export async function assertPortsFree(ports: BenchPorts): Promise<void> {
  for (const [port, variable] of [
    [ports.serve, 'BENCH_PORT'],
    [ports.bridge, 'BENCH_BRIDGE_PORT'],
  ] as const) {
    if (!(await isFree(port))) throw new Error(`end to end: port ${port} is already in use (a bench left running?); stop what uses it or set ${variable} to a free port`);
  }
}
