/**
 * The reconnecting socket against a real WebSocket server on loopback (ws), through jsdom's real WebSocket.
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { WebSocketServer, WebSocket as ServerSocket } from 'ws';
import type { IncomingMessage } from 'http';
import { inEnglish, say, saidAs } from '../../src/ts/cti/core/agentMessages';
import { VendorError } from '../../src/ts/cti/core/errors';
import { BridgeSocket, SocketLoss, backoffDelay } from '../../src/ts/cti/vendor/genesys/bridgeSocket';
import { CLOSE_CODES } from '../../protocol/bridgeProtocol';

describe('backoffDelay', () => {
  it.each([
    [1, 0, 50],
    [1, 0.999999, 100],
    [2, 0, 100],
    [3, 0.5, 300],
    [4, 0, 400],
    [5, 0, 500],
    [6, 0.999999, 1000], // capped at the maximum
    [60, 0, 500], // no overflow, however long the outage
  ])('failure %i with random %f waits %i ms (min 100, max 1000)', (failures, random, expected) => {
    expect(backoffDelay(failures, 100, 1000, () => random)).toBe(expected);
  });
});

type Happening =
  | { kind: 'opened'; session: number }
  | { kind: 'message'; data: unknown; session: number }
  | { kind: 'lost'; loss: SocketLoss }
  | { kind: 'retrying' };

describe('BridgeSocket', () => {
  let server: WebSocketServer;
  let url: string;
  const offered: string[][] = [];
  const serverSockets: ServerSocket[] = [];
  let socket: BridgeSocket | null = null;

  beforeEach(async () => {
    offered.length = 0;
    serverSockets.length = 0;
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (protocols) => (protocols.has('test.v1') ? 'test.v1' : false) });
    server.on('connection', (ws: ServerSocket, request: IncomingMessage) => {
      offered.push(String(request.headers['sec-websocket-protocol'] ?? '').split(/, */));
      serverSockets.push(ws);
      ws.send(`hello ${serverSockets.length}`);
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });

  afterEach(async () => {
    socket?.close();
    socket = null;
    for (const ws of server.clients) ws.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Starts a socket; `happened` records everything, `until` waits (bounded) for a happening. */
  function open(prepare: () => Promise<readonly string[]> = async () => ['test.v1']) {
    const happened: Happening[] = [];
    const waiters = new Set<() => void>();
    const note = (h: Happening) => {
      happened.push(h);
      for (const wake of [...waiters]) wake();
    };
    socket = new BridgeSocket(
      { url, minDelayMs: 10, maxDelayMs: 40, random: () => 0.5 },
      {
        prepare,
        opened: (session) => note({ kind: 'opened', session }),
        message: (data, session) => note({ kind: 'message', data, session }),
        lost: (loss) => note({ kind: 'lost', loss }),
        retrying: () => note({ kind: 'retrying' }),
      },
    );
    socket.connect();
    const until = (what: string, matches: (h: Happening[]) => boolean, timeoutMs = 2000) =>
      new Promise<void>((resolve, reject) => {
        const look = () => {
          if (!matches(happened)) return;
          clearTimeout(timer);
          waiters.delete(look);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`waited ${timeoutMs} ms for ${what}; happened: ${JSON.stringify(happened)}`));
        }, timeoutMs);
        waiters.add(look);
        look();
      });
    return { happened, until };
  }

  const count = (happened: Happening[], kind: Happening['kind']) => happened.filter((h) => h.kind === kind).length;

  it('opens with the subprotocols prepare gives, and passes frames on with their session', async () => {
    const { happened, until } = open(async () => ['test.v1', 'bearer.abc']);
    await until('the first frame', (h) => count(h, 'message') === 1);
    expect(happened).toEqual([
      { kind: 'opened', session: 1 },
      { kind: 'message', data: 'hello 1', session: 1 },
    ]);
    expect(offered).toEqual([['test.v1', 'bearer.abc']]);
  });

  it('reconnects after the server drops it, preparing afresh, in a new session', async () => {
    let tokens = 0;
    const { happened, until } = open(async () => ['test.v1', `bearer.t${++tokens}`]);
    await until('the first frame', (h) => count(h, 'message') === 1);
    serverSockets[0].terminate();
    await until('the second session', (h) => count(h, 'message') === 2);
    expect(happened.slice(2)).toEqual([
      { kind: 'lost', loss: { wasOpen: true, reason: say('genesysBridgeClosed', { code: 1006 }), retryInMs: 8 } },
      { kind: 'retrying' },
      { kind: 'opened', session: 2 },
      { kind: 'message', data: 'hello 2', session: 2 },
    ]);
    expect(offered).toEqual([
      ['test.v1', 'bearer.t1'],
      ['test.v1', 'bearer.t2'],
    ]);
  });

  it('comes back at once when the session token expired', async () => {
    const { happened, until } = open();
    await until('the first frame', (h) => count(h, 'message') === 1);
    serverSockets[0].close(4001, 'token expired');
    await until('the second session', (h) => count(h, 'opened') === 2);
    expect(happened[2]).toEqual({ kind: 'lost', loss: { wasOpen: true, reason: say('genesysSessionExpired'), retryInMs: 0, tokenExpired: true } });
  });

  it.each([
    [CLOSE_CODES.slowConsumer, 'genesysFellBehind', /fell behind reading .*close code 4002.*reconnecting to catch up/],
    [CLOSE_CODES.tooManySessions, 'genesysTooManySessions', /as many sessions open as it allows .*close code 4003.*other windows or tabs/],
    [CLOSE_CODES.goingAway, 'genesysBridgeGoingAway', /shutting down or restarting .*close code 1001.*reconnecting/],
  ] as const)('a session the bridge closes with %i is reported as %s, and reconnected with backoff', async (code, key, words) => {
    const { happened, until } = open();
    await until('the first frame', (h) => count(h, 'message') === 1);
    serverSockets[0].close(code, 'the bridge\'s own reason');
    await until('the second session', (h) => count(h, 'opened') === 2);
    const loss = happened.flatMap((h) => (h.kind === 'lost' ? [h.loss] : []))[0];
    expect(loss).toEqual({ wasOpen: true, reason: say(key), retryInMs: 8 });
    expect(inEnglish(loss.reason)).toMatch(words);
  });

  it('backs off while nothing answers, doubling up to the maximum, and says why', async () => {
    const closed = url;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    url = closed;
    const { happened, until } = open();
    await until('four failed attempts', (h) => count(h, 'lost') === 4);
    const losses = happened.flatMap((h) => (h.kind === 'lost' ? [h.loss] : []));
    expect(losses.map((l) => l.retryInMs)).toEqual([8, 15, 30, 30]);
    expect(losses[0]).toEqual({ wasOpen: false, reason: say('genesysBridgeUnreachableAt', { url }), retryInMs: 8 });
    server = new WebSocketServer({ port: 0 }); // for afterEach
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  });

  it('keeps backing off from a bridge that accepts sessions and drops them at once, until one proves healthy', async () => {
    server.on('connection', (ws: ServerSocket) => {
      if (serverSockets.length <= 4) ws.terminate();
    });
    const { happened, until } = open();
    await until('four dropped sessions', (h) => count(h, 'lost') === 4);
    const delays = happened.flatMap((h) => (h.kind === 'lost' ? [h.loss.retryInMs] : []));
    expect(delays).toEqual([8, 15, 30, 30]);
    await until('a fifth session', (h) => count(h, 'opened') === 5);
    socket?.healthy();
    serverSockets[4].terminate();
    await until('its loss', (h) => count(h, 'lost') === 5);
    expect(happened.filter((h) => h.kind === 'lost').pop()).toMatchObject({ loss: { wasOpen: true, retryInMs: 8 } });
  });

  it('counts a failed prepare as a failed attempt, with its message (its words as they are) and what it threw', async () => {
    let calls = 0;
    const noToken = new Error('no token today');
    const { happened, until } = open(async () => {
      if (++calls === 1) throw noToken;
      return ['test.v1'];
    });
    await until('a session after the failure', (h) => count(h, 'opened') === 1);
    expect(happened[0]).toEqual({ kind: 'lost', loss: { wasOpen: false, reason: saidAs('no token today'), retryInMs: 8, cause: noToken } });
    expect(happened[0].kind === 'lost' && happened[0].loss.cause).toBe(noToken);
  });

  it('a prepare that fails with a VendorError gives its message, translatable as it is', async () => {
    let calls = 0;
    const noToken = new VendorError('UNAUTHORIZED', say('genesysTokenMissing', { url: 'https://tokens.example/' }));
    const { happened, until } = open(async () => {
      if (++calls === 1) throw noToken;
      return ['test.v1'];
    });
    await until('a session after the failure', (h) => count(h, 'opened') === 1);
    expect(happened[0]).toEqual({ kind: 'lost', loss: { wasOpen: false, reason: noToken.said, retryInMs: 8, cause: noToken } });
  });

  it('restart() drops the session and reconnects', async () => {
    const { happened, until } = open();
    await until('the first frame', (h) => count(h, 'message') === 1);
    socket?.restart(say('genesysNoSnapshot', { seconds: 5 }));
    await until('the second session', (h) => count(h, 'opened') === 2);
    expect(happened[2]).toEqual({ kind: 'lost', loss: { wasOpen: true, reason: say('genesysNoSnapshot', { seconds: 5 }), retryInMs: 8 } });
  });

  it('close() ends it for good: no more attempts, no more calls, even for a prepare still running', async () => {
    let release: (protocols: readonly string[]) => void = () => undefined;
    const { happened } = open(() => new Promise((resolve) => (release = resolve)));
    socket?.close();
    release(['test.v1']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(happened).toEqual([]);
    expect(serverSockets).toEqual([]);
  });

  it('close() of an open session closes it and reports nothing', async () => {
    const { happened, until } = open();
    await until('the first frame', (h) => count(h, 'message') === 1);
    const closedAtServer = new Promise<number>((resolve) => serverSockets[0].once('close', (code: number) => resolve(code)));
    socket?.close();
    expect(await closedAtServer).toBe(1000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(happened).toHaveLength(2);
  });
});
