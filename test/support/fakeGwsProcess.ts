/**
 * The fake GWS (dev/fakeGws) in a process of its own, as a real GWS is to the bridges: scripts/start-fake-gws.js
 * bundles and starts it on a free loopback port with the options given (written to its --config file); its lines
 * are kept, to show when a test fails, rather than printed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeGwsOptions } from '../../dev/fakeGws/config';

// A plain Node script with no type declarations.
const { startFakeGwsProcess } = createRequire(__filename)('../../scripts/start-fake-gws') as {
  startFakeGwsProcess: (options: { port: number; args: string[]; output: { write(text: string): unknown } }) => Promise<{ url: string; stop: () => Promise<number | null> }>;
};

export interface FakeGwsProcess {
  readonly url: string;
  /** Everything it printed since it listened. */
  output(): string;
  /** SIGTERM; resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Starts it; `log` is the process's own (one line per event on its output). */
export async function runFakeGws(options: Omit<FakeGwsOptions, 'log' | 'port'>): Promise<FakeGwsProcess> {
  const config = join(mkdtempSync(join(tmpdir(), 'fake-gws-')), 'fake-gws.json');
  writeFileSync(config, JSON.stringify(options));
  let output = '';
  const fake = await startFakeGwsProcess({ port: 0, args: ['--config', config], output: { write: (text: string) => (output += text) } });
  return { url: fake.url, output: () => output, stop: fake.stop };
}
