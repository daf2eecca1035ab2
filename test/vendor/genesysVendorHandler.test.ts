/**
 * The Genesys handler against the real bridge on loopback (in-process, its T-Server simulator playing the customer
 * and the softphone), over jsdom's WebSocket and XHR with CORS. The tutorial's scenarios go through the core to a
 * recording Fusion, to show the story Fusion hears; the rest watch the handler's own reports.
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { type AgentMessage, inEnglish, say } from '../../src/ts/cti/core/agentMessages';
import '../contract/bridgeInJsdom';
import 'whatwg-fetch';
import * as http from 'http';
import { WebSocketServer } from 'ws';
import type { Bridge } from '../../server/src/app';
import { IntegrationEventsHandler } from '../../src/ts/cti/core/integrationEventsHandler';
import { VendorError } from '../../src/ts/cti/core/errors';
import type { VendorEvent } from '../../src/ts/cti/core/types';
import { BRIDGE_PROTOCOL, CLOSE_CODES } from '../../protocol/bridgeProtocol';
import { FIELD_RULES } from '../../protocol/fieldRules';
import { LINK_DOWN_DETAIL, presenceOf } from '../../src/ts/cti/vendor/genesys/genesysEvents';
import { GenesysVendorHandler } from '../../src/ts/cti/vendor/genesys/genesysVendorHandler';
import type { BridgeSignIn, SignInState } from '../../src/ts/cti/signin/tokenSignIn';
import { parseGenesysOptions } from '../../src/ts/cti/vendor/genesys/genesysOptions';
import { dnOf, dnState, eventually, handlerOptions, startTestBridge } from '../contract/genesysDriver';
import { ReportedEvents } from '../contract/vendorContract';
import { RecordingFusion } from '../support/recordingFusion';

jest.setTimeout(15_000);

const CUSTOMER = '+16505550100';
const SECOND_CUSTOMER = '+442071234567';
const CALLEE = '+33142685300';
/** The bridge's words for a MakeCall destination that is not a dialable number. */
const DESTINATION_RULE = `"destination" must be ${FIELD_RULES.destination.wording}`;
/** jsdom's page origin: what the bridge sees in Origin headers. */
const PAGE_ORIGIN = 'http://localhost';
/** How long to watch for reports that must not come. */
const QUIET_MS = 150;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const quiet = () => undefined;
const is =
  <T extends VendorEvent['type']>(type: T, eventId?: string) =>
  (event: VendorEvent): boolean =>
    event.type === type && (eventId === undefined || ('eventId' in event && event.eventId === eventId));
const linkIs = (status: string) => (event: VendorEvent) => event.type === 'link' && event.status === status;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a verb rejected with: a VendorError, its code, the bridge's own code, a dial's outbound code, and the words. */
async function rejectionOf(
  request: Promise<unknown>,
): Promise<{ vendorError: boolean; code?: string; vendorCode?: string; outboundErrorCode?: string; message: string }> {
  const err = await request.then(
    () => {
      throw new Error('it resolved; it should have been refused');
    },
    (reason: unknown) => reason,
  );
  if (!(err instanceof VendorError)) return { vendorError: false, message: String(err) };
  return {
    vendorError: true,
    code: err.code,
    ...(err.vendorCode === undefined ? {} : { vendorCode: err.vendorCode }),
    ...(err.outboundErrorCode === undefined ? {} : { outboundErrorCode: err.outboundErrorCode }),
    message: err.message,
  };
}

async function bridgeFor(overrides: Parameters<typeof startTestBridge>[0] = {}): Promise<Bridge> {
  const bridge = await startTestBridge(overrides);
  cleanups.push(() => bridge.close());
  return bridge;
}

/** A handler on the bridge, started, with its reports recorded. */
async function startedHandler(bridge: Bridge, section: Readonly<Record<string, unknown>> = {}) {
  const handler = new GenesysVendorHandler(handlerOptions(bridge, section));
  const log = new ReportedEvents();
  cleanups.push(() => handler.stop());
  await handler.start(log.listener);
  return { handler, log };
}

/** The core and a recording Fusion over a handler on the bridge: what Fusion hears of each call. */
async function toolbarOn(bridge: Bridge) {
  const handler = new GenesysVendorHandler(handlerOptions(bridge));
  const fusion = new RecordingFusion();
  const core = new IntegrationEventsHandler({ vendor: handler, fusion, log: quiet });
  cleanups.push(() => handler.stop());
  await core.start();
  expect(core.snapshot()).toMatchObject({ link: 'connected', lastError: null });
  const storyOf = (eventId: string, length: number) =>
    eventually(`${length} publishes for call ${eventId}`, async () => fusion.story(eventId).length >= length, 3000).then(async () => {
      await pause(QUIET_MS);
      return fusion.story(eventId);
    });
  return { bridge, handler, fusion, core, storyOf, simulator: simulatorOf(bridge), dn: dnOf(bridge) };
}

function simulatorOf(bridge: Bridge): NonNullable<Bridge['simulator']> {
  if (!bridge.simulator) throw new Error('the bridge runs without its simulator');
  return bridge.simulator;
}

/** A command from another desktop of the same agent (the tutorial's token-less client, in development mode). */
async function otherDesktop(bridge: Bridge, command: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${bridge.url}/genesys/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(command) });
  if (!response.ok) throw new Error(`the other desktop's ${String(command.type)} failed: HTTP ${response.status}`);
}

describe('a bridge restart', () => {
  it('does not leave an Available agent logged out: the toolbar makes the agent ready again at the new bridge', async () => {
    const first = await startTestBridge();
    cleanups.push(() => first.close().catch(() => undefined)); // closed by the test itself unless it fails first
    const port = Number(new URL(first.url).port);
    const t = await toolbarOn(first);
    expect(await t.core.setAvailability(true, 'toolbar')).toEqual({ ok: true });
    await eventually('the agent ready at the first bridge', async () => (await dnState(first, t.dn)).agent.state === 'Ready', 3000);
    await first.close();
    await eventually('the toolbar to see the link drop', async () => t.core.snapshot().link !== 'connected', 5000);
    const second = await bridgeFor({ port }); // a new process in real life: its simulator starts the agent logged out
    await eventually('the agent ready again at the new bridge', async () => (await dnState(second, t.dn)).agent.state === 'Ready', 8000);
    await eventually('the toolbar to show the agent available', async () => t.core.snapshot().presence.available, 3000);
    expect(t.core.snapshot()).toMatchObject({ link: 'connected', lastError: expect.not.stringContaining('could not make you') });
  });
});

