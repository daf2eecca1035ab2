/** @jest-environment node */
/**
 * The bridge terminating TLS itself (`tls: {certFile, keyFile}`), with certificates made for the test, and the
 * proxy addresses it believes (`trustProxy`): X-Forwarded-For from any other peer changes neither the per-address
 * limits nor the address the logs name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:https';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { resolveConfig, ConfigError } from '../../server/src/loadConfig';
import { textOf } from '../../server/src/http/frameText';
import { makeTestCertificates, type TestCertificates } from '../support/testCertificates';
import { BridgeKit } from './bridgeTestKit';

jest.setTimeout(30_000);

let certs: TestCertificates;
beforeAll(() => {
  certs = makeTestCertificates();
});

function problemsOf(settings: Record<string, unknown>): string[] {
  try {
    resolveConfig(settings);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => `${problem.key}: ${problem.message}`);
    throw error;
  }
}

describe('tls: the files are checked with the configuration', () => {
  test('a readable certificate with its own key passes', () => {
    expect(problemsOf({ tls: { certFile: certs.certFile, keyFile: certs.keyFile } })).toEqual([]);
  });

  test('an unreadable file, a file that is not PEM, and a key of another certificate are each named', () => {
    expect(problemsOf({ tls: { certFile: join(certs.dir, 'missing.pem'), keyFile: certs.keyFile } })).toEqual([expect.stringMatching(/^tls\.certFile: cannot read .*missing\.pem/)]);
    expect(problemsOf({ tls: { certFile: certs.keyFile, keyFile: certs.keyFile } })).toEqual([expect.stringMatching(/^tls\.certFile: .* holds no PEM certificate$/)]);
    expect(problemsOf({ tls: { certFile: certs.certFile, keyFile: certs.certFile } })).toEqual([expect.stringMatching(/^tls\.keyFile: .* holds no unencrypted PEM private key$/)]);
    expect(problemsOf({ tls: { certFile: certs.certFile, keyFile: certs.otherKeyFile } })).toEqual([
      `tls.keyFile: ${certs.otherKeyFile} is not the key of the certificate in ${certs.certFile}`,
    ]);
  });

  test('tls takes exactly certFile and keyFile', () => {
    expect(problemsOf({ tls: { certFile: certs.certFile } })).toEqual(['tls.keyFile: is required']);
    expect(problemsOf({ tls: { certFile: certs.certFile, keyFile: certs.keyFile, passphrase: 'x' } })).toEqual(['tls.passphrase: is not a known setting']);
  });
});

describe('tls: the bridge serves HTTPS and WSS itself', () => {
  const kit = new BridgeKit();
  afterEach(() => kit.cleanup());

  test('REST over https and the WebSocket over wss, trusted through the test CA', async () => {
    const bridge = await kit.start({ tls: { certFile: certs.certFile, keyFile: certs.keyFile } });
    expect(bridge.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${bridge.url}/healthz`, { ca: certs.caPem }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);

    const socket = new WebSocket(`${bridge.url.replace('https', 'wss')}/genesysWs`, { ca: certs.caPem });
    const first = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data: WebSocket.RawData) => resolve(textOf(data)));
      socket.once('error', reject);
    });
    socket.close();
    expect(JSON.parse(first)).toMatchObject({ eventName: 'EventRegistered', thisDN: '7001' });
  });

  test('a client that does not trust the certificate is refused the connection', async () => {
    const bridge = await kit.start({ tls: { certFile: certs.certFile, keyFile: certs.keyFile } });
    const failure = await new Promise<Error>((resolve) => {
      const req = request(`${bridge.url}/healthz`, (res) => res.resume());
      req.on('error', resolve);
      req.end();
    });
    expect(failure.message).toMatch(/self[- ]signed|unable to verify|certificate/i);
  });
});

describe('trustProxy: X-Forwarded-For only from the configured proxies', () => {
  const kit = new BridgeKit();
  afterEach(() => kit.cleanup());

  async function forwarded(url: string, client: string): Promise<number> {
    const response = await fetch(`${url}/genesys/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': client },
      body: JSON.stringify({ type: 'Ready' }),
    });
    await response.body?.cancel();
    return response.status;
  }

  test('from a peer that is not one of them, the header is ignored for the per-address limit', async () => {
    // The proxy is 10.0.0.5; this test's requests come from loopback, so they are the client's own.
    const bridge = await kit.start({ trustProxy: ['10.0.0.5', '10.1.0.0/16'], limits: { requestsPerMinutePerIp: 2 } });
    expect(await forwarded(bridge.url, '203.0.113.7')).toBe(200);
    expect(await forwarded(bridge.url, '203.0.113.8')).toBe(200);
    expect(await forwarded(bridge.url, '203.0.113.9')).toBe(429);
  });

  describe('and for the logs', () => {
    const children: ChildProcess[] = [];
    afterEach(() => {
      for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    });

    const { buildBridge } = createRequire(__filename)('../../scripts/build-bridge') as { buildBridge: () => Promise<string> };

    /** Runs the bundle with these settings, sends one forwarded request, and returns the addresses its request log names. */
    async function loggedAddresses(trustProxy: string[]): Promise<string[]> {
      const bundle = await buildBridge();
      const dir = mkdtempSync(join(tmpdir(), 'bridge-proxy-'));
      const configFile = join(dir, 'bridge.json');
      writeFileSync(configFile, JSON.stringify({ port: 0, trustProxy, logLevel: 'info' }));
      const child = spawn(process.execPath, [bundle, '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the bridge did not start: ${output}`)), 10_000);
        child.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      expect(await forwarded(url, '203.0.113.7')).toBe(200);
      // pino writes the response line once the reply is sent: wait for it rather than for a time.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no request log: ${output}`)), 5_000);
        const check = (): void => {
          if (output.includes('"request completed"')) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout?.on('data', check);
        check();
      });
      child.kill('SIGKILL');
      return output
        .split('\n')
        .filter((line) => line.includes('"incoming request"'))
        .map((line) => (JSON.parse(line) as { req: { remoteAddress: string } }).req.remoteAddress);
    }

    test('a request through an untrusted peer is logged with the peer\'s address, not the one it wrote', async () => {
      expect(await loggedAddresses(['10.0.0.5'])).toEqual(['127.0.0.1']);
    });

    test('a request through a trusted proxy is logged with the client the proxy names', async () => {
      expect(await loggedAddresses(['127.0.0.1'])).toEqual(['203.0.113.7']);
    });
  });
});
