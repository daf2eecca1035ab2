/**
 * The bundled bridge (scripts/build-bridge.js → server/dist/bridge.js) as a process of its own, as `npm start` and a
 * site run it: its output kept, its exit awaited, its address read from pino's "Server listening at …" line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A plain Node script with no type declarations.
const { buildBridge: build } = createRequire(__filename)('../../scripts/build-bridge') as { buildBridge: () => Promise<string> };

const STARTUP_MS = 10_000;

export interface BridgeProcess {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}

/** Builds the bundle; resolves with its path. */
export function buildBridgeBundle(): Promise<string> {
  return build();
}

/** Processes started, so that a test's afterEach can kill what is left. */
const started: ChildProcess[] = [];

export function runBridge(bundle: string, args: string[]): BridgeProcess {
  const child = spawn(process.execPath, [bundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Kills every bridge process still running (SIGKILL: a test that wanted a clean exit has awaited it). */
export function killBridges(): void {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Resolves the URL from pino's "Server listening at …" line; rejects if the process exits (or is killed) first. */
export function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the bridge did not start: ${seen}`)), STARTUP_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the bridge exited before it listened (${signal ?? `code ${code}`}): ${seen}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
}

/** Writes a bridge configuration file (what --config reads) in a directory of its own; resolves its path. */
export function writeBridgeConfig(config: Readonly<Record<string, unknown>>): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bridge-config-')), 'bridge.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** Runs the bundle on 127.0.0.1:`port` with a configuration file, and resolves once it listens. */
export async function startBridgeProcess(bundle: string, port: number, config: string): Promise<BridgeProcess> {
  const bridge = runBridge(bundle, ['--port', String(port), '--config', config]);
  await listeningUrl(bridge.child);
  return bridge;
}
