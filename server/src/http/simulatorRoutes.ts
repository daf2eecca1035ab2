/**
 * /simulator/*: the parts of the world the bridge never controls (the customer, the callee, the agent's softphone and
 * the other phones of the switch, among them the transfer target's, the CTI link), for the Fusion simulator page and tests. Mounted only when the backend is the T-Server simulator and
 * the bridge is in development mode (config.simulatorRoutesServed); never in secure mode, where a process that needs
 * them (a test, the benchmark) drives the simulator in-process through Bridge.simulator and Bridge.traffic.
 * Development tools, so they take no token, but browser pages of disallowed origins are refused (a POST without a
 * body needs no CORS preflight, so CORS alone would not stop another site from hanging up calls).
 */
import type { FastifyInstance } from 'fastify';
import type { DnStatus, TCall, TelephonyBackend } from '../backend/telephonyBackend';
import { SimulatorError, type SimulatorControl, type SwitchCallView } from '../backend/simulator/simulatorControl';
import { MAX_CALLS_PER_SECOND, MAX_HOLD_MS, type TrafficGenerator } from '../backend/simulator/trafficGenerator';
import type { AgentDirectory } from '../bridge/agentDirectory';
import type { AgentAuthenticator } from '../bridge/authentication';
import { admitOrigin } from './admission';
import type { OriginPolicy } from './originPolicy';

export interface SimulatorRouteDeps {
  readonly simulator: SimulatorControl;
  readonly traffic: TrafficGenerator;
  readonly backend: TelephonyBackend;
  readonly directory: AgentDirectory;
  readonly authenticator: AgentAuthenticator;
  readonly origins: OriginPolicy;
  readonly devAgent: string;
  /** The DN whose phone plays the colleague of transfers (simulator.transferTarget), if any. */
  readonly transferTarget: string | null;
  /**
   * Whether GET /simulator/token is served. Only in development mode: in secure mode an open token endpoint would
   * make the tokens mean nothing (tests there mint in-process with Bridge.mintDevToken).
   */
  readonly mintsTokens: boolean;
}

/** A call in GET /simulator/state: as T-Server reports it, and the DTMF digits its customer heard ('' for none). */
export type SimulatorCall = TCall & { readonly digitsHeard: string };

/**
 * What GET /simulator/state answers: every DN's status (an agent's, and the transfer target's; a Held call's customer
 * hears music on hold), which one the token-less client uses, which one is the transfer target, and every call of the
 * switch as a whole (who is on it: a call transferred away from an agent is on the target's DN and the customer's).
 */
export interface SimulatorState {
  readonly devAgentDn: string | null;
  readonly transferTarget: string | null;
  readonly linkConnected: boolean;
  readonly dns: ReadonlyArray<Omit<DnStatus, 'calls'> & { readonly agentId: string; readonly calls: readonly SimulatorCall[] }>;
  readonly calls: readonly SwitchCallView[];
}

const text = { type: 'string', minLength: 1, maxLength: 64 } as const;
/** The callers' number when a traffic plan names none. */
const TRAFFIC_ANI = '+15550100';
const connectionParams = {
  type: 'object',
  required: ['connectionId'],
  properties: { connectionId: text },
} as const;
const phoneParams = { type: 'object', required: ['dn'], properties: { dn: text } } as const;
const busyBody = { type: 'object', required: ['busy'], additionalProperties: false, properties: { busy: { type: 'boolean' } } } as const;
/** Bodies that name a call are optional: without one, the simulator picks the DN's only call. */
const optionalCallBody = { type: ['object', 'null'], properties: { connectionId: text } } as const;

interface CallParams {
  readonly connectionId: string;
}
interface PhoneParams {
  readonly dn: string;
}
interface PhoneBody {
  readonly connectionId?: string;
}

export function registerSimulatorRoutes(parent: FastifyInstance, deps: SimulatorRouteDeps): void {
  // An encapsulated context, so that the origin hook applies to these routes only.
  parent.register(async (app) => {
    app.addHook('onRequest', app.rateLimit());
    app.addHook('onRequest', admitOrigin(deps.origins));
    registerRoutes(app, deps);
  });
}

