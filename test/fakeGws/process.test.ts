/** @jest-environment node */
/**
 * The fake GWS as a process: scripts/build-fake-gws.js bundles dev/fakeGws/main.ts, scripts/start-fake-gws.js runs
 * it on loopback, a --config file sets its agents and OAuth clients, and SIGTERM stops it with exit code 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Plain Node scripts with no type declarations.
const scripts = createRequire(__filename);
const { startFakeGwsProcess } = scripts('../../scripts/start-fake-gws') as {
  startFakeGwsProcess: (options: { port?: number; args?: string[] }) => Promise<{ url: string; stop: () => Promise<number | null> }>;
};
const { buildFakeGws } = scripts('../../scripts/build-fake-gws') as { buildFakeGws: () => Promise<string> };

jest.setTimeout(60_000);

function configFile(options: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'fake-gws-')), 'fake-gws.json');
  writeFileSync(path, JSON.stringify(options));
  return path;
}

test('runs on the port given, with the agents and clients of its --config file, and exits 0 on SIGTERM', async () => {
  const config = configFile({
    agents: [{ userName: 'carol', dn: '7101' }],
    clients: [{ clientId: 'toolbar', clientSecret: 's3cret', redirectUris: ['http://127.0.0.1:9/cb'], grantTypes: ['authorization_code'] }],
  });
  const fake = await startFakeGwsProcess({ port: 0, args: ['--config', config] });
  try {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const agents = (await (await fetch(`${fake.url}/fake-gws/control/agents`)).json()) as { userName: string; dn: string; place: string }[];
    expect(agents.map(({ userName, dn, place }) => ({ userName, dn, place }))).toEqual([{ userName: 'carol', dn: '7101', place: 'Place_7101' }]);
    const form = await fetch(`${fake.url}/auth/v3/oauth/authorize?client_id=toolbar&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/cb')}&response_type=code`);
    expect(form.status).toBe(200);
  } finally {
    expect(await fake.stop()).toBe(0);
  }
});

test('refuses a configuration a Configuration Server would not hold, naming the key, with exit code 1', async () => {
  const bundle = await buildFakeGws();
  const config = configFile({ agents: [{ userName: 'a', dn: '7001' }, { userName: 'b', dn: '7001' }] });
  const run = spawnSync(process.execPath, [bundle, '--port', '0', '--config', config], { encoding: 'utf8', timeout: 20_000 });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('agents[1].dn: "7001" is already agents[0]\'s');
});
