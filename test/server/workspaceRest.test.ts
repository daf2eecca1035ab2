/** @jest-environment node */
/**
 * The Workspace backend's REST client and what the bridge makes of a GWS that answers badly or not at all, against a
 * plain HTTP server on loopback that answers as told (no CometD: these failures come before any notification).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { BRIDGE_PROTOCOL, CLOSE_CODES, TOKEN_PROTOCOL_PREFIX } from '../../protocol/bridgeProtocol';
import { startBridge, type Bridge } from '../../server/src/app';
import { CookieJar } from '../../server/src/backend/workspace/cookieJar';
import { GwsRequestError } from '../../server/src/backend/workspace/gwsFailures';
import { GwsRest } from '../../server/src/backend/workspace/gwsRest';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A loopback HTTP server answering with the handler of the moment; remembers each request's path and headers. */
class AnsweringServer {
  handler: Handler = (_request, response) => response.end('{}');
  readonly seen: { readonly url: string; readonly headers: IncomingMessage['headers'] }[] = [];
  private readonly server: Server = createServer((request, response) => {
    this.seen.push({ url: request.url ?? '', headers: request.headers });
    this.handler(request, response);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

let gws: AnsweringServer;
let baseUrl: string;
beforeEach(async () => {
  gws = new AnsweringServer();
  baseUrl = await gws.start();
});
afterEach(() => gws.stop());

function failureOf(promise: Promise<unknown>): Promise<GwsRequestError> {
  return promise.then(
    () => {
      throw new Error('the request succeeded');
    },
    (error: unknown) => {
      if (!(error instanceof GwsRequestError)) throw error;
      return error;
    },
  );
}

describe('GwsRest', () => {
  const rest = (jar = new CookieJar(), timeoutMs = 2000) => new GwsRest({ baseUrl, timeoutMs, jar, headers: () => ({ Authorization: 'Bearer t0ken' }) });

  test('sends the credentials and the jar\'s cookies, keeps the cookies GWS sets, and resolves the JSON answer', async () => {
    const jar = new CookieJar();
    gws.handler = (_request, response) => {
      response.setHeader('Set-Cookie', ['WORKSPACE_SESSIONID=s1; Path=/; HttpOnly', 'BAYEUX_BROWSER=b1']);
      response.end('{"status":{"code":1}}');
    };
    expect(await rest(jar).call('ready', 'POST', '/voice/ready', {})).toEqual({ status: { code: 1 } });
    expect(jar.header()).toBe('WORKSPACE_SESSIONID=s1; BAYEUX_BROWSER=b1');

    await rest(jar).call('ready', 'POST', '/voice/ready', {});
    expect(gws.seen[1]).toMatchObject({ url: '/workspace/v3/voice/ready', headers: { authorization: 'Bearer t0ken', cookie: 'WORKSPACE_SESSIONID=s1; BAYEUX_BROWSER=b1' } });
  });

  test('each jar is one agent\'s: another agent\'s requests carry none of its cookies', async () => {
    gws.handler = (_request, response) => {
      response.setHeader('Set-Cookie', 'WORKSPACE_SESSIONID=agent1');
      response.end('{}');
    };
    await rest(new CookieJar()).call('initialize-workspace', 'POST', '/initialize-workspace');
    gws.handler = (_request, response) => response.end('{}');
    await rest(new CookieJar()).call('initialize-workspace', 'POST', '/initialize-workspace');
    expect(gws.seen[1]?.headers.cookie).toBeUndefined();
  });

  test('a cookie GWS expires leaves the jar', () => {
    const jar = new CookieJar();
    jar.store('WORKSPACE_SESSIONID=s1');
    jar.store('WORKSPACE_SESSIONID=; Max-Age=0');
    expect(jar.header()).toBeUndefined();
  });

  test.each<[string, Handler, Record<string, unknown>]>([
    ['an answer that is not JSON', (_request, response) => response.end('<html>sign in</html>'), { kind: 'notJson', status: 200 }],
    ['401 with GWS\'s JSON status', (_request, response) => response.writeHead(401).end('{"status":{"code":401,"message":"Unauthorized"}}'), { kind: 'http', status: 401, message: 'Unauthorized' }],
    ['500 in plain text (Genesys\' simulator, unknown call)', (_request, response) => response.writeHead(500).end('Call with 00 id does not exist for JohnSmith'), { kind: 'http', status: 500, message: 'Call with 00 id does not exist for JohnSmith' }],
    ['501 without a body', (_request, response) => response.writeHead(501).end(), { kind: 'http', status: 501 }],
    ['a refusal in a 200', (_request, response) => response.end('{"status":{"code":12,"message":"Invalid state"}}'), { kind: 'refused', code: 12, message: 'Invalid state' }],
    ['an answer that never comes', () => undefined, { kind: 'timeout', ms: 300 }],
  ])('%s fails typed, naming the operation', async (_what, handler, failure) => {
    gws.handler = handler;
    const error = await failureOf(rest(new CookieJar(), 300).call('answer', 'POST', '/voice/calls/00/answer', {}));
    expect(error.operation).toBe('answer');
    expect(error.failure).toEqual(failure);
    expect(error.message).not.toMatch(/t0ken/);
  });

  test('a kept-alive connection GWS drops as a request goes out on it: the request is sent again on another, and succeeds', async () => {
    // The race Node's documentation describes (https://nodejs.org/api/http.html#requestreusedsocket): the server
    // closes an idle kept-alive connection just as the client reuses it, and the request meets a reset. Here the
    // server resets the connection at its second request, unanswered; GWS under load did so to an agent's answer.
    const requestsOn = new Map<unknown, number>();
    gws.handler = (request, response) => {
      const count = (requestsOn.get(request.socket) ?? 0) + 1;
      requestsOn.set(request.socket, count);
      if (count === 2) request.socket.resetAndDestroy();
      else response.end('{"status":{"code":1}}');
    };
    const agent = rest();
    expect(await agent.call('ready', 'POST', '/voice/ready', {})).toEqual({ status: { code: 1 } });
    expect(await agent.call('answer', 'POST', '/voice/calls/00/answer', {})).toEqual({ status: { code: 1 } });
    expect(gws.seen.map((seen) => seen.url)).toEqual(['/workspace/v3/voice/ready', '/workspace/v3/voice/calls/00/answer', '/workspace/v3/voice/calls/00/answer']);
  });

  test('a reset on a new connection is not sent again: GWS is unreachable', async () => {
    gws.handler = (request) => request.socket.resetAndDestroy();
    const error = await failureOf(rest().call('answer', 'POST', '/voice/calls/00/answer', {}));
    expect(error.failure).toMatchObject({ kind: 'unreachable', detail: 'ECONNRESET' });
    expect(gws.seen).toHaveLength(1);
  });

  test('a GWS that cannot be reached fails as unreachable', async () => {
    const error = await failureOf(new GwsRest({ baseUrl: await closedPort(), timeoutMs: 2000, jar: new CookieJar(), headers: () => ({}) }).call('ready', 'POST', '/voice/ready', {}));
    expect(error.failure).toMatchObject({ kind: 'unreachable', detail: 'ECONNREFUSED' });
  });
});

describe('the bridge over a GWS that answers badly', () => {
  let bridge: Bridge | undefined;
  afterEach(async () => {
    await bridge?.close();
    bridge = undefined;
  });

  /** The bridge's log lines, as an operator reads them. */
  let logLines: string[] = [];

  async function workspaceBridge(url: string): Promise<Bridge> {
    logLines = [];
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString().split('\n').filter((line) => line !== ''));
        done();
      },
    });
    bridge = await startBridge(
      { port: 0, logLevel: 'info', mode: 'secure', backend: 'workspace', workspace: { baseUrl: url, requestTimeoutMs: 1000, cometdTimeoutMs: 2000 } },
      { logStream },
    );
    return bridge;
  }

