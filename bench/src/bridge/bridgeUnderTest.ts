/**
 * The bridge under load: N agents (agent i has DN 100000 + i) in secure mode, so every session signs in with a
 * token as real agents do, from one allowed origin; the simulator as its backend. Also reads its resident memory.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import { launchBridge, type BridgeProcess } from '../bridgeProcess';
import { BENCH_LOGS } from '../paths';

export interface BridgeSetup {
  readonly agents: number;
  /** The public key the agents' tokens are signed with. */
  readonly publicJwk: JWK;
  readonly origin: string;
  readonly nodeFlags: readonly string[];
}

export function startBridgeUnderTest(bundle: string, setup: BridgeSetup): Promise<BridgeProcess> {
  mkdirSync(BENCH_LOGS, { recursive: true });
  const configFile = join(BENCH_LOGS, `bridge-${setup.agents}.json`);
  writeFileSync(configFile, JSON.stringify(configFor(setup)));
  return launchBridge(bundle, { name: String(setup.agents), args: ['--config', configFile], nodeFlags: setup.nodeFlags });
}

function configFor(setup: BridgeSetup): Record<string, unknown> {
  const agents: Record<string, { dn: string }> = {};
  for (let index = 0; index < setup.agents; index += 1) agents[`agent${index}`] = { dn: String(100_000 + index) };
  return {
    mode: 'secure',
    agents,
    devAgent: 'agent0',
    allowedOrigins: [setup.origin],
    auth: { jwks: { keys: [setup.publicJwk] }, agentClaim: 'sub' },
    simulator: { ringTimeoutMs: 30_000, dialTimeoutMs: 30_000 },
    logLevel: 'warn',
  };
}

/** Resident set size in KiB (ps reports it so on Linux and macOS). */
export async function residentKiB(pid: number): Promise<number> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'rss=', '-p', String(pid)]);
  const kib = Number(stdout.trim());
  if (!Number.isFinite(kib) || kib <= 0) throw new Error(`cannot read the resident memory of process ${pid}: ps said "${stdout.trim()}"`);
  return kib;
}
