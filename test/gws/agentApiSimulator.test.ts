/** @jest-environment node */
/**
 * The bridge's Workspace backend against Genesys' own Agent API Simulator
 * (https://github.com/GenesysPureEngage/agent-api-simulator), the one GWS stand-in this project did not write.
 *
 * Opt-in: it runs only when GWS_SIM_URL names a running simulator (e.g. http://127.0.0.1:7777; the README says how to
 * run one), and is skipped otherwise, since the simulator is not part of this repository and cannot be installed by
 * `npm ci`. Each test signs agents in with the simulator's own sign-in (its WWE_CODE code: `workspace.signIn`
 * "agentApiSimulator"), opens bridge sessions with that code as the bearer credential, and plays the customer through
 * the simulator's /sim/manage API.
 *
 * Known gaps of the simulator, worked around here: it has no ANI (the caller is participants[0]); no customer
 * hang-up for injected calls (a call is injected from another signed-in agent's DN and released from that agent's
 * session, as a customer would); outbound calls are answered by the callee after 5 s; it keeps its sessions and calls
 * across tests, so each test makes its own calls and ends them.
 */
import WebSocket from 'ws';
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX, type PushedEvent } from '../../protocol/bridgeProtocol';
import { startBridge, type Bridge } from '../../server/src/app';
import { textOf } from '../../server/src/http/frameText';

const SIM_URL = process.env.GWS_SIM_URL?.replace(/\/+$/, '');
/** Skipped without a simulator to talk to: see the comment above. */
const describeWithSimulator = SIM_URL === undefined || SIM_URL === '' ? describe.skip : describe;

/** The simulator's agents (its data/agents.yaml): user name, password (the same), DN (agentLogin). */
const JOHN = { user: 'JohnSmith', dn: '+33298025003' };
/** The "customer": another agent of the simulator, whose DN places the calls and hangs them up. */
const THOMAS = { user: 'ThomasWatson', dn: '+33298025011' };

/** Long enough for the simulator's 5 s auto-answer and its ~2 s DN start-up. */
const WAIT_MS = 15_000;
jest.setTimeout(60_000);

/** Signs in at the simulator as its Workspace sign-in page does; resolves the code it issues. */
async function signIn(user: string): Promise<string> {
  const response = await fetch(`${SIM_URL}/auth/v3/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: `\\${user}`, password: user, wweURI: 'http://localhost/wwe' }).toString(),
    redirect: 'manual',
  });
  const location = response.headers.get('location') ?? '';
  const code = new URL(location, SIM_URL).searchParams.get('code');
  if (code === null) throw new Error(`the simulator did not sign ${user} in (Location: ${location})`);
  return code;
}

async function simulator(path: string, body: Record<string, unknown>, code?: string): Promise<Response> {
  return fetch(`${SIM_URL}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(code === undefined ? {} : { Cookie: `WWE_CODE=${code}` }) },
    body: JSON.stringify(body),
  });
}

/** A bridge session: the frames it received, and waits on them (by condition, with a deadline). */
class Client {
  readonly frames: PushedEvent[] = [];
  private cursor = 0;
  private readonly waiting = new Set<() => void>();
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      this.frames.push(JSON.parse(textOf(data)) as PushedEvent);
      for (const check of [...this.waiting]) check();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })));
  }

  waitFor<N extends PushedEvent['eventName']>(name: N, where: (event: Extract<PushedEvent, { eventName: N }>) => boolean = () => true): Promise<Extract<PushedEvent, { eventName: N }>> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        for (let index = this.cursor; index < this.frames.length; index += 1) {
          const frame = this.frames[index];
          if (frame.eventName === name && where(frame as Extract<PushedEvent, { eventName: N }>)) {
            this.cursor = index + 1;
            clearTimeout(timer);
            this.waiting.delete(check);
            resolve(frame as Extract<PushedEvent, { eventName: N }>);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        this.waiting.delete(check);
        reject(new Error(`no ${name} within ${WAIT_MS} ms; received: ${this.frames.slice(this.cursor).map((frame) => frame.eventName).join(', ')}`));
      }, WAIT_MS);
      this.waiting.add(check);
      check();
    });
  }

  send(command: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(command));
  }
}