  /** Opens a session presenting the credentials; resolves how the bridge closed it. */
  async function refusedSession(target: Bridge, credentials: string): Promise<{ code: number; reason: string }> {
    const socket = new WebSocket(`${target.url.replace(/^http/, 'ws')}/genesysWs`, [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + credentials]);
    return new Promise((resolve) => socket.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
  }

  async function post(target: Bridge, credentials: string | undefined): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${target.url}/genesys/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(credentials === undefined ? {} : { Authorization: `Bearer ${credentials}` }) },
      body: JSON.stringify({ type: 'Ready' }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function readiness(target: Bridge): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${target.url}/readyz`);
    return { status: response.status, body: await response.json() };
  }

  test('GWS down at start: not ready, saying why; a session is refused as "try again later" (4005), a command 503', async () => {
    const target = await workspaceBridge(await closedPort());
    const ready = await waitUntil(() => readiness(target), (answer) => answer.status === 503);
    expect(ready.body).toEqual({ status: 'not ready', reason: 'Genesys Web Services cannot be reached' });

    const closed = await refusedSession(target, 'agent-token');
    expect(closed.code).toBe(CLOSE_CODES.keysUnavailable);
    // GWS's address and the network error are the operator's to read (the log), not the client's.
    expect(closed.reason).toBe("cannot open the agent's Genesys session now; try again later");
    expect(await post(target, 'agent-token')).toMatchObject({ status: 503, body: { errorCode: 'LINK_DOWN' } });
  });

  test('GWS refuses the agent\'s token (401): the session is refused as a token to renew (4004), a command 401', async () => {
    gws.handler = (_request, response) => response.writeHead(401).end('{"status":{"code":401,"message":"Invalid token"}}');
    const target = await workspaceBridge(baseUrl);

    const closed = await refusedSession(target, 'expired-token');

    expect(closed.code).toBe(CLOSE_CODES.tokenRefused);
    expect(closed.reason).toMatch(/Genesys refused the agent's credentials/);
    expect(await post(target, 'expired-token')).toMatchObject({ status: 401, body: { errorCode: 'UNAUTHORIZED' } });
    expect(gws.seen.map((request) => request.headers.authorization)).toContain('Bearer expired-token');
  });

  test('GWS answers initialize-workspace with something that is not JSON: refused as "try again later"; the log says why, the client is not told', async () => {
    gws.handler = (_request, response) => response.end('<html>maintenance</html>');
    const target = await workspaceBridge(baseUrl);

    const closed = await refusedSession(target, 'agent-token');

    expect(closed.code).toBe(CLOSE_CODES.keysUnavailable);
    expect(closed.reason).toBe("cannot open the agent's Genesys session now; try again later");
    const refusal = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.msg === 'token refused');
    expect(refusal).toMatchObject({ reason: 'backend_unavailable', detail: expect.stringMatching(/not JSON/) });
    expect(logLines.join('\n')).not.toContain('agent-token');
  });

  test('without credentials a session or command is refused: the workspace backend has no token-less client', async () => {
    const target = await workspaceBridge(baseUrl);
    expect(await post(target, undefined)).toMatchObject({ status: 401, body: { errorCode: 'UNAUTHORIZED', errorMessage: expect.stringMatching(/sign in with Genesys/) } });
    expect(gws.seen.filter((request) => request.url.includes('initialize-workspace'))).toEqual([]);
  });
});

/** Asks until the answer satisfies the condition (GWS's reachability is learnt asynchronously); 5 s at most. */
async function waitUntil<T>(ask: () => Promise<T>, done: (answer: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const answer = await ask();
    if (done(answer) || Date.now() > deadline) return answer;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