function registerRoutes(app: FastifyInstance, deps: SimulatorRouteDeps): void {
  const { simulator } = deps;

  app.post<{ Body: { dn?: string; ani: string } }>(
    '/simulator/calls',
    {
      schema: {
        body: { type: 'object', required: ['ani'], properties: { dn: text, ani: text } },
      },
    },
    async (request, reply) => {
      const dn = request.body.dn ?? deps.directory.dnOf(deps.devAgent);
      if (dn === undefined) throw new SimulatorError('BAD_REQUEST', 'name the "dn" to call: there is no development agent');
      const { connId, callUuid } = simulator.customerCalls({ dn, ani: request.body.ani });
      // An inbound call has no MakeCall user data, so its eventId is its CallUuid (as in pushed events).
      return reply.code(201).send({ connectionId: connId, eventId: callUuid });
    },
  );

  const callActions: ReadonlyArray<readonly [string, (connId: string) => void]> = [
    ['hangup', (connId) => simulator.customerHangsUp(connId)],
    ['answer', (connId) => simulator.calleeAnswers(connId)],
    ['busy', (connId) => simulator.calleeBusy(connId)],
  ];
  for (const [action, act] of callActions) {
    app.post<{ Params: CallParams }>(
      `/simulator/calls/:connectionId/${action}`,
      { schema: { params: connectionParams } },
      async (request) => {
        act(request.params.connectionId);
        return { ok: true, connectionId: request.params.connectionId };
      },
    );
  }

  const phoneActions: ReadonlyArray<readonly [string, (dn: string, connId?: string) => { connId: string }]> = [
    ['answer', (dn, connId) => simulator.phoneAnswers(dn, connId)],
    ['release', (dn, connId) => simulator.phoneReleases(dn, connId)],
    ['hold', (dn, connId) => simulator.phoneHolds(dn, connId)],
    ['retrieve', (dn, connId) => simulator.phoneRetrieves(dn, connId)],
  ];
  for (const [action, act] of phoneActions) {
    app.post<{ Params: PhoneParams; Body: PhoneBody | null | undefined }>(
      `/simulator/phones/:dn/${action}`,
      { schema: { params: phoneParams, body: optionalCallBody } },
      async (request) => {
        const { connId } = act(request.params.dn, request.body?.connectionId);
        return { ok: true, connectionId: connId };
      },
    );
  }

  // The phone is busy to every call (a colleague on another line), or free again.
  app.post<{ Params: PhoneParams; Body: { busy: boolean } }>('/simulator/phones/:dn/busy', { schema: { params: phoneParams, body: busyBody } }, async (request) => {
    simulator.setBusy(request.params.dn, request.body.busy);
    return { ok: true, dn: request.params.dn, busy: request.body.busy };
  });

  // Another agent (at `from`, the transfer target by default) transfers a customer's call to a DN (the development
  // agent's by default): it rings there as a transferred call.
  app.post<{ Body: { ani: string; dn?: string; from?: string } }>(
    '/simulator/transfers',
    { schema: { body: { type: 'object', required: ['ani'], properties: { ani: text, dn: text, from: text } } } },
    async (request, reply) => {
      const dn = request.body.dn ?? deps.directory.dnOf(deps.devAgent);
      if (dn === undefined) throw new SimulatorError('BAD_REQUEST', 'name the "dn" to transfer to: there is no development agent');
      const from = request.body.from ?? deps.transferTarget;
      if (from === null) throw new SimulatorError('BAD_REQUEST', 'name the DN the call is transferred "from": the bridge has no simulator.transferTarget');
      const { connId, callUuid } = simulator.transferToAgent({ dn, ani: request.body.ani, from });
      return reply.code(201).send({ connectionId: connId, eventId: callUuid });
    },
  );

  app.post<{ Body: { callsPerSecond: number; holdMs: number; ani?: string } }>(
    '/simulator/traffic',
    {
      schema: {
        body: {
          type: 'object',
          required: ['callsPerSecond', 'holdMs'],
          additionalProperties: false,
          properties: {
            callsPerSecond: { type: 'number', exclusiveMinimum: 0, maximum: MAX_CALLS_PER_SECOND },
            holdMs: { type: 'integer', minimum: 0, maximum: MAX_HOLD_MS },
            ani: text,
          },
        },
      },
    },
    async (request, reply) => {
      const { callsPerSecond, holdMs, ani = TRAFFIC_ANI } = request.body;
      return reply.code(201).send(deps.traffic.start({ callsPerSecond, holdMs, ani }));
    },
  );
  app.get('/simulator/traffic', async () => deps.traffic.stats());
  app.delete('/simulator/traffic', async () => deps.traffic.stop());

  app.post('/simulator/link/down', async () => {
    simulator.linkDown();
    return { ok: true };
  });
  app.post('/simulator/link/up', async () => {
    simulator.linkUp();
    return { ok: true };
  });

  if (deps.mintsTokens) {
    app.get<{ Querystring: { agent: string } }>(
      '/simulator/token',
      { schema: { querystring: { type: 'object', required: ['agent'], properties: { agent: text } } } },
      async (request) => {
        const agentId = request.query.agent;
        if (deps.directory.dnOf(agentId) === undefined) throw new SimulatorError('NOT_FOUND', `no agent "${agentId}" in the bridge's agent table`);
        return { token: await deps.authenticator.mintDevToken(agentId) };
      },
    );
  }

  // The Customer panel polls this every second: logging each read would bury everything else the bridge logs.
  app.get('/simulator/state', { logLevel: 'warn' }, () => simulatorStateOf(deps.backend, simulator, deps.directory, deps.devAgent, deps.transferTarget));
}

/** What GET /simulator/state answers; also Bridge.simulatorState() for in-process callers (tests of a secure bridge). */
export async function simulatorStateOf(
  backend: TelephonyBackend,
  simulator: Pick<SimulatorControl, 'digitsHeard' | 'switchCalls'>,
  directory: AgentDirectory,
  devAgent: string,
  transferTarget: string | null,
): Promise<SimulatorState> {
  const phones = transferTarget === null || directory.dns.includes(transferTarget) ? directory.dns : [...directory.dns, transferTarget];
  const dns = await Promise.all(
    phones.map(async (dn) => {
      const status = await backend.query(dn);
      const calls = status.calls.map((call) => ({ ...call, digitsHeard: simulator.digitsHeard(call.connId) ?? '' }));
      return { ...status, calls, agentId: directory.agentOf(dn) ?? '' };
    }),
  );
  return { devAgentDn: directory.dnOf(devAgent) ?? null, transferTarget, linkConnected: backend.linkConnected, dns, calls: simulator.switchCalls() };
}
