/**
 * The Genesys side of the vendor contract over the bridge's Workspace backend: the fake GWS (dev/fakeGws) and a
 * bridge in workspace mode, both in-process on loopback, and the real GenesysVendorHandler talking to the bridge over
 * jsdom's WebSocket and XHR as in genesysDriver.ts. The handler presents the agent's GWS access token (from the fake's
 * password grant), fetched from a token service as `genesys.tokenUrl` hands one out.
 *
 * The fake GWS plays the customer, the callee and the agent's phone through its control API. The one part of the
 * world it has no control for, a switch refusing a request once (VendorDriver.refuseNext), is played by a proxy
 * between the bridge and the fake that answers the next answer or release with an HTTP 500, as GWS answers a request
 * it could not carry out.
 *
 * One world (fake, proxy, bridge, token service) serves the whole file; each driver takes an agent of its own, and
 * another as its transfer target (the colleague a transfer or consult reaches, and who transfers callers to the
 * agent), so no check meets another's calls or state.
 */
import './bridgeInJsdom';
import 'whatwg-fetch';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { startFakeGws, type FakeGws } from '../../dev/fakeGws/server';
import { startBridge, type Bridge } from '../../server/src/app';
import type { EventId } from '../../src/ts/cti/core/types';
import { GenesysVendorHandler } from '../../src/ts/cti/vendor/genesys/genesysVendorHandler';
import { parseGenesysOptions } from '../../src/ts/cti/vendor/genesys/genesysOptions';
import { CONTRACT_NOT_READY_REASONS, TEST_HANDLER_OPTIONS } from './genesysDriver';
import { closeServer, gwsAccessToken, listen, nodeRequest, startTokenService } from '../support/gwsClient';
import type { VendorDriver } from './vendorDriver';

/** jsdom's page origin (jest's default test URL). */
const PAGE_ORIGIN = 'http://localhost';
/** Two agents (the driver's, and its transfer target) for each of more drivers than the contract has checks. */
const AGENTS = 120;
/** A DN none of the fake's agents has: the fake refuses a transfer there (415, Invalid Destination DN). */
const UNROUTABLE_DN = '7999';
const CLIENT = { clientId: 'contract-bridge', clientSecret: 'contract-bridge-secret' };

/** Forwards everything to the fake GWS, except the one request it was told to refuse. */
class RefusingProxy {
  /** The operation (answer, release) whose next request is refused. */
  refuse: string | undefined;
  readonly server: Server;

  constructor(private readonly target: string) {
    this.server = createServer((request, response) => this.forward(request, response));
  }

  private forward(request: IncomingMessage, response: ServerResponse): void {
    const operation = /^\/workspace\/v3\/voice\/calls\/[^/]+\/([a-z-]+)$/.exec(request.url ?? '')?.[1];
    if (request.method === 'POST' && operation !== undefined && operation === this.refuse) {
      this.refuse = undefined;
      request.resume();
      response.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: { code: 500, message: `the switch refused the ${operation} (the contract's refusal)` } }));
      return;
    }
    const upstream = httpRequest(`${this.target}${request.url ?? ''}`, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  }
}

interface World {
  readonly fake: FakeGws;
  readonly proxy: RefusingProxy;
  readonly bridge: Bridge;
  readonly tokens: Map<string, string>;
  readonly tokenUrl: string;
  readonly servers: Server[];
}

let world: Promise<World> | undefined;
let agentsTaken = 0;

async function startWorld(): Promise<World> {
  const fake = await startFakeGws({
    agents: Array.from({ length: AGENTS }, (_, index) => ({ userName: `agent${index + 1}`, dn: String(7001 + index) })),
    clients: [{ ...CLIENT, redirectUris: [], grantTypes: ['password'] }],
    // The contract's callee answers or refuses when the driver says so, never by itself.
    outboundAutoAnswerMs: null,
    log: () => undefined,
  });
  const proxy = new RefusingProxy(fake.url);
  const proxyUrl = await listen(proxy.server);
  const bridge = await startBridge({
    port: 0,
    logLevel: 'silent',
    mode: 'secure',
    allowedOrigins: [PAGE_ORIGIN],
    backend: 'workspace',
    workspace: { baseUrl: proxyUrl, requestTimeoutMs: 3000, cometdTimeoutMs: 5000 },
  });
  const tokens = new Map<string, string>();
  const { url: tokenUrl, server: tokenServer } = await startTokenService(PAGE_ORIGIN, tokens);
  return { fake, proxy, bridge, tokens, tokenUrl, servers: [proxy.server, tokenServer] };
}

