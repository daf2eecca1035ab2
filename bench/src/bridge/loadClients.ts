/**
 * The load generator's clients, in a process of their own (forked by bridgeScale.ts): N WebSocket sessions, each an
 * agent who signs in with a token, goes ready and accepts every call that rings. Against the bare-ws baseline the same
 * sockets only listen. Every frame is stamped on arrival, before it is parsed, on the clock the server stamps with.
 */
import { SignJWT, importJWK, type KeyLike } from 'jose';
import WebSocket from 'ws';
import { epochNow } from '../clock';
import { textOf } from '../../../server/src/http/frameText';
import { openAgentSession, type PushedFields } from './agentSession';
import { ErrorTally } from './errorTally';
import { sourceAddressOf } from './sourceAddresses';
import type { ClientMode, FromClients, Tally, ToClients } from './ipc';

/** Upgrades in flight at once: more would overflow the server's accept backlog and fail as resets. */
const CONNECT_CONCURRENCY = 256;
/** A session not ready by then is given up (and counted), so that one stuck sign-in cannot stall the step. */
const SESSION_READY_TIMEOUT_MS = 30_000;

let measuring = false;
let windowStart = 0;
let eventLatencies: number[] = [];
let commandRtts: number[] = [];
let closing = false;
const sockets = new Set<WebSocket>();
/** The sessions that stop reading on 'stall' (not in `sockets`: their figures are not the others'). */
const slowSockets = new Set<WebSocket>();
/** When each ringing call's Accept went out, until its EventEstablished (or its end) arrives. Whether every call went
 * through to its end is the traffic generator's count, which also sees calls that never reached a client. */
const acceptSentAt = new Map<string, number>();
const errors = new ErrorTally(['connectFailed', 'closedUnexpectedly', 'eventErrors', 'untimedEvents'] as const);
let ringsReceived = 0;


function send(message: FromClients): void {
  process.send?.(message);
}

/**
 * One agent's session on the bridge: resolves once the agent is ready; rejects (and drops the socket) if they cannot be.
 * A slow one then goes NotReady, so that the traffic rings none of them, and stops reading on 'stall'.
 */
async function bridgeSession(url: string, token: string, origin: string, slow: boolean, localAddress: string | undefined): Promise<void> {
  const held = slow ? slowSockets : sockets;
  const socket = await openAgentSession(
    { url, token, origin, readyTimeoutMs: SESSION_READY_TIMEOUT_MS, now: epochNow, ...(localAddress !== undefined ? { localAddress } : {}) },
    {
      event: slow ? () => undefined : onCallEvent,
      eventError: (message) => errors.note('eventErrors', message),
      closed: (code, reason) => {
        held.delete(socket);
        // The bridge closing a client that stopped reading is what the slow-client step measures, from the bridge's side.
        if (!closing && !slow) errors.note('closedUnexpectedly', `${code} ${reason}`);
      },
    },
  );
  held.add(socket);
  if (slow) socket.send('{"type":"NotReady"}');
}

function onCallEvent(socket: WebSocket, event: PushedFields, receivedAt: number): void {
  const connectionId = event.connectionId;
  if (connectionId === undefined) return;
  if (event.time === undefined) errors.note('untimedEvents', `${event.eventName} has no time`);
  else if (measuring) eventLatencies.push(receivedAt - event.time);
  switch (event.eventName) {
    case 'EventRinging':
      ringsReceived += 1;
      acceptSentAt.set(connectionId, epochNow());
      socket.send(JSON.stringify({ type: 'Accept', connectionId }));
      return;
    case 'EventEstablished': {
      const sentAt = acceptSentAt.get(connectionId);
      acceptSentAt.delete(connectionId);
      if (measuring && sentAt !== undefined && event.referenceId !== undefined) commandRtts.push(receivedAt - sentAt);
      return;
    }
    case 'EventReleased':
    case 'EventAbandoned':
      acceptSentAt.delete(connectionId);
      return;
    default:
      return;
  }
}

/** A baseline client: every message is a stamped frame; nothing is sent back. */
function baselineSession(url: string, localAddress: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, ...(localAddress !== undefined ? { localAddress } : {}) });
    socket.on('message', (data) => {
      const receivedAt = epochNow();
      const message = JSON.parse(textOf(data)) as { time: number };
      if (measuring) eventLatencies.push(receivedAt - message.time);
    });
    socket.on('open', () => {
      sockets.add(socket);
      resolve();
    });
    socket.on('error', reject);
    socket.on('close', (code, reason) => {
      sockets.delete(socket);
      if (!closing) errors.note('closedUnexpectedly', `${code} ${String(reason)}`);
    });
  });
}

async function tokensFor(agents: number, mode: Extract<ClientMode, { kind: 'bridge' }>): Promise<string[]> {
  const key = (await importJWK(mode.privateJwk, 'ES256')) as KeyLike;
  const tokens: string[] = [];
  for (let index = 0; index < agents; index += 1) {
    tokens.push(
      await new SignJWT({ sub: `agent${index}` }).setProtectedHeader({ alg: 'ES256', kid: mode.keyId }).setIssuedAt().setExpirationTime('2h').sign(key),
    );
  }
  return tokens;
}

async function connectAll(url: string, agents: number, mode: ClientMode, slow: number, sourceAddresses: readonly string[]): Promise<void> {
  const signing = performance.now();
  const tokens = mode.kind === 'bridge' ? await tokensFor(agents, mode) : [];
  // Sign-ins are timed from the first connection: signing the tokens is the load generator's work, not the bridge's.
  const started = performance.now();
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < agents) {
      const index = next;
      next += 1;
      try {
        const localAddress = sourceAddressOf(sourceAddresses, index);
        if (mode.kind === 'bridge') await bridgeSession(url, tokens[index], mode.origin, index >= agents - slow, localAddress);
        else await baselineSession(url, localAddress);
      } catch (error) {
        failed += 1;
        errors.note('connectFailed', error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, agents) }, worker));
  send({ kind: 'connected', sessions: sockets.size + slowSockets.size, failed, ms: performance.now() - started, tokensMs: started - signing });
}

function tally(): Tally {
  return { kind: 'tally', sessionsOpen: sockets.size, ringsReceived, errors: { ...errors.counts }, samples: [...errors.samples] };
}

process.on('message', (message: ToClients) => {
  switch (message.kind) {
    case 'connect':
      connectAll(message.url, message.agents, message.mode, message.slow ?? 0, message.sourceAddresses ?? []).catch((error: unknown) => {
        process.stderr.write(`loadClients: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exit(1);
      });
      return;
    case 'stall':
      // ws's pause() stops reading from the TCP socket: the kernel's buffers fill, then the bridge's.
      for (const socket of slowSockets) socket.pause();
      return;
    case 'measure':
      eventLatencies = [];
      commandRtts = [];
      windowStart = performance.now();
      measuring = true;
      return;
    case 'report':
      measuring = false;
      send({ kind: 'report', windowMs: performance.now() - windowStart, eventLatencies, commandRtts });
      return;
    case 'tally':
      send(tally());
      return;
    case 'close':
      closing = true;
      for (const socket of [...sockets, ...slowSockets]) socket.terminate();
      send({ kind: 'closed' });
      return;
  }
});
// Ends with its parent.
process.on('disconnect', () => process.exit(0));
