/**
 * The workspace step's agents and customers, in a process of their own (forked by workspaceScale.ts). Each agent
 * signs in at the fake GWS (the password grant of its OAuth client: GWS's /auth/v3/oauth/token), opens a bridge
 * session as the toolbar does with a GWS access token (the `bearer.<token>` subprotocol beside `genesys-bridge.v1`;
 * README "The Workspace API backend"), so that the bridge opens that agent's own Workspace session and CometD
 * notifications, and goes Ready. The customers are the fake's control API: a call is placed at a Ready agent with no
 * call (POST /fake-gws/control/calls), the agent accepts it through the bridge, and the customer hangs up after the
 * hold time (POST /fake-gws/control/calls/{connId}/hang-up). Times are taken in this one process, so the placing
 * and the ringing are read on one clock.
 */
import type WebSocket from 'ws';
import { openAgentSession, type PushedFields } from '../bridge/agentSession';
import { ErrorTally } from '../bridge/errorTally';
import type { AgentsSetup, AgentsTally, FromAgents, ToAgents } from './ipc';

/** Sign-ins in flight at once: each opens a Workspace session through the bridge (several requests to GWS). */
const CONNECT_CONCURRENCY = 32;
/** A session not Ready by then is given up (and counted), so that one stuck sign-in cannot stall the step. */
const SESSION_READY_TIMEOUT_MS = 120_000;
/** How often due calls are placed. */
const TICK_MS = 5;
const CALLER_ANI = '+15550100';

interface Call {
  readonly placedAt: number;
  connId?: string;
  acceptedAt?: number;
  rung: boolean;
  established: boolean;
  hangUp?: NodeJS.Timeout;
}

interface Agent {
  readonly name: string;
  readonly socket: WebSocket;
  call?: Call;
}

let setup: AgentsSetup | undefined;
const agents: Agent[] = [];
/** Ready agents with no call, the longest idle first. */
const idle: Agent[] = [];
let holdMs = 0;
let ticker: NodeJS.Timeout | undefined;
let closing = false;

let measuring = false;
let windowStart = 0;
let windowCallEvents = 0;
let windowPlaced = 0;
let ringLatencies: number[] = [];
let answerLatencies: number[] = [];

const counts = { placed: 0, rung: 0, established: 0, ended: 0, completed: 0, noFreeAgent: 0 };
const errors = new ErrorTally(['connectFailed', 'closedUnexpectedly', 'eventErrors', 'linkDropped', 'controlFailed'] as const);


function send(message: FromAgents): void {
  process.send?.(message);
}

function gws(): AgentsSetup {
  if (setup === undefined) throw new Error('the agents were not set up (connect first)');
  return setup;
}

