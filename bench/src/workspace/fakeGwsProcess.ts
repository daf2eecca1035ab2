/**
 * The fake GWS (dev/fakeGws) as the workspace step runs it: its own process, started by scripts/start-fake-gws.js
 * with a configuration of N agents (agent i: user `agent${i}`, DN 100000 + i, password the user name, as the fake's
 * defaults make it) and an OAuth client allowed the password grant, through which the bench's agents sign in.
 */
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { stopProcess } from '../bridgeProcess';
import { BENCH_LOGS, PROJECT_ROOT } from '../paths';

export const BENCH_CLIENT = { clientId: 'bench', clientSecret: 'bench-secret' } as const;

export interface FakeGwsProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

interface Started {
  readonly url: string;
  readonly child: ChildProcess & { stdout: NodeJS.ReadableStream };
}

export async function startBenchFakeGws(agents: number): Promise<FakeGwsProcess> {
  mkdirSync(BENCH_LOGS, { recursive: true });
  const configFile = join(BENCH_LOGS, `fake-gws-${agents}.json`);
  writeFileSync(
    configFile,
    JSON.stringify({
      agents: Array.from({ length: agents }, (_, index) => ({ userName: `agent${index}`, dn: String(100_000 + index) })),
      clients: [{ ...BENCH_CLIENT, redirectUris: [], grantTypes: ['password'] }],
    }),
  );
  // At run time, from the project: the script builds the fake's bundle from its own location.
  const { startFakeGwsProcess } = createRequire(join(PROJECT_ROOT, 'package.json'))('./scripts/start-fake-gws.js') as {
    startFakeGwsProcess: (options: { port: number; args: string[] }) => Promise<Started>;
  };
  const fake = await startFakeGwsProcess({ port: 0, args: ['--config', configFile] });
  // The script passes the fake's lines on to this process's stdout, which carries only the results table: they go to
  // a log file instead (its other listener only looked for the line saying where the fake listens, seen by now).
  fake.child.stdout.removeAllListeners('data');
  fake.child.stdout.pipe(createWriteStream(join(BENCH_LOGS, `fake-gws-${agents}.log`)));
  // Should the bench die before it stops the fake, the fake goes with it.
  const killOnExit = (): void => {
    fake.child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  fake.child.once('exit', () => process.off('exit', killOnExit));
  return {
    url: fake.url,
    pid: fake.child.pid as number,
    // SIGTERM, then SIGKILL should it linger.
    stop: () => stopProcess(fake.child),
  };
}
