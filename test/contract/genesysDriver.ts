/**
 * The Genesys side of the vendor contract: a real bridge (server/) started in-process on a free loopback port, with
 * its T-Server simulator playing the customer, the callee and the agent's softphone, and the real
 * GenesysVendorHandler talking to it over jsdom's WebSocket and XHR (fetch through whatwg-fetch, with CORS).
 *
 * Test files that use it need the jsdom environment to resolve packages as Node does (the bridge's `ws` has a
 * browser build that throws): `@jest-environment-options {"customExportConditions": ["node", "require", "default"]}`;
 * bridgeInJsdom.ts adds the Node globals the bridge's libraries need.
 */
import './bridgeInJsdom';
import 'whatwg-fetch';
import { startBridge, type Bridge } from '../../server/src/app';
import type { ConfigOverrides } from '../../server/src/config';
import type { SimulatorState } from '../../server/src/http/simulatorRoutes';
import { GenesysVendorHandler } from '../../src/ts/cti/vendor/genesys/genesysVendorHandler';
import { parseGenesysOptions, type GenesysOptions } from '../../src/ts/cti/vendor/genesys/genesysOptions';
import type { EventId } from '../../src/ts/cti/core/types';
import type { SwitchCallView } from '../../server/src/backend/simulator/simulatorControl';
import type { VendorDriver } from './vendorDriver';

/** The ring timeout of the contract's bridge: long enough for any other check to finish with its call still ringing. */
export const CONTRACT_RING_TIMEOUT_MS = 2500;

/** Fast reconnects and short timeouts, so that tests fail in seconds rather than hang. */
export const TEST_HANDLER_OPTIONS = { reconnectMinMs: 20, reconnectMaxMs: 200, requestTimeoutMs: 3000 } as const;

/**
 * The reasons the contract's Genesys handlers are configured with (genesys.notReadyReasons): a numeric code, as sites'
 * Action Codes often are, and a code that is a word.
 */
export const CONTRACT_NOT_READY_REASONS = [
  { code: '41', name: 'Lunch' },
  { code: 'Training', name: 'Training session' },
] as const;

/** Starts a bridge for tests: free port, no logs, the simulator's timers off unless asked for. */
export function startTestBridge(overrides: ConfigOverrides = {}): Promise<Bridge> {
  return startBridge({ port: 0, logLevel: 'silent', simulator: { ringTimeoutMs: null, dialTimeoutMs: null }, ...overrides });
}

export function handlerOptions(bridge: Bridge, section: Readonly<Record<string, unknown>> = {}): GenesysOptions {
  const parsed = parseGenesysOptions({ bridgeUrl: bridge.url, ...TEST_HANDLER_OPTIONS, ...section });
  if (!parsed.ok) throw new Error(`Bad handler options: ${parsed.errors.join('; ')}`);
  return parsed.options;
}

/**
 * What the bridge's simulator says of one DN (what GET /simulator/state answers, read in-process: a secure bridge
 * serves no /simulator/* route).
 */
export async function dnState(bridge: Bridge, dn: string): Promise<SimulatorState['dns'][number]> {
  if (!bridge.simulatorState) throw new Error('the bridge runs without its simulator');
  const state = await bridge.simulatorState();
  const entry = state.dns.find((candidate) => candidate.dn === dn);
  if (!entry) throw new Error(`The simulator has no DN ${dn}`);
  return entry;
}

/** A DN the driver's switch does not have: a transfer to it is T-Server's EventError. */
export const UNROUTABLE_DN = '7999';

