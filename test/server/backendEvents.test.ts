/** @jest-environment node */
/**
 * What a real backend may send beyond what the built-in simulator produces, carried end to end: the bridge forwards
 * T-Library's whole CallState set and EventPartyChanged on the wire, and the toolbar's decoder takes them; a
 * per-agent backend's link events reach only the DN they name; an agent's backend session that ended closes that
 * agent's sessions so that each comes back with fresh credentials.
 */
import { CLOSE_CODES, CALL_STATES, type PushedEvent } from '../../protocol/bridgeProtocol';
import { TServerSimulator } from '../../server/src/backend/simulator/tserverSimulator';
import type { DnStatus, TEvent, TEventListener } from '../../server/src/backend/telephonyBackend';
import { decodeFrame, EMPTY_BOOK, interpret } from '../../src/ts/cti/vendor/genesys/genesysEvents';
import { AGENT1_DN, AGENT2_DN, BridgeKit, type EventStream } from './bridgeTestKit';

/** The simulator, plus a hand on its listener: the test plays what a real T-Server or a per-agent backend would send. */
class ScriptedBackend extends TServerSimulator {
  private scriptListener: TEventListener | undefined;
  /** Per-DN link state, as a per-agent backend reports it in DnStatus. */
  readonly dnLinks = new Map<string, boolean>();

  constructor() {
    super({ dns: [AGENT1_DN, AGENT2_DN], ringTimeoutMs: null, dialTimeoutMs: null });
  }

  override onEvent(listener: TEventListener): void {
    this.scriptListener = listener;
    super.onEvent(listener);
  }

  override async query(dn: string): Promise<DnStatus> {
    const status = await super.query(dn);
    const link = this.dnLinks.get(dn);
    return link === undefined ? status : { ...status, linkConnected: link };
  }

  play(event: TEvent): void {
    if (!this.scriptListener) throw new Error('the bridge is not listening');
    this.scriptListener(event);
  }
}

const kit = new BridgeKit();
afterEach(() => kit.cleanup());

async function twoAgents(): Promise<{ backend: ScriptedBackend; a: EventStream; b: EventStream }> {
  const backend = new ScriptedBackend();
  const bridge = await kit.start({}, backend);
  if (!bridge.mintDevToken) throw new Error('the simulator bridge mints development tokens');
  const { stream: a } = await kit.connectAndSnapshot(bridge);
  const { stream: b } = await kit.connectAndSnapshot(bridge, { token: await bridge.mintDevToken('agent2') });
  return { backend, a, b };
}

/** The frame as the toolbar decodes it. */
function decoded(event: PushedEvent): PushedEvent {
  const result = decodeFrame(JSON.stringify(event));
  if (!result.ok) throw new Error(result.problem);
  return result.event;
}

test('a ConnID change reaches the session as EventPartyChanged, and the toolbar follows the call under its new ConnID', async () => {
  const { backend, a } = await twoAgents();
  const { connId, callUuid } = backend.customerCalls({ dn: AGENT1_DN, ani: '+15550100' });
  const ringing = decoded(await a.waitFor('EventRinging'));
  const call = { connId: 'f00000000000000f', callUuid, callType: 'Inbound', state: 'Established', ani: '+15550100', otherDN: '+15550100', userData: {} } as const;

  backend.play({ name: 'EventPartyChanged', thisDN: AGENT1_DN, call, previousConnId: connId, time: 1 });

  const changed = decoded(await a.waitFor('EventPartyChanged'));
  expect(changed).toMatchObject({ connectionId: 'f00000000000000f', previousConnectionId: connId, eventId: callUuid });
  const { book } = interpret(interpret(EMPTY_BOOK, ringing).book, changed);
  expect(book.calls.get(callUuid)?.connectionId).toBe('f00000000000000f');
});

test('every T-Library CallState of a release reaches the session, and the toolbar decodes each', async () => {
  const { backend, a } = await twoAgents();
  const call = { connId: 'e00000000000000e', callUuid: 'UUID-T', callType: 'Inbound', state: 'Established', otherDN: '+15550100', userData: {} } as const;

  for (const callState of CALL_STATES) backend.play({ name: 'EventReleased', thisDN: AGENT1_DN, call, callState, releasingParty: 'Local', time: 1 });

  for (const callState of CALL_STATES) {
    const released = await a.waitFor('EventReleased');
    expect(decoded(released)).toMatchObject({ callState, connectionId: 'e00000000000000e', previousState: 'Established' });
  }
});

test('a per-agent link event reaches only its DN; its return brings that DN a snapshot with its own link state', async () => {
  const { backend, a, b } = await twoAgents();

  backend.dnLinks.set(AGENT2_DN, false);
  backend.play({ name: 'EventLinkDisconnected', thisDN: AGENT2_DN, time: 1 });
  expect(await b.waitFor('EventLinkDisconnected')).toEqual({ eventName: 'EventLinkDisconnected', thisDN: AGENT2_DN });
  backend.dnLinks.set(AGENT2_DN, true);
  backend.play({ name: 'EventLinkConnected', thisDN: AGENT2_DN, time: 2 });
  expect(await b.waitFor('EventLinkConnected')).toEqual({ eventName: 'EventLinkConnected', thisDN: AGENT2_DN });
  expect(await b.waitFor('EventRegistered')).toMatchObject({ thisDN: AGENT2_DN, linkConnected: true });

  // Agent 1 heard nothing of it: its next frame is its own call.
  backend.customerCalls({ dn: AGENT1_DN, ani: '+15550100' });
  const next = await a.waitFor(() => true);
  expect(next.eventName).toBe('EventRinging');
});

test('a session opened while its DN\'s own link is down gets a snapshot saying so', async () => {
  const backend = new ScriptedBackend();
  backend.dnLinks.set(AGENT1_DN, false);
  const bridge = await kit.start({}, backend);

  const { snapshot } = await kit.connectAndSnapshot(bridge);

  expect(snapshot).toMatchObject({ thisDN: AGENT1_DN, linkConnected: false });
});

test('an agent\'s backend session that ended closes that agent\'s sessions with tokenExpired and the reason; others go on', async () => {
  const { backend, a, b } = await twoAgents();

  backend.play({ name: 'EventSessionEnded', thisDN: AGENT1_DN, reason: 'the Genesys session ended: sign in again', time: 1 });

  expect(await a.closed).toEqual({ code: CLOSE_CODES.tokenExpired, reason: 'the Genesys session ended: sign in again' });
  backend.customerCalls({ dn: AGENT2_DN, ani: '+15550100' });
  expect(await b.waitFor('EventRinging')).toMatchObject({ thisDN: AGENT2_DN });
});
