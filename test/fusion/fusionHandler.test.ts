/**
 * FusionHandler against the UEF stand-in and the Fusion simulator (the same code the simulator page runs),
 * connected by an in-memory channel that delivers like postMessage. The test plays the vendor.
 */
import { FusionSimulator } from '../../dev/fusionSimulator';
import { createMemoryChannel } from '../../dev/transport';
import { createUefStandIn, errorData } from '../../dev/uefStandIn';
import { IntegrationEventsHandler } from '../../src/ts/cti/core/integrationEventsHandler';
import { FusionHandler } from '../../src/ts/cti/fusion/fusionHandler';
import type { IMcaAgentStateEventActionResponse, IOperationRequest, IOperationResponse, UefGlobal } from '../../src/ts/cti/fusion/uef';
import { ManualVendor } from '../support/manualVendor';
import { wrapPhoneContext } from '../support/wrapPhoneContext';
import { settle } from '../support/recordingFusion';

const LISA = '+1 650 555 0100'; // in the simulator's directory: Lisa Jones, CDRM_1001

async function setUp(options: { vendor?: ManualVendor | null; uef?: (real: UefGlobal) => UefGlobal; timeoutMs?: number } = {}) {
  const { toolbarEnd, hostEnd } = createMemoryChannel();
  const simulator = new FusionSimulator(hostEnd, { eventTimeoutMs: 2000 });
  const standIn = createUefStandIn(toolbarEnd);
  const logs: string[] = [];
  const fusion = new FusionHandler(options.uef ? options.uef(standIn) : standIn, {
    applicationName: 'ToolbarTest',
    appClassification: 'ORA_SERVICE',
    phoneLineId: '1',
    log: (level, message) => logs.push(`${level}: ${message}`),
    timeoutMs: options.timeoutMs,
  });
  const vendor = options.vendor === undefined ? new ManualVendor() : options.vendor;
  await fusion.connect();
  const core = new IntegrationEventsHandler({ vendor, fusion, log: () => undefined });
  await core.start(); // the toolbar's own start: agent state, then fusion.listen, then the vendor
  await settle();
  const operations = () => simulator.operations.map((o) => (o.reason ? `${o.operation}:${o.reason}` : o.operation));
  /** What Fusion heard of calls: the comm operations and outboundCommError, without the start-up's. */
  const story = () => operations().filter((o) => /CommEvent|outboundCommError/.test(o));
  return { simulator, fusion, core, vendor: vendor as ManualVendor, logs, operations, story };
}