/** The agent's GWS access token, by the password grant of the bench's OAuth client (the fake allows it for that client). */
async function tokenOf(name: string): Promise<string> {
  const { gwsUrl, clientId, clientSecret } = gws();
  const answer = await fetch(`${gwsUrl}/auth/v3/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'password', username: name, password: name }).toString(),
  });
  const body = (await answer.json()) as { access_token?: unknown; error_description?: unknown };
  if (!answer.ok || typeof body.access_token !== 'string') throw new Error(`GWS refused ${name}'s sign-in: ${answer.status} ${typeof body.error_description === 'string' ? body.error_description : ''}`);
  return body.access_token;
}

/** One agent's bridge session: resolves once the agent is Ready; rejects if they cannot be. */
async function openSession(name: string, token: string): Promise<void> {
  const { bridgeUrl, origin } = gws();
  /** Known once the agent is Ready; the session's handlers are given before. */
  const ready: { agent?: Agent } = {};
  const socket = await openAgentSession(
    { url: bridgeUrl.replace(/^http/, 'ws'), token, origin, readyTimeoutMs: SESSION_READY_TIMEOUT_MS, now: () => performance.now() },
    {
      event: (_socket, event, receivedAt) => {
        // The agent's own link to GWS (their notifications, or the voice service) broke.
        if (event.eventName === 'EventLinkDisconnected') errors.note('linkDropped', name);
        else if (ready.agent !== undefined && event.connectionId !== undefined) onCallEvent(ready.agent, event, receivedAt);
      },
      eventError: (message) => errors.note('eventErrors', `${name}: ${message}`),
      closed: (code, reason) => {
        if (!closing) errors.note('closedUnexpectedly', `${name}: ${code} ${reason}`);
        for (const list of [agents, idle]) {
          const index = ready.agent === undefined ? -1 : list.indexOf(ready.agent);
          if (index >= 0) list.splice(index, 1);
        }
      },
    },
  );
  const agent: Agent = { name, socket };
  ready.agent = agent;
  agents.push(agent);
  idle.push(agent);
}

function onCallEvent(agent: Agent, event: PushedFields, receivedAt: number): void {
  if (measuring) windowCallEvents += 1;
  const call = agent.call;
  if (call === undefined) return;
  const connectionId = event.connectionId as string;
  switch (event.eventName) {
    case 'EventRinging':
      if (call.rung) return;
      call.rung = true;
      call.connId ??= connectionId;
      counts.rung += 1;
      if (measuring) ringLatencies.push(receivedAt - call.placedAt);
      call.acceptedAt = performance.now();
      agent.socket.send(JSON.stringify({ type: 'Accept', connectionId }));
      return;
    case 'EventEstablished':
      if (call.established || event.referenceId === undefined) return;
      call.established = true;
      counts.established += 1;
      if (measuring && call.acceptedAt !== undefined) answerLatencies.push(receivedAt - call.acceptedAt);
      call.hangUp = setTimeout(() => void hangUp(connectionId), holdMs);
      return;
    case 'EventReleased':
    case 'EventAbandoned':
      clearTimeout(call.hangUp);
      counts.ended += 1;
      if (call.established && event.eventName === 'EventReleased') counts.completed += 1;
      agent.call = undefined;
      if (!closing) idle.push(agent);
      return;
    default:
      return;
  }
}

async function control(path: string, body: Record<string, unknown>): Promise<unknown> {
  const answer = await fetch(`${gws().gwsUrl}/fake-gws/control${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${path}: ${answer.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}

async function hangUp(connId: string): Promise<void> {
  try {
    await control(`/calls/${encodeURIComponent(connId)}/hang-up`, {});
  } catch (error) {
    errors.note('controlFailed', error instanceof Error ? error.message : String(error));
  }
}

/** A customer calls the longest-idle Ready agent with no call. */
function place(): void {
  const agent = idle.shift();
  if (agent === undefined) {
    counts.noFreeAgent += 1;
    return;
  }
  const call: Call = { placedAt: performance.now(), rung: false, established: false };
  agent.call = call;
  counts.placed += 1;
  if (measuring) windowPlaced += 1;
  control('/calls', { agent: agent.name, ani: CALLER_ANI }).then(
    (answer) => {
      const connId = (answer as { connId?: unknown }).connId;
      if (typeof connId === 'string') call.connId ??= connId;
    },
    (error: unknown) => {
      errors.note('controlFailed', error instanceof Error ? error.message : String(error));
      // Never rang: the agent is free again.
      if (agent.call === call) {
        agent.call = undefined;
        idle.push(agent);
      }
    },
  );
}

function startTraffic(callsPerSecond: number, hold: number): void {
  holdMs = hold;
  const started = performance.now();
  let due = 0;
  ticker = setInterval(() => {
    const now = Math.floor(((performance.now() - started) / 1000) * callsPerSecond);
    for (; due < now; due += 1) place();
  }, TICK_MS);
}

async function stopTraffic(timeoutMs: number): Promise<number> {
  clearInterval(ticker);
  ticker = undefined;
  const deadline = performance.now() + timeoutMs;
  const active = (): number => agents.filter((agent) => agent.call !== undefined).length;
  while (active() > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return active();
}

async function connectAll(message: AgentsSetup): Promise<void> {
  setup = message;
  const started = performance.now();
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < message.agents) {
      const name = `agent${next}`;
      next += 1;
      try {
        await openSession(name, await tokenOf(name));
      } catch (error) {
        failed += 1;
        errors.note('connectFailed', `${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, message.agents) }, worker));
  send({ kind: 'connected', sessions: agents.length, failed, ms: performance.now() - started });
}

function tally(): AgentsTally {
  return {
    kind: 'tally',
    sessionsOpen: agents.length,
    placed: counts.placed,
    rung: counts.rung,
    established: counts.established,
    ended: counts.ended,
    noFreeAgent: counts.noFreeAgent,
    errors: { ...errors.counts, unfinishedCalls: counts.placed - counts.completed },
    samples: [...errors.samples],
  };
}

function fail(error: unknown): never {
  process.stderr.write(`workspaceClients: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
}

process.on('message', (message: ToAgents) => {
  switch (message.kind) {
    case 'connect':
      connectAll(message).catch(fail);
      return;
    case 'traffic':
      startTraffic(message.callsPerSecond, message.holdMs);
      send({ kind: 'trafficStarted' });
      return;
    case 'measure':
      ringLatencies = [];
      answerLatencies = [];
      windowCallEvents = 0;
      windowPlaced = 0;
      windowStart = performance.now();
      measuring = true;
      return;
    case 'report':
      measuring = false;
      send({ kind: 'report', windowMs: performance.now() - windowStart, callEvents: windowCallEvents, callsPlaced: windowPlaced, ringLatencies, answerLatencies });
      return;
    case 'stop':
      stopTraffic(message.timeoutMs).then((active) => send({ kind: 'stopped', active }), fail);
      return;
    case 'tally':
      send(tally());
      return;
    case 'close':
      closing = true;
      for (const agent of [...agents]) agent.socket.terminate();
      send({ kind: 'closed' });
      return;
  }
});
// Ends with its parent.
process.on('disconnect', () => process.exit(0));