describe('the tutorial’s scenarios, as Fusion hears them', () => {
  it('accept from the toolbar, hang up from the toolbar → a call that goes to wrap-up', async () => {
    const t = await toolbarOn(await bridgeFor());
    const { callUuid } = t.simulator.customerCalls({ dn: t.dn, ani: CUSTOMER });
    await t.storyOf(callUuid, 1);
    expect(await t.core.callAction(callUuid, 'accept', 'toolbar')).toEqual({ ok: true });
    await t.storyOf(callUuid, 2);
    expect(await t.core.callAction(callUuid, 'hangup', 'toolbar')).toEqual({ ok: true });
    expect(await t.storyOf(callUuid, 3)).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
    expect(t.fusion.published.find((p) => p.operation === 'newCommEvent')).toMatchObject({ direction: 'inbound', inData: { SVCMCA_ANI: CUSTOMER } });
  });

  it('accept from Fusion, hang up on the softphone', async () => {
    const t = await toolbarOn(await bridgeFor());
    const { callUuid } = t.simulator.customerCalls({ dn: t.dn, ani: CUSTOMER });
    await t.storyOf(callUuid, 1);
    expect(await t.core.callAction(callUuid, 'accept', 'fusion')).toEqual({ ok: true });
    await t.storyOf(callUuid, 2);
    t.simulator.phoneReleases(t.dn);
    expect(await t.storyOf(callUuid, 3)).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
  });

  it('accept on the softphone, hang up from Fusion', async () => {
    const t = await toolbarOn(await bridgeFor());
    const { callUuid } = t.simulator.customerCalls({ dn: t.dn, ani: CUSTOMER });
    await t.storyOf(callUuid, 1);
    t.simulator.phoneAnswers(t.dn);
    await t.storyOf(callUuid, 2);
    expect(await t.core.callAction(callUuid, 'hangup', 'fusion')).toEqual({ ok: true });
    expect(await t.storyOf(callUuid, 3)).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
  });

  it('decline from Fusion → REJECT', async () => {
    const t = await toolbarOn(await bridgeFor());
    const { callUuid } = t.simulator.customerCalls({ dn: t.dn, ani: CUSTOMER });
    await t.storyOf(callUuid, 1);
    expect(await t.core.callAction(callUuid, 'reject', 'fusion')).toEqual({ ok: true });
    expect(await t.storyOf(callUuid, 2)).toEqual(['newCommEvent', 'closeCommEvent:REJECT']);
  });

  it('decline on the softphone → REJECT', async () => {
    const t = await toolbarOn(await bridgeFor());
    const { callUuid } = t.simulator.customerCalls({ dn: t.dn, ani: CUSTOMER });
    await t.storyOf(callUuid, 1);
    t.simulator.phoneReleases(t.dn);
    expect(await t.storyOf(callUuid, 2)).toEqual(['newCommEvent', 'closeCommEvent:REJECT']);
  });

  it('the customer hangs up before the answer → ABANDONED; after it → WRAPUP', async () => {
    const t = await toolbarOn(await bridgeFor());
    const first = t.simulator.customerCalls({ dn: t.dn, ani: CUSTOMER });
    await t.storyOf(first.callUuid, 1);
    t.simulator.customerHangsUp(first.connId);
    expect(await t.storyOf(first.callUuid, 2)).toEqual(['newCommEvent', 'closeCommEvent:ABANDONED']);

    const second = t.simulator.customerCalls({ dn: t.dn, ani: CUSTOMER });
    await t.storyOf(second.callUuid, 1);
    await t.core.callAction(second.callUuid, 'accept', 'toolbar');
    await t.storyOf(second.callUuid, 2);
    t.simulator.customerHangsUp(second.connId);
    expect(await t.storyOf(second.callUuid, 3)).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
  });

  it('nobody answers → TIMEOUT, when T-Server’s ring timer gives up', async () => {
    const t = await toolbarOn(await bridgeFor({ simulator: { ringTimeoutMs: 300, dialTimeoutMs: null } }));
    const { callUuid } = t.simulator.customerCalls({ dn: t.dn, ani: CUSTOMER });
    expect(await t.storyOf(callUuid, 2)).toEqual(['newCommEvent', 'closeCommEvent:TIMEOUT']);
  });

  it('an outbound call from Fusion’s click-to-dial: the callee answers, then hangs up', async () => {
    const t = await toolbarOn(await bridgeFor());
    expect(await t.core.dial(CALLEE, { eventId: 'click-1' })).toEqual({ ok: true });
    await eventually('the call at the simulator', async () => (await dnState(t.bridge, t.dn)).calls.length === 1, 3000);
    const [call] = (await dnState(t.bridge, t.dn)).calls;
    expect(call).toMatchObject({ state: 'Dialing', otherDN: CALLEE, userData: { eventId: 'click-1' } });
    t.simulator.calleeAnswers(call.connId);
    await t.storyOf('click-1', 2);
    t.simulator.customerHangsUp(call.connId);
    expect(await t.storyOf('click-1', 3)).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
    expect(t.fusion.published.find((p) => p.eventId === 'click-1')).toMatchObject({ direction: 'outbound', inData: { SVCMCA_ANI: CALLEE } });
  });

  it('an outbound call to a busy number: Fusion hears the error and the call closes as MISSED', async () => {
    const t = await toolbarOn(await bridgeFor());
    expect(await t.core.dial(CALLEE, { eventId: 'click-2' })).toEqual({ ok: true });
    await eventually('the call at the simulator', async () => (await dnState(t.bridge, t.dn)).calls.length === 1, 3000);
    t.simulator.calleeBusy((await dnState(t.bridge, t.dn)).calls[0].connId);
    expect(await t.storyOf('click-2', 3)).toEqual(['newCommEvent', 'outboundCommError', 'closeCommEvent:MISSED']);
    expect(t.fusion.published.find((p) => p.operation === 'outboundCommError')).toMatchObject({ errorCode: 'BUSY' });
    expect(t.core.snapshot().lastError).toBe(`The call could not be placed: ${CALLEE} is busy.`);
  });

  it('agent state both ways: Fusion’s makeAvailable reaches T-Server, another desktop’s Not Ready reaches Fusion', async () => {
    const bridge = await bridgeFor();
    const t = await toolbarOn(bridge);
    expect(t.core.currentPresence()).toEqual(presenceOf('LoggedOut'));
    expect(await t.core.setAvailability(true, 'fusion')).toEqual({ ok: true });
    await eventually('the agent available', async () => t.core.currentPresence().available, 3000);
    expect((await dnState(bridge, t.dn)).agent.state).toBe('Ready');

    await otherDesktop(bridge, { type: 'NotReady', reasonCode: 'Lunch' });
    await eventually('the agent not ready', async () => !t.core.currentPresence().available, 3000);
    await pause(QUIET_MS);
    expect(t.fusion.published.filter((p) => p.operation === 'agentStateEventOperation').map((p) => p.presence?.stateCode)).toEqual([
      'UNAVAILABLE', // connecting
      'LOGGED_OUT',
      'AVAILABLE',
      'UNAVAILABLE',
    ]);
    expect(t.core.currentPresence()).toEqual(presenceOf('NotReady', 'Lunch'));
  });

  it('two calls at once, each keeping its own story', async () => {
    const t = await toolbarOn(await bridgeFor());
    const first = t.simulator.customerCalls({ dn: t.dn, ani: CUSTOMER });
    await t.storyOf(first.callUuid, 1);
    await t.core.callAction(first.callUuid, 'accept', 'toolbar');
    await t.storyOf(first.callUuid, 2);
    const second = t.simulator.customerCalls({ dn: t.dn, ani: SECOND_CUSTOMER });
    await t.storyOf(second.callUuid, 1);
    await t.core.callAction(second.callUuid, 'reject', 'fusion');
    await t.core.callAction(first.callUuid, 'hangup', 'fusion');
    expect(await t.storyOf(first.callUuid, 3)).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
    expect(await t.storyOf(second.callUuid, 2)).toEqual(['newCommEvent', 'closeCommEvent:REJECT']);
  });
});