/** Polls until a condition holds, bounded: for facts only the simulator's state shows (a ring timer went off). */
export async function eventually(what: string, holds: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error(`Waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function dnOf(bridge: Bridge, agentId = bridge.config.devAgent): string {
  const entry = bridge.config.agents[agentId];
  if (!entry) throw new Error(`The bridge has no agent ${agentId}`);
  return entry.dn;
}

export interface GenesysDriver extends VendorDriver {
  readonly handler: GenesysVendorHandler;
  readonly bridge: Bridge;
  readonly dn: string;
  /** T-Server's ConnID of a call the handler reports under eventId. */
  connectionIdOf(eventId: EventId): Promise<string>;
}

export interface GenesysDriverOptions {
  /** Overrides of the bridge's configuration. */
  readonly bridge?: ConfigOverrides;
  /** The handler's configuration section, over bridgeUrl and TEST_HANDLER_OPTIONS. */
  readonly handler?: Readonly<Record<string, unknown>>;
  /** The agent whose DN the driver's customers call (the bridge's devAgent by default). */
  readonly agentId?: string;
}

export async function genesysDriver(options: GenesysDriverOptions = {}): Promise<GenesysDriver> {
  const bridge = await startTestBridge({ simulator: { ringTimeoutMs: CONTRACT_RING_TIMEOUT_MS, dialTimeoutMs: null }, ...options.bridge });
  const simulator = bridge.simulator;
  if (!simulator) {
    await bridge.close();
    throw new Error('The bridge runs without its simulator: the driver cannot play the customer.');
  }
  const handler = new GenesysVendorHandler(handlerOptions(bridge, options.handler));
  const dn = dnOf(bridge, options.agentId);
  /** Inbound calls: eventId (CallUuid) → ConnID, as the simulator gave them. */
  const inbound = new Map<EventId, string>();

  const connectionIdOf = async (eventId: EventId): Promise<string> => {
    const known = inbound.get(eventId);
    if (known) return known;
    // A call the toolbar placed carries its eventId as user data.
    const call = (await dnState(bridge, dn)).calls.find((candidate) => candidate.userData.eventId === eventId || candidate.callUuid === eventId);
    if (!call) throw new Error(`The simulator has no call ${eventId} at DN ${dn}`);
    return call.connId;
  };

  const ringTimeoutMs = bridge.config.simulator.ringTimeoutMs;
  // The colleague a transfer goes to: a phone of the switch the simulator plays (simulator.transferTarget).
  const target = bridge.config.simulator.transferTarget;
  /** The one call at the target's phone (the contract has one at a time), as the switch has it. */
  const targetCall = (): { call: SwitchCallView; party: SwitchCallView['parties'][number] } | undefined => {
    for (const call of simulator.switchCalls()) {
      const party = call.parties.find((candidate) => candidate.dn === target);
      if (party) return { call, party };
    }
    return undefined;
  };
  const ringingAtTarget = (): string => {
    const found = targetCall();
    if (!found || found.party.state !== 'Ringing') throw new Error(`No call rings at the transfer target ${target}`);
    return found.call.connId;
  };
  const driver: GenesysDriver = {
    handler,
    bridge,
    dn,
    connectionIdOf,
    customerCalls: async (phoneNumber) => {
      const { connId, callUuid } = simulator.customerCalls({ dn, ani: phoneNumber });
      inbound.set(callUuid, connId);
      return callUuid;
    },
    customerHangsUp: async (eventId) => simulator.customerHangsUp(await connectionIdOf(eventId)),
    phoneAnswers: async (eventId) => {
      simulator.phoneAnswers(dn, await connectionIdOf(eventId));
    },
    phoneHangsUp: async (eventId) => {
      simulator.phoneReleases(dn, await connectionIdOf(eventId));
    },
    calleeAnswers: async (eventId) => simulator.calleeAnswers(await connectionIdOf(eventId)),
    calleeRefuses: async (eventId) => simulator.calleeBusy(await connectionIdOf(eventId)),
    // T-Server refuses the next AnswerCall or ReleaseCall (the simulator's test control): the bridge answers the
    // handler's Accept or Hangup with BACKEND_ERROR, and the call stays as it was.
    refuseNext: (verb) => simulator.refuseNext(verb === 'acceptCall' ? 'AnswerCall' : 'ReleaseCall'),
    // The customer of a Held call hears the switch's music on hold.
    callHeld: async (eventId) => {
      const connId = await connectionIdOf(eventId);
      return (await dnState(bridge, dn)).calls.some((call) => call.connId === connId && call.state === 'Held');
    },
    phoneHolds: async (eventId) => {
      simulator.phoneHolds(dn, await connectionIdOf(eventId));
    },
    phoneResumes: async (eventId) => {
      simulator.phoneRetrieves(dn, await connectionIdOf(eventId));
    },
    digitsReceived: async (eventId) => simulator.digitsHeard(await connectionIdOf(eventId)) ?? '',
    ...(target === null
      ? {}
      : {
          transferTarget: {
            destination: { kind: 'number', phoneNumber: target },
            reportedAs: target,
            unroutable: { kind: 'number', phoneNumber: UNROUTABLE_DN },
          },
          targetCall: async () => {
            const found = targetCall();
            if (!found) return { state: 'none', withCustomer: false, withAgent: false };
            return {
              state: found.party.state === 'Ringing' ? 'ringing' : 'talking',
              withCustomer: found.call.outside !== undefined,
              withAgent: found.call.parties.some((party) => party.dn === dn),
            };
          },
          targetAnswers: async () => {
            simulator.phoneAnswers(target, ringingAtTarget());
          },
          targetRefuses: async () => {
            simulator.phoneReleases(target, ringingAtTarget());
          },
          targetHangsUp: async () => {
            simulator.phoneReleases(target);
          },
          // The colleague at the target transfers a customer's call to the agent in one step.
          callTransferredIn: async (phoneNumber) => {
            const { connId, callUuid } = simulator.transferToAgent({ dn, ani: phoneNumber, from: target });
            inbound.set(callUuid, connId);
            return callUuid;
          },
        }),
    agentHasCalls: async () => (await dnState(bridge, dn)).calls.length > 0,
    agentState: async () => {
      const state = (await dnState(bridge, dn)).agent.state;
      return state === 'Ready' ? 'available' : state === 'NotReady' ? 'unavailable' : state;
    },
    dispose: () => bridge.close(),
  };
  if (ringTimeoutMs !== null) {
    // T-Server's own timer releases the call: wait until the simulator no longer has it.
    driver.ringTimesOut = async (eventId) => {
      const connId = await connectionIdOf(eventId);
      await eventually(`the ring timeout of call ${eventId}`, async () => !(await dnState(bridge, dn)).calls.some((call) => call.connId === connId), ringTimeoutMs + 2000);
    };
  }
  return driver;
}

