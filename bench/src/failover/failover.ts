/**
 * Failover: the time from a SIGKILL of the bridge instance holding the toolbar to the toolbar connected again through
 * HAProxy to the other instance, with its snapshot. The measurement is test/vendor/genesysFailover.test.ts (two
 * bridges over the fake GWS behind Debian's HAProxy, the toolbar's core in jsdom); this step runs it with fewer kills
 * (FAILOVER_KILLS) and reads the figures it writes to test-results/failover.json. The test's own assertions still
 * hold: a run where a call was lost or doubled is a failure, not a figure.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../log';
import { BENCH_LOGS, PROJECT_ROOT } from '../paths';
import type { FailoverResults } from '../results';
import { rounded } from '../stats';

const TEST_FILE = 'test/vendor/genesysFailover.test.ts';
const RESULTS_FILE = join(PROJECT_ROOT, 'test-results', 'failover.json');

export interface FailoverOptions {
  readonly kills: number;
  readonly log: Log;
}

export async function benchFailover(options: FailoverOptions): Promise<FailoverResults> {
  mkdirSync(BENCH_LOGS, { recursive: true });
  const logFile = join(BENCH_LOGS, 'failover.log');
  options.log(`failover: ${options.kills} kills (jest ${TEST_FILE}; its output in ${logFile})`);
  const started = Date.now();
  const output = openSync(logFile, 'w');
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--runTestsByPath', TEST_FILE], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, FAILOVER_KILLS: String(options.kills) },
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  // Should the bench die first, the test (and the processes it stops in its afterAll) goes with it.
  const stopOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', stopOnExit);
  const code = await new Promise<number | string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? signal ?? 'unknown'));
  }).finally(() => process.off('exit', stopOnExit));
  if (code !== 0) {
    const tail = readFileSync(logFile, 'utf8').slice(-4000).trim();
    throw new Error(`failover: the test failed (exit ${code}); its output in ${logFile}:\n${tail}`);
  }
  if ((statSync(RESULTS_FILE, { throwIfNoEntry: false })?.mtimeMs ?? 0) < started) throw new Error(`failover: the test passed but wrote no ${RESULTS_FILE}`);
  return figuresOf(JSON.parse(readFileSync(RESULTS_FILE, 'utf8')), options.kills);
}

/** test-results/failover.json's figures, checked: a file of another shape says so rather than reporting nonsense. */
export function figuresOf(json: unknown, kills: number): FailoverResults {
  const file = json as { seed?: unknown; kills?: unknown; recoveryMs?: { p50?: unknown; p99?: unknown; max?: unknown } };
  const number = (value: unknown, name: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`failover: ${RESULTS_FILE}: ${name} must be a number, not ${JSON.stringify(value)}`);
    return value;
  };
  if (number(file?.kills, 'kills') !== kills) throw new Error(`failover: ${RESULTS_FILE} reports ${String(file.kills)} kills, not the ${kills} asked`);
  return {
    kills,
    seed: number(file.seed, 'seed'),
    recoveryP50Ms: rounded(number(file.recoveryMs?.p50, 'recoveryMs.p50')),
    recoveryP99Ms: rounded(number(file.recoveryMs?.p99, 'recoveryMs.p99')),
    recoveryMaxMs: rounded(number(file.recoveryMs?.max, 'recoveryMs.max')),
  };
}
