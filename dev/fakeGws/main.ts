/**
 * Runs the fake GWS as a process (bundled by scripts/build-fake-gws.js):
 *   node dev/fakeGws/dist/fakeGws.js [--port 7777] [--config fake-gws.json] [--redirect-uri URI]... [--outbound-auto-answer-ms 5000]
 * --config names a JSON file of FakeGwsOptions (agents, clients, apiKey, tokenLifetimeSeconds, ...); --redirect-uri
 * registers redirect URIs for the default OAuth client. Prints one line per event; stops on SIGINT or SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_CLIENT, type FakeGwsOptions } from './config';
import { startFakeGws } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '7777' },
      config: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'outbound-auto-answer-ms': { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  const fromFile = values.config ? (JSON.parse(readFileSync(values.config, 'utf8')) as FakeGwsOptions) : {};
  const redirectUris = values['redirect-uri'] ?? [];
  const options: FakeGwsOptions = {
    ...fromFile,
    port,
    ...(redirectUris.length > 0 && !fromFile.clients ? { clients: [{ ...DEFAULT_CLIENT, redirectUris }] } : {}),
    ...(values['outbound-auto-answer-ms'] !== undefined ? { outboundAutoAnswerMs: Number(values['outbound-auto-answer-ms']) } : {}),
    log: (line) => console.log(`fake-gws: ${line}`),
  };
  const fake = await startFakeGws(options);
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`fake-gws: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
