/**
 * The fake GWS: one node:http server on loopback serving Genesys' Authentication API (/auth/v3), the Workspace API
 * (/workspace/v3, CometD at /workspace/v3/notifications) and the fake's own control API (/fake-gws/control).
 * A test oracle for the bridge's workspace backend: it offers what Genesys documents for GWS 9, and says in
 * comments where it chose, and where Genesys' Agent API Simulator behaves otherwise. See README.md, "Fake GWS".
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthServer } from './auth';
import { resolveConfig, type FakeGwsConfig, type FakeGwsOptions } from './config';
import { Control, CONTROL_PREFIX } from './control';
import { applyLoopbackCors } from './cors';
import { HttpError, sendJson } from './http';
import { apiError } from './payloads';
import { Workspace } from './workspace';

export interface FakeGws {
  /** http://host:port, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly config: FakeGwsConfig;
  close(): Promise<void>;
}

export async function startFakeGws(options: FakeGwsOptions = {}): Promise<FakeGws> {
  const config = resolveConfig(options);
  const auth = new AuthServer(config);
  const workspace = new Workspace(config, auth);
  const control = new Control(config, auth, workspace);

  const server: Server = createServer((req, res) => void handle(req, res));
  // CometD holds a long poll for cometdTimeoutMs; node must not cut it first.
  server.requestTimeout = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-gws');
    const area = url.pathname.startsWith('/auth/') ? 'auth' : url.pathname.startsWith(CONTROL_PREFIX) ? 'control' : 'workspace';
    try {
      if (area === 'control') {
        if (applyLoopbackCors(req, res)) return;
        return await control.handle(req, res, url);
      }
      // Genesys' cloud puts its APIs behind a gateway that wants the API key in x-api-key (Genesys' clients send it).
      if (config.apiKey !== null && req.headers['x-api-key'] !== config.apiKey) throw new HttpError(403, 'Forbidden: x-api-key is missing or wrong');
      if (await auth.handle(req, res, url)) return;
      if (await workspace.handle(req, res, url)) return;
      throw new HttpError(404, `${url.pathname} is not part of this fake`);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : 'internal error of the fake GWS';
      if (!(error instanceof HttpError)) config.log(`${req.method} ${url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      req.resume();
      if (area === 'auth') sendJson(res, status, { error: status === 401 ? 'unauthorized' : 'invalid_request', error_description: message });
      else if (area === 'control') sendJson(res, status, { error: message });
      else sendJson(res, status, apiError(status, message));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '::1' ? '[::1]' : config.host;
  config.log(`fake GWS listening on http://${host}:${port}`);

  return {
    url: `http://${host}:${port}`,
    port,
    config,
    close: async () => {
      workspace.close();
      auth.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