describeWithSimulator('the Workspace backend against Genesys\' Agent API Simulator', () => {
  let bridge: Bridge;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    bridge = await startBridge({
      port: 0,
      logLevel: 'silent',
      mode: 'secure',
      backend: 'workspace',
      workspace: { baseUrl: SIM_URL ?? '', signIn: 'agentApiSimulator', requestTimeoutMs: 10_000, cometdTimeoutMs: 20_000 },
    });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.terminate();
  });
  afterAll(() => bridge.close());

  async function connect(code: string): Promise<Client> {
    const socket = new WebSocket(`${bridge.url.replace(/^http/, 'ws')}/genesysWs`, [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + code]);
    sockets.push(socket);
    const client = new Client(socket);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return client;
  }

  async function post(code: string, command: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${bridge.url}/genesys/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${code}` },
      body: JSON.stringify(command),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** A customer (Thomas's DN) calls John; resolves the ringing event John's session got. */
  async function customerCalls(john: Client): Promise<Extract<PushedEvent, { eventName: 'EventRinging' }>> {
    const injected = await simulator('/sim/manage/voice/create-call', { callType: 'Inbound', agent: JOHN.user, orig: THOMAS.dn });
    expect(injected.status).toBe(200);
    return john.waitFor('EventRinging');
  }

  test('the session learns the agent and the DN from Genesys: the snapshot names John\'s DN and his state', async () => {
    const john = await connect(await signIn(JOHN.user));
    const snapshot = await john.waitFor('EventRegistered');
    expect(snapshot).toMatchObject({ thisDN: JOHN.dn, agent: { agentId: JOHN.user }, linkConnected: true });
    expect(['Ready', 'NotReady', 'LoggedOut']).toContain(snapshot.agent.state);
  });

  test('inbound: ringing with the caller\'s number, answered, held, retrieved, hung up by the agent; each confirmed with its ReferenceID', async () => {
    const code = await signIn(JOHN.user);
    const john = await connect(code);
    await john.waitFor('EventRegistered');
    const ringing = await customerCalls(john);
    expect(ringing).toMatchObject({ thisDN: JOHN.dn, ANI: THOMAS.dn, callType: 'Inbound' });
    const call = { connectionId: ringing.connectionId };

    const accepted = await post(code, { type: 'Accept', ...call });
    expect(accepted).toMatchObject({ status: 200, body: { ok: true } });
    expect(await john.waitFor('EventEstablished', (event) => event.connectionId === call.connectionId)).toMatchObject({ referenceId: accepted.body.referenceId });
    expect((await post(code, { type: 'Hold', ...call })).status).toBe(200);
    await john.waitFor('EventHeld');
    expect((await post(code, { type: 'Retrieve', ...call })).status).toBe(200);
    await john.waitFor('EventRetrieved');
    expect((await post(code, { type: 'Hangup', ...call })).status).toBe(200);
    expect(await john.waitFor('EventReleased')).toMatchObject({ ...call, previousState: 'Established', releasingParty: 'Local' });
  });

  test('declined while ringing: the release the bridge asked for is a decline (Local, from Ringing)', async () => {
    const code = await signIn(JOHN.user);
    const john = await connect(code);
    await john.waitFor('EventRegistered');
    const ringing = await customerCalls(john);

    john.send({ type: 'Reject', connectionId: ringing.connectionId });

    expect(await john.waitFor('EventReleased')).toMatchObject({ connectionId: ringing.connectionId, previousState: 'Ringing', releasingParty: 'Local' });
  });

  test('the customer hangs up while it rings: inferred EventAbandoned', async () => {
    const john = await connect(await signIn(JOHN.user));
    await john.waitFor('EventRegistered');
    const thomasCode = await signIn(THOMAS.user);
    // Thomas's DN is the customer's line: his own Workspace session makes the simulator take his requests.
    await connect(thomasCode).then((thomas) => thomas.waitFor('EventRegistered'));
    const ringing = await customerCalls(john);

    const hangUp = await simulator(`/workspace/v3/voice/calls/${ringing.connectionId}/release`, {}, thomasCode);
    expect(hangUp.status).toBe(200);

    expect(await john.waitFor('EventAbandoned')).toMatchObject({ connectionId: ringing.connectionId });
  });

  test('the customer hangs up while talking: inferred EventReleased, Remote', async () => {
    const code = await signIn(JOHN.user);
    const john = await connect(code);
    await john.waitFor('EventRegistered');
    const thomasCode = await signIn(THOMAS.user);
    await connect(thomasCode).then((thomas) => thomas.waitFor('EventRegistered'));
    const ringing = await customerCalls(john);
    expect((await post(code, { type: 'Accept', connectionId: ringing.connectionId })).status).toBe(200);
    await john.waitFor('EventEstablished');

    expect((await simulator(`/workspace/v3/voice/calls/${ringing.connectionId}/release`, {}, thomasCode)).status).toBe(200);

    expect(await john.waitFor('EventReleased')).toMatchObject({ connectionId: ringing.connectionId, previousState: 'Established', releasingParty: 'Remote' });
  });

  test('outbound: dialing under the toolbar\'s eventId, answered by the callee, hung up by the agent', async () => {
    const code = await signIn(JOHN.user);
    const john = await connect(code);
    await john.waitFor('EventRegistered');

    const placed = await post(code, { type: 'MakeCall', destination: '+15550199', eventId: 'fusion-out-1' });

    expect(placed).toMatchObject({ status: 200, body: { ok: true } });
    const dialing = await john.waitFor('EventDialing');
    expect(dialing).toMatchObject({ eventId: 'fusion-out-1', ANI: '+15550199', callType: 'Outbound', referenceId: placed.body.referenceId });
    // The simulator's callee answers after 5 s.
    await john.waitFor('EventEstablished', (event) => event.connectionId === dialing.connectionId);
    expect((await post(code, { type: 'Hangup', connectionId: dialing.connectionId })).status).toBe(200);
    expect(await john.waitFor('EventReleased')).toMatchObject({ eventId: 'fusion-out-1', releasingParty: 'Local' });
  });

  test('agent state: not ready with a reason, then ready; a call command on a call the DN does not have is refused before Genesys is asked', async () => {
    const code = await signIn(JOHN.user);
    const john = await connect(code);
    await john.waitFor('EventRegistered');

    expect((await post(code, { type: 'NotReady', reasonCode: 'Lunch' })).status).toBe(200);
    expect(await john.waitFor('EventAgentNotReady')).toMatchObject({ thisDN: JOHN.dn, reasonCode: 'Lunch' });
    expect((await post(code, { type: 'Ready' })).status).toBe(200);
    await john.waitFor('EventAgentReady');
    expect(await post(code, { type: 'Accept', connectionId: '0123456789abcdef' })).toMatchObject({ status: 404, body: { errorCode: 'UNKNOWN_CALL' } });
  });

  test('Genesys\' voice service down and up: the link goes down for that agent only (commands refused), then back with a fresh snapshot', async () => {
    const code = await signIn(JOHN.user);
    const john = await connect(code);
    await john.waitFor('EventRegistered');
    const thomasCode = await signIn(THOMAS.user);
    const thomas = await connect(thomasCode);
    await thomas.waitFor('EventRegistered');

    await simulator('/sim/manage/service-state-change-notification/create-notification', { agent: JOHN.user, serviceName: 'VOICE', serviceState: 'UNAVAILABLE' });
    await john.waitFor('EventLinkDisconnected');
    expect(await post(code, { type: 'Ready' })).toMatchObject({ status: 503, body: { errorCode: 'LINK_DOWN' } });
    // Thomas's session is untouched: his commands go through, and he heard of no link loss.
    expect((await post(thomasCode, { type: 'NotReady', reasonCode: 'Training' })).status).toBe(200);
    await thomas.waitFor('EventAgentNotReady');
    expect(thomas.frames.some((frame) => frame.eventName === 'EventLinkDisconnected')).toBe(false);
    await simulator('/sim/manage/service-state-change-notification/create-notification', { agent: JOHN.user, serviceName: 'VOICE', serviceState: 'AVAILABLE' });
    await john.waitFor('EventLinkConnected');
    expect(await john.waitFor('EventRegistered')).toMatchObject({ thisDN: JOHN.dn, linkConnected: true });
  });

  test('a code the simulator never issued is refused: the session is closed with the reason, and REST answers 401', async () => {
    const client = await connect('beef');
    const closed = await client.closed;
    expect(closed.code).toBe(4004);
    expect(closed.reason).toMatch(/sign in/);
    expect(await post('beef', { type: 'Ready' })).toMatchObject({ status: 401, body: { errorCode: 'UNAUTHORIZED' } });
  });
});