describe('GenesysVendorHandler against the bridge', () => {
  it('start() resolves after the snapshot: link connected, then the agent state', async () => {
    const { log } = await startedHandler(await bridgeFor());
    expect(log.events).toEqual([
      { type: 'link', status: 'connecting' },
      { type: 'link', status: 'connected' },
      { type: 'agentState', presence: presenceOf('LoggedOut'), onConnect: true },
    ]);
  });

  it('a refused request rejects in the bridge’s words and reports nothing', async () => {
    const bridge = await bridgeFor();
    const { handler, log } = await startedHandler(bridge);
    const { callUuid } = simulatorOf(bridge).customerCalls({ dn: dnOf(bridge), ani: CUSTOMER });
    await log.waitFor('incoming', is('incoming', callUuid));
    await handler.acceptCall(callUuid);
    await log.waitFor('connected', is('connected', callUuid));
    const mark = log.mark();
    const refused = await rejectionOf(handler.acceptCall(callUuid));
    expect(refused).toMatchObject({ vendorError: true, code: 'INVALID_IN_STATE', vendorCode: 'INVALID_IN_STATE' });
    expect(refused.message).toMatch(/\S/);
    expect(refused.message).not.toMatch(/undefined|\[object|HTTP/);
    await pause(QUIET_MS);
    expect(log.since(mark)).toEqual([]);
  });

  it('verbs on calls it does not know reject NOT_FOUND without asking the bridge', async () => {
    const { handler } = await startedHandler(await bridgeFor());
    const notFound = { vendorError: true, code: 'NOT_FOUND', message: 'Genesys Engage does not know this call.' };
    expect(await rejectionOf(handler.acceptCall('nope'))).toEqual(notFound);
    expect(await rejectionOf(handler.rejectCall('nope'))).toEqual(notFound);
    expect(await rejectionOf(handler.hangupCall('nope'))).toEqual(notFound);
    await expect(handler.acceptCall('nope')).rejects.toHaveProperty('said', say('vendorHasNoCall', { vendor: 'Genesys Engage' }));
    await expect(handler.completeWrapup('nope')).resolves.toBeUndefined();
  });

  it('verbs before start() or after stop() reject LINK_DOWN, readably', async () => {
    const bridge = await bridgeFor();
    const handler = new GenesysVendorHandler(handlerOptions(bridge));
    const linkDown = { vendorError: true, code: 'LINK_DOWN', message: 'The toolbar is not connected to Genesys Engage.' };
    expect(await rejectionOf(handler.makeAgentAvailable())).toEqual(linkDown);
    await handler.start(new ReportedEvents().listener);
    await handler.stop();
    expect(await rejectionOf(handler.makeOutboundCall(CALLEE, 'x'))).toEqual(linkDown);
  });

  describe('the code of each refusal the handler or the bridge makes of a request in the wrong situation', () => {
    type Started = Awaited<ReturnType<typeof startedHandler>> & { readonly bridge: Bridge };
    test.each<[string, (started: Started) => Promise<unknown>, Record<string, unknown>]>([
      ['start() while started', ({ handler }) => handler.start(new ReportedEvents().listener), { code: 'INVALID_IN_STATE', message: 'The toolbar is already connected, or connecting, to Genesys Engage.' }],
      [
        'a dial with the eventId of a call still up',
        async ({ handler, log }) => {
          await handler.makeOutboundCall(CALLEE, 'out-1');
          await log.waitFor('dialing', is('dialing', 'out-1'));
          return handler.makeOutboundCall(CALLEE, 'out-1');
        },
        { code: 'INVALID_IN_STATE', message: 'There is already a call with the id out-1.' },
      ],
      [
        'a dial with the eventId of a call that ended (its late events would be taken for the new one)',
        async ({ handler, log }) => {
          await handler.makeOutboundCall(CALLEE, 'out-1');
          await log.waitFor('dialing', is('dialing', 'out-1'));
          await handler.hangupCall('out-1');
          await log.waitFor('ended', is('ended', 'out-1'));
          return handler.makeOutboundCall(CALLEE, 'out-1');
        },
        { code: 'INVALID_IN_STATE', message: 'There is already a call with the id out-1.' },
      ],
      [
        'a destination that is not a dialable number: refused by the bridge\'s input check, Fusion hears INVALID_NUMBER',
        ({ handler }) => handler.makeOutboundCall('#*#*', 'out-2'),
        { code: 'REFUSED', vendorCode: 'BAD_REQUEST', outboundErrorCode: 'INVALID_NUMBER', message: DESTINATION_RULE },
      ],
      [
        'a destination too long to dial: Fusion hears INVALID_NUMBER',
        ({ handler }) => handler.makeOutboundCall('9'.repeat(65), 'out-3'),
        { code: 'REFUSED', vendorCode: 'BAD_REQUEST', outboundErrorCode: 'INVALID_NUMBER', message: DESTINATION_RULE },
      ],
      [
        'another agent\'s DN: the number is at fault (REFUSED, INVALID_NUMBER), not the agent\'s sign-in',
        ({ handler }) => handler.makeOutboundCall('7002', 'out-5'),
        {
          code: 'REFUSED',
          vendorCode: 'FORBIDDEN',
          outboundErrorCode: 'INVALID_NUMBER',
          message: "7002 is another agent's DN on this switch: the bridge does not place calls between agents",
        },
      ],
      [
        'a dial while the T-Server link is down: not the number’s fault',
        ({ handler, bridge }) => {
          simulatorOf(bridge).linkDown();
          return handler.makeOutboundCall(CALLEE, 'out-4');
        },
        { code: 'LINK_DOWN', vendorCode: 'LINK_DOWN', message: 'the T-Server link is down; try again when it is back' },
      ],
    ])('%s', async (_situation, request, expected) => {
      const bridge = await bridgeFor();
      const started = await startedHandler(bridge);
      expect(await rejectionOf(request({ ...started, bridge }))).toEqual({ vendorError: true, ...expected });
    });
  });

  it('the T-Server link going down and coming back: link down with the reason, commands refused, then connected', async () => {
    const bridge = await bridgeFor();
    const { handler, log } = await startedHandler(bridge);
    const mark = log.mark();
    simulatorOf(bridge).linkDown();
    await log.waitFor('link down', linkIs('down'), mark);
    expect(log.since(mark)).toEqual([{ type: 'link', status: 'down', detail: LINK_DOWN_DETAIL }]);
    const refused = await rejectionOf(handler.makeAgentAvailable());
    expect(refused).toMatchObject({ vendorError: true, code: 'LINK_DOWN', vendorCode: 'LINK_DOWN' });
    expect(refused.message).toMatch(/link/i);
    simulatorOf(bridge).linkUp();
    await log.waitFor('link connected', linkIs('connected'), mark);
    await handler.makeAgentAvailable();
    await log.waitFor('available', (e) => e.type === 'agentState' && e.presence.available, mark);
  });

  it('reconnects after the bridge drops it, and reconciles: an ended call is ended once, a live one is not re-reported, a new one is introduced', async () => {
    const bridge = await bridgeFor();
    const simulator = simulatorOf(bridge);
    const dn = dnOf(bridge);
    // A slower first retry, so that the calls below change while the handler is away.
    const { handler, log } = await startedHandler(bridge, { reconnectMinMs: 300, reconnectMaxMs: 600 });
    const talking = simulator.customerCalls({ dn, ani: CUSTOMER });
    await log.waitFor('incoming', is('incoming', talking.callUuid));
    await handler.acceptCall(talking.callUuid);
    await log.waitFor('connected', is('connected', talking.callUuid));
    const ringing = simulator.customerCalls({ dn, ani: SECOND_CUSTOMER });
    await log.waitFor('incoming', is('incoming', ringing.callUuid));

    const mark = log.mark();
    bridge.dropSessions();
    simulator.customerHangsUp(ringing.connId); // while the toolbar is away
    const arrived = simulator.customerCalls({ dn, ani: '+4930901820' });
    await log.waitFor('reconnecting', linkIs('reconnecting'), mark);
    await log.waitFor('connected again', linkIs('connected'), mark);
    await log.waitFor('the new call', is('incoming', arrived.callUuid), mark);
    await pause(QUIET_MS);

    expect(log.since(mark).filter((e) => e.type !== 'agentState')).toEqual([
      { type: 'link', status: 'reconnecting', detail: say('genesysBridgeClosed', { code: 1006 }) },
      { type: 'link', status: 'connected' },
      { type: 'ended', eventId: ringing.callUuid, phase: 'ringing', endedBy: 'system' },
      { type: 'incoming', eventId: arrived.callUuid, phoneNumber: '+4930901820' },
    ]);
    // The live call is still controlled through its eventId.
    await handler.hangupCall(talking.callUuid);
    await log.waitFor('ended', is('ended', talking.callUuid), mark);
    await pause(QUIET_MS);
    expect(log.ofCall(talking.callUuid)).toEqual([
      { type: 'incoming', eventId: talking.callUuid, phoneNumber: CUSTOMER },
      { type: 'connected', eventId: talking.callUuid },
      { type: 'ended', eventId: talking.callUuid, phase: 'connected', endedBy: 'agent' },
    ]);
    expect(log.ofCall(ringing.callUuid).filter(is('ended'))).toHaveLength(1);
  });

  it('a call placed while the socket is down, and over before it is back, is still reported ended', async () => {
    const bridge = await bridgeFor();
    const { handler, log } = await startedHandler(bridge, { reconnectMinMs: 1000, reconnectMaxMs: 2000 });
    const mark = log.mark();
    bridge.dropSessions();
    // REST still works: the bridge takes the call, but none of its events can reach the handler.
    await handler.makeOutboundCall(CALLEE, 'out-away');
    const [call] = (await dnState(bridge, dnOf(bridge))).calls;
    simulatorOf(bridge).calleeBusy(call.connId);
    await log.waitFor('connected again', linkIs('connected'), mark, 4000);
    await log.waitFor('the end of the call', is('ended', 'out-away'), mark);
    await pause(QUIET_MS);
    expect(log.ofCall('out-away')).toEqual([{ type: 'ended', eventId: 'out-away', phase: 'ringing', endedBy: 'system' }]);
  });

  it('a reloaded toolbar (a fresh handler) reports the call in progress: incoming, then connected', async () => {
    const bridge = await bridgeFor();
    const simulator = simulatorOf(bridge);
    const first = await startedHandler(bridge);
    const call = simulator.customerCalls({ dn: dnOf(bridge), ani: CUSTOMER });
    await first.log.waitFor('incoming', is('incoming', call.callUuid));
    await first.handler.acceptCall(call.callUuid);
    await first.log.waitFor('connected', is('connected', call.callUuid));
    await first.handler.stop();

    const second = await startedHandler(bridge);
    expect(second.log.events).toEqual([
      { type: 'link', status: 'connecting' },
      { type: 'link', status: 'connected' },
      { type: 'agentState', presence: presenceOf('LoggedOut'), onConnect: true },
      { type: 'incoming', eventId: call.callUuid, phoneNumber: CUSTOMER },
      { type: 'connected', eventId: call.callUuid },
    ]);
    await second.handler.hangupCall(call.callUuid);
    await second.log.waitFor('ended', is('ended', call.callUuid));
  });

  it('stop() while connecting rejects start() and reports nothing more', async () => {
    const bridge = await bridgeFor();
    const handler = new GenesysVendorHandler(handlerOptions(bridge));
    const log = new ReportedEvents();
    const started = handler.start(log.listener);
    await handler.stop();
    expect(await rejectionOf(started)).toEqual({ vendorError: true, code: 'LINK_DOWN', message: 'The toolbar stopped before it was connected to Genesys Engage.' });
    simulatorOf(bridge).customerCalls({ dn: dnOf(bridge), ani: CUSTOMER });
    await pause(QUIET_MS);
    expect(log.events).toEqual([{ type: 'link', status: 'connecting' }]);
  });
});

describe('GenesysVendorHandler with reasons for not taking calls (genesys.notReadyReasons)', () => {
  const REASONS = [
    { code: '12', name: 'Lunch' },
    { code: 'Break', name: 'Short break' },
  ];
  const reasonIs = (reasonCode: string | undefined, displayName: string) => (event: VendorEvent) =>
    event.type === 'agentState' && !event.presence.available && event.presence.reasonCode === reasonCode && event.presence.displayName === displayName;

  it('declares them only when the site lists them, and lists them in the site’s order', async () => {
    const bridge = await bridgeFor();
    const plain = new GenesysVendorHandler(handlerOptions(bridge));
    expect(plain.capabilities.notReadyReasons).toBe(false);
    expect(await rejectionOf(plain.notReadyReasons())).toMatchObject({ vendorError: true, code: 'NOT_SUPPORTED' });
    const { handler } = await startedHandler(bridge, { notReadyReasons: REASONS });
    expect(handler.capabilities.notReadyReasons).toBe(true);
    expect(await handler.notReadyReasons()).toEqual(REASONS);
  });

  it('sends the reason code to T-Server with NotReady, and reports the agent away for that reason, by its name', async () => {
    const bridge = await bridgeFor();
    const { handler, log } = await startedHandler(bridge, { notReadyReasons: REASONS });
    await handler.makeAgentAvailable();
    await log.waitFor('available', (event) => event.type === 'agentState' && event.presence.available);
    const mark = log.mark();
    await handler.makeAgentUnavailable('12');
    await log.waitFor('not ready for Lunch', reasonIs('12', 'Lunch'), mark);
    expect((await dnState(bridge, dnOf(bridge))).agent).toMatchObject({ state: 'NotReady', reasonCode: '12' });
    // Another reason while not ready: T-Server's self-transition, reported again.
    await handler.makeAgentUnavailable('Break');
    await log.waitFor('not ready for a short break', reasonIs('Break', 'Short break'), mark);
    expect((await dnState(bridge, dnOf(bridge))).agent).toMatchObject({ state: 'NotReady', reasonCode: 'Break' });
  });

  it('refuses a reason the site did not list, naming it, without asking the bridge', async () => {
    const bridge = await bridgeFor();
    const { handler, log } = await startedHandler(bridge, { notReadyReasons: REASONS });
    const mark = log.mark();
    expect(await rejectionOf(handler.makeAgentUnavailable('Lunch'))).toEqual({ vendorError: true, code: 'REFUSED', message: 'Genesys Engage has no reason "Lunch" for not taking calls.' });
    const plain = await startedHandler(bridge);
    expect(await rejectionOf(plain.handler.makeAgentUnavailable('12'))).toEqual({ vendorError: true, code: 'REFUSED', message: 'Genesys Engage has no reason "12" for not taking calls.' });
    await pause(QUIET_MS);
    expect(log.since(mark)).toEqual([]);
    expect((await dnState(bridge, dnOf(bridge))).agent.state).toBe('LoggedOut');
  });

  it('shows a reason set elsewhere that the site did not list by its code, and a listed one by its name', async () => {
    const bridge = await bridgeFor();
    const { log } = await startedHandler(bridge, { notReadyReasons: REASONS });
    await otherDesktop(bridge, { type: 'NotReady', reasonCode: 'Meeting' });
    await log.waitFor('not ready for Meeting', reasonIs('Meeting', 'Not ready (Meeting)'));
    await otherDesktop(bridge, { type: 'NotReady', reasonCode: 'Break' });
    await log.waitFor('not ready for a short break', reasonIs('Break', 'Short break'));
  });

  it('a toolbar that connects to an agent already away names the reason from the snapshot', async () => {
    const bridge = await bridgeFor();
    await otherDesktop(bridge, { type: 'NotReady', reasonCode: '12' });
    const { log } = await startedHandler(bridge, { notReadyReasons: REASONS });
    expect(log.events).toContainEqual({
      type: 'agentState',
      presence: { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Lunch', reasonCode: '12' },
      onConnect: true,
    });
  });

  it('through the core: the toolbar’s choice reaches T-Server, and Fusion hears the reason and its name', async () => {
    const bridge = await bridgeFor();
    const handler = new GenesysVendorHandler(handlerOptions(bridge, { notReadyReasons: REASONS }));
    const fusion = new RecordingFusion();
    const core = new IntegrationEventsHandler({ vendor: handler, fusion, log: quiet });
    cleanups.push(() => handler.stop());
    await core.start();
    expect(await core.notReadyReasons()).toEqual({ ok: true, reasons: REASONS });
    expect(await core.setAvailability(false, 'toolbar', 'Break')).toEqual({ ok: true });
    await eventually('the agent away for a short break', async () => core.currentPresence().reasonCode === 'Break', 3000);
    expect(core.currentPresence()).toMatchObject({ available: false, displayName: 'Short break' });
    expect((await dnState(bridge, dnOf(bridge))).agent).toMatchObject({ state: 'NotReady', reasonCode: 'Break' });
    expect(fusion.published.filter((p) => p.operation === 'agentStateEventOperation').pop()?.presence).toMatchObject({ reasonCode: 'Break', displayName: 'Short break' });
  });
});

describe('GenesysVendorHandler when the bridge cannot be reached', () => {
  it('start() rejects with a readable reason, then the handler connects on its own once the bridge is up', async () => {
    // jsdom logs each refused XHR; here they are expected.
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    cleanups.push(() => logged.mockRestore());
    const gone = await startTestBridge();
    const port = Number(new URL(gone.url).port);
    await gone.close();
    const handler = new GenesysVendorHandler(handlerOptions(gone, { reconnectMinMs: 50, reconnectMaxMs: 100 }));
    cleanups.push(() => handler.stop());
    const log = new ReportedEvents();
    expect(await rejectionOf(handler.start(log.listener))).toEqual({
      vendorError: true,
      code: 'LINK_DOWN',
      message: `the Genesys bridge at ws://127.0.0.1:${port}/genesysWs could not be reached or refused the connection`,
    });
    await log.waitFor('reconnecting', linkIs('reconnecting'));
    const unreachable = await rejectionOf(handler.makeAgentAvailable());
    expect(unreachable).toMatchObject({ vendorError: true, code: 'LINK_DOWN' });
    expect(unreachable.message).toContain(`Could not reach the Genesys bridge at http://127.0.0.1:${port}`);

    await bridgeFor({ port });
    await log.waitFor('connected', linkIs('connected'), 0, 5000);
    await handler.makeAgentAvailable();
    await log.waitFor('available', (e) => e.type === 'agentState' && e.presence.available);
  });

  it('the core says it could not connect, in the handler’s words', async () => {
    const gone = await startTestBridge();
    await gone.close();
    const handler = new GenesysVendorHandler(handlerOptions(gone));
    cleanups.push(() => handler.stop());
    const core = new IntegrationEventsHandler({ vendor: handler, fusion: new RecordingFusion(), log: quiet });
    await core.start();
    expect(core.snapshot()).toMatchObject({ link: 'down', lastError: expect.stringMatching(/^Could not connect to Genesys Engage: the Genesys bridge at ws:\/\/.* could not be reached/) });
  });
});

describe('GenesysVendorHandler in secure mode (a token per agent)', () => {
  /** An identity provider's token endpoint: knows the agent by their session cookie, answers the page's origin with credentials. */
  async function tokenService(bridge: Bridge, agentId: string, ttlSeconds: number) {
    let issued = 0;
    const server = http.createServer((request, response) => {
      response.setHeader('Access-Control-Allow-Origin', PAGE_ORIGIN);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      if (!/(^|; )sso=agent-session(;|$)/.test(request.headers.cookie ?? '')) {
        response.writeHead(401).end();
        return;
      }
      void bridge.mintDevToken?.(agentId, ttlSeconds).then((token) => {
        issued++;
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as { port: number };
    // "localhost": the page's cookie (set below for localhost) goes with credentials: 'include'.
    return { url: `http://localhost:${port}/token`, issued: () => issued };
  }

  const secure = { mode: 'secure' as const, allowedOrigins: [PAGE_ORIGIN] };

  beforeEach(() => {
    document.cookie = 'sso=agent-session; path=/';
  });
  afterEach(() => {
    document.cookie = 'sso=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  it('fetches a token with the page’s cookies, and acts as that agent on their own DN only', async () => {
    const bridge = await bridgeFor(secure);
    const tokens = await tokenService(bridge, 'agent2', 3600);
    const { handler, log } = await startedHandler(bridge, { tokenUrl: tokens.url });
    const dn = dnOf(bridge, 'agent2');
    expect(dn).not.toBe(dnOf(bridge));
    const mine = simulatorOf(bridge).customerCalls({ dn, ani: CUSTOMER });
    const theirs = simulatorOf(bridge).customerCalls({ dn: dnOf(bridge), ani: SECOND_CUSTOMER });
    await log.waitFor('incoming', is('incoming', mine.callUuid));
    await handler.acceptCall(mine.callUuid);
    await log.waitFor('connected', is('connected', mine.callUuid));
    await handler.makeAgentAvailable();
    await log.waitFor('available', (e) => e.type === 'agentState' && e.presence.available);
    expect((await dnState(bridge, dn)).agent.state).toBe('Ready');
    await pause(QUIET_MS);
    expect(log.ofCall(theirs.callUuid)).toEqual([]);
  });

  it('comes back with a fresh token when the bridge ends a session whose token expired', async () => {
    const bridge = await bridgeFor(secure);
    const tokens = await tokenService(bridge, 'agent2', 1);
    const { handler, log } = await startedHandler(bridge, { tokenUrl: tokens.url });
    const call = simulatorOf(bridge).customerCalls({ dn: dnOf(bridge, 'agent2'), ani: CUSTOMER });
    await log.waitFor('incoming', is('incoming', call.callUuid));
    const mark = log.mark();
    await log.waitFor('reconnecting', linkIs('reconnecting'), mark, 4000);
    await log.waitFor('connected again', linkIs('connected'), mark, 4000);
    expect(tokens.issued()).toBeGreaterThanOrEqual(2);
    await handler.rejectCall(call.callUuid);
    await log.waitFor('ended', is('ended', call.callUuid), mark);
    expect(log.ofCall(call.callUuid)).toEqual([
      { type: 'incoming', eventId: call.callUuid, phoneNumber: CUSTOMER },
      { type: 'ended', eventId: call.callUuid, phase: 'ringing', endedBy: 'agent' },
    ]);
  });

  it('start() fails readably when the token service refuses', async () => {
    const bridge = await bridgeFor(secure);
    const tokens = await tokenService(bridge, 'agent2', 3600);
    document.cookie = 'sso=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
    const handler = new GenesysVendorHandler(handlerOptions(bridge, { tokenUrl: tokens.url }));
    cleanups.push(() => handler.stop());
    expect(await rejectionOf(handler.start(new ReportedEvents().listener))).toEqual({
      vendorError: true,
      code: 'UNAUTHORIZED',
      message: `Could not get a Genesys token from ${tokens.url} (HTTP 401).`,
    });
  });

  it('a handler without a token is turned away, told why (close code 4004), as UNAUTHORIZED', async () => {
    const bridge = await bridgeFor(secure);
    const handler = new GenesysVendorHandler(handlerOptions(bridge));
    cleanups.push(() => handler.stop());
    const started = handler.start(new ReportedEvents().listener);
    await expect(started).rejects.toThrow('the Genesys bridge refused your sign-in: a bearer token is required (close code 4004)');
    await expect(started).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('GenesysVendorHandler signed in with an OpenID provider (genesys.signIn)', () => {
  /** The sign-in as the handler sees it, played by the test: the agent signs in when the test says, with its token. */
  class TestSignIn implements BridgeSignIn {
    state: SignInState = { status: 'signedOut' };
    agent: string | null = null;
    invalidated: string[] = [];
    private tokenNow: string | null = null;
    private waiting: Array<(token: string) => void> = [];
    private readonly renewed = new Set<(token: string) => void>();
    subscribe(): () => void {
      return () => undefined;
    }
    signIn(): void {}
    token(): Promise<string> {
      return this.tokenNow !== null ? Promise.resolve(this.tokenNow) : new Promise((resolve) => this.waiting.push(resolve));
    }
    currentToken(): string | null {
      return this.tokenNow;
    }
    invalidate(reason: AgentMessage): void {
      this.invalidated.push(inEnglish(reason));
      this.tokenNow = null;
      this.agent = null;
    }
    onRenewed(listener: (token: string) => void): () => void {
      this.renewed.add(listener);
      return () => this.renewed.delete(listener);
    }
    /** The agent finished signing in (first time: waiters get the token; later: a renewal). */
    signedIn(agent: string, token: string): void {
      const renewal = this.tokenNow !== null;
      this.agent = agent;
      this.tokenNow = token;
      for (const resolve of this.waiting.splice(0)) resolve(token);
      if (renewal) for (const listener of [...this.renewed]) listener(token);
    }
  }

  const secure = { mode: 'secure' as const, allowedOrigins: [PAGE_ORIGIN] };

  async function metric(bridge: Bridge, line: string): Promise<boolean> {
    return (await (await fetch(`${bridge.url}/metrics`)).text()).split('\n').includes(line);
  }

  it('waits for the agent to sign in, connects with that token, and hands a renewed one to the open session without reconnecting', async () => {
    const bridge = await bridgeFor(secure);
    const signIn = new TestSignIn();
    const handler = new GenesysVendorHandler(handlerOptions(bridge), Math.random, signIn);
    const log = new ReportedEvents();
    cleanups.push(() => handler.stop());
    const started = handler.start(log.listener);
    await pause(QUIET_MS);
    expect(log.events).toEqual([{ type: 'link', status: 'connecting' }]);

    signIn.signedIn('agent2', (await bridge.mintDevToken?.('agent2', 3600)) ?? '');
    await started;
    expect(handler.signedInAgent()).toBe('agent2');
    const mark = log.mark();
    signIn.signedIn('agent2', (await bridge.mintDevToken?.('agent2', 7200)) ?? '');

    await eventually('the bridge took the renewed token', () => metric(bridge, 'genesys_bridge_commands_total{type="RenewToken",result="ok"} 1'), 3000);
    await handler.makeAgentAvailable();
    await log.waitFor('available', (e) => e.type === 'agentState' && e.presence.available, mark);
    expect(log.events.slice(mark).filter((event) => event.type === 'link')).toEqual([]);
  });

  it('a token the bridge refuses signs the agent out with the bridge\'s reason, and start() says it as UNAUTHORIZED', async () => {
    const bridge = await bridgeFor(secure);
    const signIn = new TestSignIn();
    signIn.signedIn('mallory', (await bridge.mintDevToken?.('mallory', 3600)) ?? '');
    const handler = new GenesysVendorHandler(handlerOptions(bridge), Math.random, signIn);
    cleanups.push(() => handler.stop());

    const refused = await rejectionOf(handler.start(new ReportedEvents().listener));

    expect(refused).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('agent "mallory" is not known to this bridge') });
    expect(signIn.invalidated).toEqual(['the Genesys bridge refused your sign-in: agent "mallory" is not known to this bridge (close code 4004). Press Sign in to sign in again.']);
    // Signed out: a command says so rather than sending the refused token again.
    await expect(handler.makeAgentAvailable()).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'You are not signed in to Genesys Engage: press Sign in.' });
  });
});

describe('GenesysVendorHandler signed in with Genesys itself (genesys.gwsSignIn)', () => {
  /** A sign-in whose token is the phone system's own: it hears of sessions ended (4001) and tokens refused (4004). */
  class PhoneSystemSignIn implements BridgeSignIn {
    state: SignInState = { status: 'signedOut' };
    agent: string | null = null;
    readonly ended: string[] = [];
    readonly invalidated: string[] = [];
    private tokenNow: string | null = null;
    subscribe(): () => void {
      return () => undefined;
    }
    signIn(): void {}
    token(): Promise<string> {
      return this.tokenNow !== null ? Promise.resolve(this.tokenNow) : new Promise(() => undefined);
    }
    currentToken(): string | null {
      return this.tokenNow;
    }
    invalidate(reason: AgentMessage): void {
      this.invalidated.push(inEnglish(reason));
    }
    sessionEnded(reason: string): void {
      this.ended.push(reason);
      this.tokenNow = null;
    }
    onRenewed(): () => void {
      return () => undefined;
    }
    signedIn(agent: string, token: string): void {
      this.agent = agent;
      this.tokenNow = token;
    }
  }

  const secure = { mode: 'secure' as const, allowedOrigins: [PAGE_ORIGIN] };

  it('a token the bridge refuses (4004) goes to the sign-in\'s sessionEnded, which decides, not to invalidate; no retry until it has a token', async () => {
    const bridge = await bridgeFor(secure);
    const signIn = new PhoneSystemSignIn();
    signIn.signedIn('agent1', 'not-a-token');
    const handler = new GenesysVendorHandler(handlerOptions(bridge), Math.random, signIn);
    cleanups.push(() => handler.stop());

    await expect(handler.start(new ReportedEvents().listener)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    expect(signIn.ended).toEqual([expect.stringMatching(/^the Genesys bridge refused your sign-in: .+\(close code 4004\)$/)]);
    expect(signIn.invalidated).toEqual([]);
    expect(handler.signedInAgent()).toBe('agent1');
  });
});

describe('GenesysVendorHandler facing a misbehaving bridge', () => {
  /** A stand-in bridge that says what the test wants: the only way to send frames the real one never sends. */
  async function fakeBridge(
    onSession: (send: (frame: string) => void, close: (code: number, reason: string) => void) => void,
    /** Its answer to a command (a JSON body, sent with 200); undefined leaves the command unanswered. */
    answer: (command: Record<string, unknown>) => unknown = () => undefined,
  ) {
    let tokens = 0;
    const server = http.createServer((request, response) => {
      response.setHeader('Access-Control-Allow-Origin', PAGE_ORIGIN);
      response.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      if (request.method === 'OPTIONS') response.writeHead(204).end();
      else if (request.method === 'POST' && request.url === '/genesys/events') {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          const reply = answer(JSON.parse(body) as Record<string, unknown>);
          if (reply !== undefined) response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply));
        });
      }
      // It is its own token service too (any token will do: this bridge checks none).
      else if (request.url === '/token') response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token: `token-${++tokens}` }));
      // Any other request is left unanswered: a bridge that hangs.
    });
    const sockets = new WebSocketServer({ server, handleProtocols: (offered) => (offered.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false) });
    let sessions = 0;
    sockets.on('connection', (ws) => {
      sessions++;
      onSession(
        (frame) => ws.send(frame),
        (code, reason) => ws.close(code, reason),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const client of sockets.clients) client.terminate();
          sockets.close();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const { port } = server.address() as { port: number };
    const parsed = parseGenesysOptions({ bridgeUrl: `http://127.0.0.1:${port}`, reconnectMinMs: 20, reconnectMaxMs: 100, requestTimeoutMs: 300 });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    return { options: parsed.options, tokenUrl: `http://localhost:${port}/token`, sessions: () => sessions, tokens: () => tokens };
  }

  const SNAPSHOT = JSON.stringify({
    eventName: 'EventRegistered',
    thisDN: '7001',
    agent: { agentId: 'agent1', state: 'Ready' },
    calls: [],
    linkConnected: true,
    order: { bridge: 'b1', sequence: 1, time: 1_700_000_000_000 },
    ANI: '',
    eventId: '',
    connectionId: '',
  });
  const snapshotAt = (sequence: number, calls: unknown[] = []) =>
    JSON.stringify({ ...(JSON.parse(SNAPSHOT) as object), calls, order: { bridge: 'b1', sequence, time: 1_700_000_000_000 + sequence } });
  const dialingFrame = (eventId: string, connectionId: string) =>
    JSON.stringify({ eventName: 'EventDialing', thisDN: '7001', connectionId, eventId, callUuid: `uuid-${eventId}`, ANI: CALLEE, callType: 'Outbound' });

  it('a session the bridge closes as a slow consumer (4002) is reconnected and resynchronized from the next snapshot', async () => {
    const call = (id: string, connectionId: string, state: string) => ({ connectionId, eventId: id, callUuid: id, callType: 'Inbound', state, ANI: CUSTOMER });
    const snapshotWith = (calls: unknown[]) => JSON.stringify({ ...(JSON.parse(SNAPSHOT) as object), calls });
    let sessions = 0;
    const fake = await fakeBridge((send, close) => {
      if (++sessions === 1) {
        send(snapshotWith([call('talking', '00000000000000a1', 'Established'), call('ringing', '00000000000000a2', 'Ringing')]));
        close(CLOSE_CODES.slowConsumer, 'too far behind reading: reconnect');
      } else {
        // Meanwhile the ringing call ended and another one arrived.
        send(snapshotWith([call('talking', '00000000000000a1', 'Established'), call('arrived', '00000000000000a3', 'Ringing')]));
      }
    });
    const handler = new GenesysVendorHandler(fake.options);
    cleanups.push(() => handler.stop());
    const log = new ReportedEvents();
    await handler.start(log.listener);
    await log.waitFor('the new call', is('incoming', 'arrived'));
    await pause(QUIET_MS);

    expect(log.events.filter((e) => e.type !== 'agentState')).toEqual([
      { type: 'link', status: 'connecting' },
      { type: 'link', status: 'connected' },
      { type: 'incoming', eventId: 'talking', phoneNumber: CUSTOMER },
      { type: 'connected', eventId: 'talking' },
      { type: 'incoming', eventId: 'ringing', phoneNumber: CUSTOMER },
      { type: 'link', status: 'reconnecting', detail: say('genesysFellBehind') },
      { type: 'link', status: 'connected' },
      { type: 'ended', eventId: 'ringing', phase: 'ringing', endedBy: 'system' },
      { type: 'incoming', eventId: 'arrived', phoneNumber: CUSTOMER },
    ]);
    expect(fake.sessions()).toBe(2);
  });

  it('a snapshot taken before a MakeCall was carried out does not end the call, though it arrives after the answer on a session opened later', async () => {
    const sessions: Array<{ send: (frame: string) => void; close: (code: number, reason: string) => void }> = [];
    const fake = await fakeBridge(
      (send, close) => {
        sessions.push({ send, close });
        if (sessions.length === 1) send(snapshotAt(1));
      },
      (command) => (command.type === 'MakeCall' ? { ok: true, referenceId: 7, order: { bridge: 'b1', sequence: 3, time: 1_700_000_000_003 } } : undefined),
    );
    const handler = new GenesysVendorHandler(fake.options);
    cleanups.push(() => handler.stop());
    const log = new ReportedEvents();
    await handler.start(log.listener);
    sessions[0].close(CLOSE_CODES.goingAway, 'restarting');
    await log.waitFor('the socket lost', linkIs('reconnecting'));
    await handler.makeOutboundCall(CALLEE, 'out-1');
    await eventually('a second session', async () => sessions.length === 2, 5000);
    const mark = log.mark();
    // The bridge took this session's snapshot (sequence 2) before it placed the call (its answer said 3).
    sessions[1].send(snapshotAt(2));
    await log.waitFor('connected again', linkIs('connected'), mark);
    sessions[1].send(dialingFrame('out-1', '00000000000000c1'));
    await log.waitFor('the call dialing', is('dialing', 'out-1'), mark);
    expect(log.ofCall('out-1')).toEqual([{ type: 'dialing', eventId: 'out-1', phoneNumber: CALLEE }]);
    // A snapshot taken later that does not show it ends it.
    sessions[1].send(snapshotAt(4));
    await log.waitFor('the call ended', is('ended', 'out-1'), mark);
  });

  it('a placed call that never showed is ended by a snapshot taken after its MakeCall was answered', async () => {
    const sessions: Array<(frame: string) => void> = [];
    const fake = await fakeBridge(
      (send) => {
        sessions.push(send);
        send(snapshotAt(1));
      },
      (command) => (command.type === 'MakeCall' ? { ok: true, referenceId: 7, order: { bridge: 'b1', sequence: 3, time: 1_700_000_000_003 } } : undefined),
    );
    const handler = new GenesysVendorHandler(fake.options);
    cleanups.push(() => handler.stop());
    const log = new ReportedEvents();
    await handler.start(log.listener);
    await handler.makeOutboundCall(CALLEE, 'out-1');
    sessions[0](snapshotAt(5));
    await log.waitFor('the call ended', is('ended', 'out-1'));
    expect(log.ofCall('out-1')).toEqual([{ type: 'ended', eventId: 'out-1', phase: 'ringing', endedBy: 'system' }]);
  });

  it('a call placed after its MakeCall timed out is hung up, and the agent told, not left without an engagement', async () => {
    const commands: Array<Record<string, unknown>> = [];
    const sessions: Array<(frame: string) => void> = [];
    const fake = await fakeBridge(
      (send) => {
        sessions.push(send);
        send(SNAPSHOT);
      },
      (command) => {
        commands.push(command);
        // The MakeCall hangs past the handler's patience; the Hangup is answered.
        return command.type === 'Hangup' ? { ok: true, referenceId: 8, order: { bridge: 'b1', sequence: 9, time: 1_700_000_000_009 } } : undefined;
      },
    );
    const handler = new GenesysVendorHandler(fake.options);
    cleanups.push(() => handler.stop());
    const log = new ReportedEvents();
    await handler.start(log.listener);
    expect(await rejectionOf(handler.makeOutboundCall(CALLEE, 'out-late'))).toMatchObject({ code: 'TIMEOUT' });
    // The bridge placed it all the same.
    sessions[0](dialingFrame('out-late', '00000000000000d1'));
    await log.waitFor('the agent told', is('error'));
    expect(log.events.filter(is('error'))).toEqual([
      { type: 'error', message: say('genesysLateCallHungUp', { number: CALLEE }) },
    ]);
    expect(commands.map((c) => c.type)).toEqual(['MakeCall', 'Hangup']);
    expect(commands[1]).toEqual({ type: 'Hangup', connectionId: '00000000000000d1' });
    // The core hears nothing of it (its engagement is closed), not even when its release comes.
    const mark = log.mark();
    sessions[0](JSON.stringify({ ...(JSON.parse(dialingFrame('out-late', '00000000000000d1')) as object), eventName: 'EventReleased', previousState: 'Dialing', callState: 'Ok', releasingParty: 'Local' }));
    sessions[0](snapshotAt(10));
    await log.waitFor('the snapshot', (e) => e.type === 'agentState' && e.onConnect === true, mark);
    expect(log.ofCall('out-late')).toEqual([]);
    // The eventId stays taken: a new dial under it would be taken for the orphan.
    expect(await rejectionOf(handler.makeOutboundCall(CALLEE, 'out-late'))).toMatchObject({ code: 'INVALID_IN_STATE' });
  });

  it('reports each frame it cannot use as an error naming the problem, and keeps going', async () => {
    const fake = await fakeBridge((send) => {
      send(SNAPSHOT);
      send('not json');
      send(JSON.stringify({ eventName: 'EventRinging', thisDN: '7001', connectionId: 'xyz', eventId: 'e1', callUuid: 'e1', ANI: '1', callType: 'Inbound' }));
      send(JSON.stringify({ eventName: 'EventRinging', thisDN: '7001', connectionId: '00000000000000a1', eventId: 'e1', callUuid: 'e1', ANI: '1', callType: 'Inbound' }));
    });
    const handler = new GenesysVendorHandler(fake.options);
    cleanups.push(() => handler.stop());
    const log = new ReportedEvents();
    await handler.start(log.listener);
    await log.waitFor('the good ringing call', is('incoming', 'e1'));
    expect(log.events.filter(is('error'))).toEqual([
      { type: 'error', message: say('genesysUnusableFrame', { problem: 'a frame that is not JSON: "not json"' }) },
      {
        type: 'error',
        message: say('genesysUnusableFrame', { problem: 'EventRinging.connectionId must be a ConnID of 16 lowercase hex digits, got "xyz"' }),
      },
    ]);
  });

  it('start() waits through a session the bridge ends before its snapshot because the token expired', async () => {
    let sessions = 0;
    const fake = await fakeBridge((send, close) => {
      if (++sessions === 1) close(CLOSE_CODES.tokenExpired, 'token expired');
      else send(SNAPSHOT);
    });
    const handler = new GenesysVendorHandler({ ...fake.options, tokenUrl: fake.tokenUrl });
    cleanups.push(() => handler.stop());
    const log = new ReportedEvents();
    await handler.start(log.listener);
    expect(fake.tokens()).toBe(2);
    expect(log.events.filter(is('link'))).toEqual([
      { type: 'link', status: 'connecting' },
      { type: 'link', status: 'connected' },
    ]);
    expect(log.events.filter(is('error'))).toEqual([]);
  });

  it('start() fails when the token expires again before the snapshot, rather than fetch tokens in a loop', async () => {
    const fake = await fakeBridge((_send, close) => close(CLOSE_CODES.tokenExpired, 'token expired'));
    const handler = new GenesysVendorHandler({ ...fake.options, tokenUrl: fake.tokenUrl });
    cleanups.push(() => handler.stop());
    expect(await rejectionOf(handler.start(new ReportedEvents().listener))).toEqual({ vendorError: true, code: 'UNAUTHORIZED', message: 'the session token expired' });
    expect(fake.sessions()).toBe(2);
  });

  it('gives up on a session that sends no snapshot, and on a command that gets no answer', async () => {
    let sessions = 0;
    const fake = await fakeBridge((send) => {
      if (++sessions > 1) send(SNAPSHOT); // the first session stays silent
    });
    const handler = new GenesysVendorHandler(fake.options);
    cleanups.push(() => handler.stop());
    const log = new ReportedEvents();
    expect(await rejectionOf(handler.start(log.listener))).toEqual({
      vendorError: true,
      code: 'LINK_DOWN',
      message: 'the Genesys bridge sent no snapshot (EventRegistered) within 0.3 s',
    });
    await log.waitFor('connected with the second session', linkIs('connected'));
    expect(fake.sessions()).toBe(2);
    expect(await rejectionOf(handler.makeAgentUnavailable())).toEqual({ vendorError: true, code: 'TIMEOUT', message: 'The Genesys bridge did not answer within 0.3 s.' });
  });
});