describe('FusionHandler with the UEF stand-in', () => {
  it('starts in Fusion’s order, declares itself ready, enables the phone icon and shows no error', async () => {
    const { simulator, operations, fusion, core } = await setUp();
    expect(operations()).toEqual(['getConfigurationOperation', 'agentStateEventOperation', 'readyForOperationOperation']);
    expect(simulator.state.phoneEnabled).toBe(true);
    expect(simulator.state.ready).toBe(true);
    expect(simulator.state.subscriptions.sort()).toEqual(['onDataUpdated', 'onOutgoingEvent', 'onToolbarAgentCommand', 'onToolbarInteractionCommand']);
    expect(fusion.configuration.agentId).toBe(simulator.agentId);
    expect(simulator.operations[1]).toMatchObject({ isLoggedIn: true, isAvailable: false, state: 'UNAVAILABLE' });
    expect(core.snapshot().lastError).toBeNull();
    expect(simulator.state.lastError).toBeNull();
  });

  it('answers getActiveInteractionCommands, which Fusion sends once a session, with the commands it supports', async () => {
    const { simulator } = await setUp();
    const expected = { supportedCommands: ['accept', 'reject', 'disconnect', 'wrapup', 'setActive'], supportedFeatures: [] };
    expect(simulator.state.supportedCommands).toEqual(expected); // asked on its own as the toolbar subscribed
    expect(await simulator.requestActiveInteractionCommands()).toMatchObject({ result: 'success', outData: expected });
  });

  it('reads the agent from getConfiguration(), not from outData', async () => {
    const { fusion } = await setUp();
    expect(fusion.configuration).toEqual({ agentId: 'LISA.AGENT' });
  });

  it('starts without the agent’s name when Fusion says getConfigurationOperation did not succeed', async () => {
    const { toolbarEnd, hostEnd } = createMemoryChannel();
    const simulator = new FusionSimulator(hostEnd, { eventTimeoutMs: 2000 });
    simulator.failNext('getConfigurationOperation', 'unsuccessful', 'the toolbar configuration is not found');
    const logs: string[] = [];
    const fusion = new FusionHandler(createUefStandIn(toolbarEnd), { applicationName: 'T', appClassification: 'ORA_SERVICE', phoneLineId: '1', log: (l, m) => logs.push(`${l}: ${m}`) });
    await fusion.connect();
    expect(fusion.configuration).toEqual({});
    expect(logs).toEqual(['warn: getConfigurationOperation failed: Fusion refused getConfigurationOperation: the toolbar configuration is not found']);
  });

  it('shows the agent, in words, that Fusion refused a call, and sends nothing more of a call Fusion does not have', async () => {
    const { simulator, vendor, core, story } = await setUp();
    simulator.failNext('newCommEvent', 'reject', 'the engagement service is down');
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: LISA });
    await settle();
    expect(core.snapshot().lastError).toBe(
      'Fusion did not take newCommEvent for call +1 650 555 0100: Fusion refused newCommEvent: the engagement service is down (status error)',
    );
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'customer' });
    await settle();
    expect(story()).toEqual(['newCommEvent']);
    expect(simulator.operations.map((o) => o.ok)).toEqual([true, true, true, false]);
    expect(core.snapshot().engagements).toEqual([]);
  });

  it('goes on with the story of a call whose newCommEvent Fusion did not answer: Fusion may have it', async () => {
    const timeout = errorData('timeout', 'no answer within 30 s', { operation: 'newCommEvent' });
    const { vendor, core, story } = await setUp({
      uef: wrapPublish(async (request, publish) => {
        const response = await publish();
        // Oracle's publish rejects with an IErrorData, not an Error.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        if (request.getOperationName() === 'newCommEvent') throw timeout;
        return response;
      }),
    });
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: LISA });
    await settle();
    expect(core.snapshot().lastError).toBe('Fusion did not take newCommEvent for call +1 650 555 0100: Fusion did not answer newCommEvent: no answer within 30 s (status timeout)');
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'customer' });
    await settle();
    expect(story()).toEqual(['newCommEvent', 'closeCommEvent:ABANDONED']);
  });

  it('reads the words of a getError() that is an object, not only a string', async () => {
    const { vendor, core } = await setUp({
      uef: wrapPublish(async (request, publish) => {
        if (request.getOperationName() !== 'agentStateEventOperation') return publish();
        await publish();
        const unsuccessful: IMcaAgentStateEventActionResponse = {
          getOperationName: () => 'agentStateEventOperation',
          getResponseData: () => ({ getData: () => ({}), isSuccess: () => false, getError: () => ({ message: 'the presence service is down' }) }),
        };
        return unsuccessful;
      }),
    });
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } });
    await settle();
    expect(core.snapshot().lastError).toBe('Fusion did not take the agent state "Available": Fusion refused agentStateEventOperation: the presence service is down');
  });

  it('takes a response whose isSuccess() is false as the failure it is, and says so', async () => {
    const { simulator, vendor, core } = await setUp();
    simulator.failNext('agentStateEventOperation', 'unsuccessful', 'the agent is not signed in to Fusion');
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } });
    await settle();
    expect(core.snapshot().lastError).toBe(
      'Fusion did not take the agent state "Available": Fusion refused agentStateEventOperation: the agent is not signed in to Fusion',
    );
    expect(simulator.state.agent).toMatchObject({ isAvailable: false });
  });

  it('declines a call whose offer timed out in Fusion, and closes it as TIMEOUT', async () => {
    const { simulator, vendor, story } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: LISA });
    await settle();
    await simulator.offerTimeout('c1');
    await settle();
    expect(vendor.calls).toEqual(['rejectCall c1']);
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'agent' });
    await settle();
    expect(story()).toEqual(['newCommEvent', 'closeCommEvent:TIMEOUT']);
    expect(simulator.state.engagements).toEqual([]);
  });

  it('closes Fusion’s Wrap Up window with ENDCOMMUNICATION when the agent finishes wrap-up in the toolbar', async () => {
    const { simulator, vendor, core, story } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: LISA });
    vendor.report({ type: 'connected', eventId: 'c1' });
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'customer' });
    await settle();
    expect(simulator.state.engagements).toEqual([expect.objectContaining({ eventId: 'c1', view: 'wrapup' })]);
    core.finishWrapup('c1', 'toolbar');
    await settle();
    expect(story()).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP', 'closeCommEvent:ENDCOMMUNICATION']);
    expect(simulator.state.engagements).toEqual([]);
    expect(simulator.state.lastError).toBeNull();
  });

  it('walks an inbound call: ring, Answer in Fusion, End Call in Fusion, Close Wrap Up', async () => {
    const { simulator, vendor, story } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: LISA });
    await settle();
    expect(simulator.state.engagements).toEqual([expect.objectContaining({ eventId: 'c1', view: 'incoming', contactName: 'Lisa Jones' })]);

    expect(await simulator.answer('c1')).toMatchObject({ result: 'success' });
    expect(vendor.calls).toEqual(['acceptCall c1']);
    vendor.report({ type: 'connected', eventId: 'c1' });
    await settle();
    const start = simulator.operations.find((o) => o.operation === 'startCommEvent');
    expect(start?.inData).toMatchObject({ SVCMCA_CONTACT_ID: 'CDRM_1001', SVCMCA_CONTACT_NAME: 'Lisa Jones', SVCMCA_COMMUNICATION_DIRECTION: 'ORA_SVC_INBOUND' });
    expect(start?.inData?.SVCMCA_INTERACTION_ID).toEqual(expect.any(String));

    expect(await simulator.endCall('c1')).toMatchObject({ result: 'success' });
    expect(vendor.calls).toEqual(['acceptCall c1', 'hangupCall c1']);
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'agent' });
    await settle();
    expect(simulator.state.engagements).toEqual([expect.objectContaining({ eventId: 'c1', view: 'wrapup' })]);
    const close = simulator.operations.find((o) => o.operation === 'closeCommEvent');
    expect(close?.inData).toMatchObject({ SVCMCA_CONTACT_ID: 'CDRM_1001', SVCMCA_INTERACTION_ID: start?.inData?.SVCMCA_INTERACTION_ID });

    await simulator.closeWrapUp('c1');
    await settle();
    expect(vendor.calls).toEqual(['acceptCall c1', 'hangupCall c1', 'completeWrapup c1']);
    expect(story()).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
    expect(simulator.state.engagements).toEqual([]);
  });

  it('declines from Fusion and closes with REJECT', async () => {
    const { simulator, vendor, story } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+1 408 555 0199' });
    await settle();
    expect(await simulator.decline('c1')).toMatchObject({ result: 'success' });
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'agent' });
    await settle();
    expect(vendor.calls).toEqual(['rejectCall c1']);
    expect(story()).toEqual(['newCommEvent', 'closeCommEvent:REJECT']);
    expect(simulator.state.engagements).toEqual([]);
  });

  it('answers a command for an unknown call with failure and a display string', async () => {
    const { simulator, vendor } = await setUp();
    expect(await simulator.answer('nope')).toEqual(expect.objectContaining({ result: 'failure', resultDisplayString: 'There is no call nope.' }));
    expect(vendor.calls).toEqual([]);
  });

  it('answers a command the vendor refuses with failure and the vendor’s reason', async () => {
    const { simulator, vendor } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: LISA });
    await settle();
    vendor.failNext('acceptCall', 'the call is gone');
    expect(await simulator.answer('c1')).toEqual(expect.objectContaining({ result: 'failure', resultDisplayString: 'Could not answer the call: the call is gone' }));
  });

  it('drives availability and answers agent queries', async () => {
    const { simulator, vendor, core } = await setUp();
    expect(await simulator.agentCommand('makeAvailable')).toMatchObject({ result: 'success' });
    expect(await simulator.agentCommand('makeUnavailable')).toMatchObject({ result: 'success' });
    expect(vendor.calls).toEqual(['makeAgentAvailable', 'makeAgentUnavailable']);

    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } });
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: LISA });
    await settle();
    expect(simulator.state.agent).toMatchObject({ isAvailable: true, state: 'AVAILABLE' });
    expect((await simulator.agentCommand('getCurrentAgentState')).outData).toEqual({
      isAvailable: true,
      isLoggedIn: true,
      stateCd: 'AVAILABLE',
      stateDisplayString: 'Available',
      reasonCd: '',
      reasonDisplayString: '',
    });
    expect((await simulator.agentCommand('getActiveEngagements')).outData).toEqual({ activeCount: 1, engagements: [{ eventId: 'c1' }] });
    expect(core.activeEngagementIds()).toEqual(['c1']);
  });

  it('says that availability cannot change when no vendor is configured', async () => {
    const { simulator, operations } = await setUp({ vendor: null });
    expect(simulator.operations[1]).toMatchObject({ operation: 'agentStateEventOperation', stateDisplayString: 'No telephony vendor configured' });
    expect(await simulator.agentCommand('makeAvailable')).toEqual(expect.objectContaining({ result: 'failure', resultDisplayString: 'No telephony vendor is configured.' }));
    expect(operations()).toEqual(['getConfigurationOperation', 'agentStateEventOperation', 'readyForOperationOperation']);
  });

  it('places a click-to-dial call under Fusion’s call id, with the click’s tokens', async () => {
    const { simulator, vendor } = await setUp();
    const { callId } = await simulator.clickToDial('+44 20 7946 0958');
    await settle();
    expect(vendor.calls).toEqual([`makeOutboundCall +44 20 7946 0958 ${callId}`]);
    const newComm = simulator.operations.find((o) => o.operation === 'newCommEvent');
    expect(newComm).toMatchObject({ eventId: callId, inData: expect.objectContaining({ SVCMCA_COMMUNICATION_DIRECTION: 'ORA_SVC_OUTBOUND', SVCMCA_CONTACT_ID: 'CDRM_1003' }) });
    expect(simulator.state.engagements).toEqual([expect.objectContaining({ eventId: callId, view: 'dialing' })]);
  });

  it('reports a failed click-to-dial with outboundCommError, then closeCommEvent', async () => {
    const { simulator, vendor, story } = await setUp();
    vendor.failNext('makeOutboundCall', 'number unobtainable');
    const { callId } = await simulator.clickToDial('+1 650 555 0142');
    await settle();
    expect(story()).toEqual(['newCommEvent', 'outboundCommError', 'closeCommEvent:MISSED']);
    expect(simulator.operations.find((o) => o.operation === 'outboundCommError')).toMatchObject({ commUuid: callId, errorCode: 'OUTDIAL_FAILED' });
  });

  it('refuses an interaction command it does not know, by name', async () => {
    const { simulator } = await setUp();
    const sendCommand = (simulator as unknown as { interactionCommand(id: string, command: string, label: string): Promise<unknown> }).interactionCommand;
    const outcome = await sendCommand.call(simulator, 'c1', 'transmogrify', 'test');
    expect(outcome).toEqual(expect.objectContaining({ result: 'failure', resultDisplayString: 'The toolbar does not support the command "transmogrify".' }));
  });

  it('accepts setActive (Fusion focused the call) without asking the vendor', async () => {
    const { simulator, vendor } = await setUp();
    const sendCommand = (simulator as unknown as { interactionCommand(id: string, command: string, label: string): Promise<unknown> }).interactionCommand;
    expect(await sendCommand.call(simulator, 'c1', 'setActive', 'test')).toEqual(expect.objectContaining({ result: 'success' }));
    expect(vendor.calls).toEqual([]);
  });

  it('reports a publish Fusion never answers, and still closes the call', async () => {
    const { simulator, vendor, core, story } = await setUp({ uef: wrapPublish((request, publish) => {
      const delivered = publish();
      // Fusion got newCommEvent but its answer never comes back.
      return request.getOperationName() === 'newCommEvent' ? new Promise<IOperationResponse>(() => undefined) : delivered;
    }), timeoutMs: 50 });
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: LISA });
    await settle(20);
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'customer' });
    await settle();
    expect(core.snapshot().lastError).toBe('Fusion did not take newCommEvent for call +1 650 555 0100: Fusion did not answer newCommEvent within 0.05 s.');
    expect(story()).toEqual(['newCommEvent', 'closeCommEvent:ABANDONED']);
    expect(simulator.state.engagements).toEqual([]);
  });

  it('goes on without outData when Fusion’s newCommEvent response lacks it', async () => {
    // Oracle's client answers some publishes with bare objects: keep the real stand-in, strip its responses.
    const stripResponses = wrapPublish(async (_request, publish) => {
      await publish();
      return {} as IOperationResponse;
    });
    const { simulator, vendor, logs, story } = await setUp({ uef: stripResponses });
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: LISA });
    vendor.report({ type: 'connected', eventId: 'c1' });
    await settle();
    expect(story()).toEqual(['newCommEvent', 'startCommEvent']);
    expect(logs).toContain('warn: The newCommEvent response from Fusion had no outData; going on without it.');
    expect(simulator.state.engagements[0]).toMatchObject({ eventId: 'c1', view: 'engaged' });
  });
});

/** The real stand-in, with its phone context's publish passed through `change`. */
function wrapPublish(change: (request: IOperationRequest, publish: () => Promise<IOperationResponse>) => Promise<IOperationResponse>) {
  return (real: UefGlobal): UefGlobal =>
    wrapPhoneContext(real, (phone) => ({
      subscribe: (request, callback) => phone.subscribe(request, callback),
      publish: (request) => change(request, () => phone.publish(request)),
    }));
}