/** Stops the world (after the last check of the file). */
export async function stopWorkspaceWorld(): Promise<void> {
  if (world === undefined) return;
  const { fake, bridge, servers } = await world;
  world = undefined;
  await bridge.close();
  await Promise.all(servers.map(closeServer));
  await fake.close();
}

interface ControlCall {
  readonly id: string;
  readonly callUuid: string;
  readonly userData?: readonly { readonly key: string; readonly value: unknown }[];
}

/** A call of the fake as its control API lists every call's parties. */
interface FakeCall {
  readonly connId: string;
  readonly digitsHeard: string;
  readonly parties: ReadonlyArray<{ readonly number: string; readonly agent: string | null; readonly state: string; readonly left?: boolean }>;
}

export interface WorkspaceDriver extends VendorDriver {
  readonly bridge: Bridge;
}

export async function workspaceDriver(): Promise<WorkspaceDriver> {
  world ??= startWorld();
  const { fake, proxy, bridge, tokens, tokenUrl } = await world;
  agentsTaken += 2;
  if (agentsTaken > AGENTS) throw new Error(`the contract's fake GWS has ${AGENTS} agents: give it more`);
  const agent = `agent${agentsTaken - 1}`;
  const target = `agent${agentsTaken}`;
  const targetDn = String(7000 + agentsTaken);
  tokens.set(agent, await gwsAccessToken(fake.url, CLIENT, agent));
  const parsed = parseGenesysOptions({ bridgeUrl: bridge.url, tokenUrl: `${tokenUrl}?agent=${agent}`, ...TEST_HANDLER_OPTIONS, notReadyReasons: CONTRACT_NOT_READY_REASONS });
  if (!parsed.ok) throw new Error(`Bad handler options: ${parsed.errors.join('; ')}`);
  const handler = new GenesysVendorHandler(parsed.options);
  const control = `${fake.url}/fake-gws/control`;

  const post = async (path: string, body: Record<string, unknown> = {}): Promise<unknown> => {
    const answer = await nodeRequest(`${control}${path}`, 'POST', JSON.stringify(body), { 'Content-Type': 'application/json' });
    if (answer.status >= 300) throw new Error(`the fake GWS refused POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  /** The fake's id of the call the handler reports under eventId: its CallUuid, or the eventId a dial attached. */
  const connIdOf = async (eventId: EventId): Promise<string> => {
    const { body } = await nodeRequest(`${control}/agents/${agent}/calls`, 'GET');
    const calls = body as ControlCall[];
    const call = calls.find((candidate) => candidate.callUuid === eventId || candidate.userData?.some((pair) => pair.key === 'eventId' && pair.value === eventId));
    if (!call) throw new Error(`the fake GWS has no call ${eventId} for ${agent}`);
    return call.id;
  };

  /** Whether a party is on the call now. */
  const onCall = (party: FakeCall['parties'][number]) => !party.left && party.state !== 'Released' && party.state !== 'Completed';
  /** The one call at the target's phone (the contract has one at a time), with the target's party on it. */
  const targetCall = async (): Promise<{ call: FakeCall; state: string } | undefined> => {
    const { body } = await nodeRequest(`${control}/calls`, 'GET');
    for (const call of body as FakeCall[]) {
      const party = call.parties.find((candidate) => candidate.agent === target && onCall(candidate));
      if (party) return { call, state: party.state };
    }
    return undefined;
  };
  const targetPhone = async (action: 'answer' | 'release', ringing: boolean): Promise<void> => {
    const found = await targetCall();
    if (!found || (ringing && found.state !== 'Ringing')) throw new Error(`no call ${ringing ? 'rings' : 'is'} at the transfer target ${target}`);
    await post(`/calls/${found.call.connId}/phone`, { agent: target, action });
  };

  return {
    handler,
    bridge,
    transferTarget: {
      destination: { kind: 'number', phoneNumber: targetDn },
      reportedAs: targetDn,
      unroutable: { kind: 'number', phoneNumber: UNROUTABLE_DN },
    },
    targetCall: async () => {
      const found = await targetCall();
      if (!found) return { state: 'none', withCustomer: false, withAgent: false };
      return {
        state: found.state === 'Ringing' ? 'ringing' : 'talking',
        withCustomer: found.call.parties.some((party) => party.agent === null && onCall(party)),
        withAgent: found.call.parties.some((party) => party.agent === agent && onCall(party)),
      };
    },
    targetAnswers: () => targetPhone('answer', true),
    targetRefuses: () => targetPhone('release', true),
    targetHangsUp: () => targetPhone('release', false),
    // The colleague transfers a customer's call to the agent in one step (the fake's control API).
    callTransferredIn: async (phoneNumber) => {
      const { connId } = (await post('/transfers', { agent, from: target, ani: phoneNumber })) as { connId: string };
      const { body } = await nodeRequest(`${control}/agents/${agent}/calls`, 'GET');
      const call = (body as ControlCall[]).find((candidate) => candidate.id === connId);
      if (!call) throw new Error(`the fake GWS does not show the call ${connId} it transferred`);
      return call.callUuid;
    },
    agentHasCalls: async () => {
      const { body } = await nodeRequest(`${control}/agents/${agent}/calls`, 'GET');
      return (body as ControlCall[]).length > 0;
    },
    customerCalls: async (phoneNumber) => {
      const { connId } = (await post('/calls', { agent, ani: phoneNumber })) as { connId: string };
      const { body } = await nodeRequest(`${control}/agents/${agent}/calls`, 'GET');
      const call = (body as ControlCall[]).find((candidate) => candidate.id === connId);
      if (!call) throw new Error(`the fake GWS does not show the call ${connId} it made`);
      return call.callUuid;
    },
    customerHangsUp: async (eventId) => void (await post(`/calls/${await connIdOf(eventId)}/hang-up`)),
    phoneAnswers: async (eventId) => void (await post(`/calls/${await connIdOf(eventId)}/phone`, { agent, action: 'answer' })),
    phoneHangsUp: async (eventId) => void (await post(`/calls/${await connIdOf(eventId)}/phone`, { agent, action: 'release' })),
    calleeAnswers: async (eventId) => void (await post(`/calls/${await connIdOf(eventId)}/answer`)),
    calleeRefuses: async (eventId) => void (await post(`/calls/${await connIdOf(eventId)}/busy`)),
    // A Held call: its customer hears music on hold (the agent's party as GWS shows it to the agent).
    callHeld: async (eventId) => {
      const connId = await connIdOf(eventId);
      const { body } = await nodeRequest(`${control}/agents/${agent}/calls`, 'GET');
      return (body as { id: string; state: string }[]).some((call) => call.id === connId && call.state === 'Held');
    },
    phoneHolds: async (eventId) => void (await post(`/calls/${await connIdOf(eventId)}/phone`, { agent, action: 'hold' })),
    phoneResumes: async (eventId) => void (await post(`/calls/${await connIdOf(eventId)}/phone`, { agent, action: 'retrieve' })),
    digitsReceived: async (eventId) => {
      const connId = await connIdOf(eventId);
      const { body } = await nodeRequest(`${control}/calls`, 'GET');
      return (body as { connId: string; digitsHeard: string }[]).find((call) => call.connId === connId)?.digitsHeard ?? '';
    },
    refuseNext: (verb) => {
      proxy.refuse = verb === 'acceptCall' ? 'answer' : 'release';
    },
    agentState: async () => {
      const { body } = await nodeRequest(`${control}/agents`, 'GET');
      const state = (body as { userName: string; dnState?: { agentState?: string } }[]).find((entry) => entry.userName === agent)?.dnState?.agentState;
      return state === 'Ready' ? 'available' : state === 'NotReady' ? 'unavailable' : (state ?? 'unknown');
    },
    // The agent is not used again; the world is stopped after the file's last check.
    dispose: async () => undefined,
  };
}
