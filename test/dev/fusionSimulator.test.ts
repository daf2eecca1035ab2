/**
 * The UEF stand-in and the Fusion simulator, connected by an in-memory channel: the same code paths the toolbar uses
 * in the browser, minus postMessage.
 */
import type {
  IErrorData,
  IEventResponse,
  IMcaAgentStateEventActionRequest,
  IMcaAgentStateEventActionResponse,
  IMcaCloseComActionResponse,
  IMcaCloseCommEventActionRequest,
  IMcaEventRequest,
  IMcaGetConfigurationActionRequest,
  IMcaGetConfigurationActionResponse,
  IMcaNewComActionResponse,
  IMcaNewCommEventActionRequest,
  IMcaOnDataUpdatedData,
  IMcaOnOutgoingEventData,
  IMcaOnToolbarAgentCommandDataResponse,
  IMcaOnToolbarInteractionCommandDataResponse,
  IMcaOutBoundCommErrorActionResponse,
  IMcaOutboundCommErrorActionRequest,
  IMcaReadyForOperationActionRequest,
  IMcaStartCommEventActionRequest,
  IPhoneContext,
  IUiEventsFrameworkProvider,
} from '../../src/ts/cti/fusion/uef';
import { CLOSE_REASONS, FusionSimulator } from '../../dev/fusionSimulator';
import { CHANNEL, Message, parseMessage } from '../../dev/protocol';
import { createMemoryChannel, Port } from '../../dev/transport';
import { createUefStandIn } from '../../dev/uefStandIn';

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

interface Rig {
  simulator: FusionSimulator;
  provider: IUiEventsFrameworkProvider;
  phone: IPhoneContext;
  hostEnd: Port;
  toolbarEnd: Port;
}

async function connect(eventTimeoutMs?: number): Promise<Rig> {
  const { toolbarEnd, hostEnd } = createMemoryChannel();
  const simulator = new FusionSimulator(hostEnd, { eventTimeoutMs });
  const uef = createUefStandIn(toolbarEnd);
  const provider = await uef.uiEventsFramework.initialize('MediaToolbar', 'v1');
  const mca = await provider.getMultiChannelAdaptorContext();
  const phone = await mca.getCommunicationChannelContext('PHONE');
  return { simulator, provider, phone, hostEnd, toolbarEnd };
}

function commRequest(rig: Rig, operation: 'newCommEvent' | 'startCommEvent', eventId: string, inData: Record<string, string> = {}) {
  const request = rig.provider.requestHelper.createPublishRequest(operation) as IMcaNewCommEventActionRequest | IMcaStartCommEventActionRequest;
  request.setAppClassification('ORA_SERVICE');
  request.setEventId(eventId);
  for (const [key, value] of Object.entries(inData)) request.getInData().setInDataValueByAttribute(key, value);
  return request;
}

function closeRequest(rig: Rig, eventId: string, reason: string) {
  const request = rig.provider.requestHelper.createPublishRequest('closeCommEvent') as IMcaCloseCommEventActionRequest;
  request.setAppClassification('ORA_SERVICE');
  request.setEventId(eventId);
  request.setReason(reason);
  return request;
}

function agentStateRequest(rig: Rig, isAvailable = true) {
  const request = rig.provider.requestHelper.createPublishRequest('agentStateEventOperation') as IMcaAgentStateEventActionRequest;
  request.setEventId('1');
  request.setIsAvailable(isAvailable);
  request.setIsLoggedIn(true);
  request.setState(isAvailable ? 'AVAILABLE' : 'UNAVAILABLE');
  request.setStateDisplayString('Idle');
  return request;
}

function readyRequest(rig: Rig, readiness?: boolean) {
  const request = rig.provider.requestHelper.createPublishRequest('readyForOperationOperation') as IMcaReadyForOperationActionRequest;
  if (readiness !== undefined) request.setReadiness(readiness);
  return request;
}

async function ring(rig: Rig, eventId: string, number = '+16505550100', extra: Record<string, string> = {}) {
  const response = (await rig.phone.publish(
    commRequest(rig, 'newCommEvent', eventId, { SVCMCA_ANI: number, SVCMCA_COMMUNICATION_DIRECTION: 'ORA_SVC_INBOUND', ...extra }),
  )) as IMcaNewComActionResponse;
  return response.getResponseData().getOutData();
}

/** What publish rejected with, read through IErrorData only; fails if it resolved or rejected with an Error. */
async function rejection(promise: Promise<unknown>): Promise<{ status: string; message: string; details: unknown }> {
  let reason: unknown;
  try {
    await promise;
  } catch (error) {
    reason = error;
  }
  if (reason === undefined) throw new Error('publish resolved; expected it to reject');
  expect(reason).not.toBeInstanceOf(Error);
  const error = reason as IErrorData;
  return { status: error.getStatus(), message: error.getMessage(), details: error.getErrorDetails() };
}

function subscribeDataUpdated(rig: Rig, updates: Array<[string, string]>) {
  const request = rig.provider.requestHelper.createSubscriptionRequest('onDataUpdated') as IMcaEventRequest;
  request.setAppClassification('ORA_SERVICE');
  rig.phone.subscribe(request, (response) => {
    const data = (response as unknown as { getResponseData(): IMcaOnDataUpdatedData }).getResponseData();
    updates.push([data.getEventId(), data.getOutData().updateType]);
  });
}

beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  jest.useRealTimers();
});

describe('handshake', () => {
  it('initialize resolves once the simulator welcomes the toolbar', async () => {
    const rig = await connect();
    expect(rig.simulator.state.connected).toBe(true);
    expect(rig.simulator.state.appName).toBe('MediaToolbar');
    expect(typeof rig.provider.requestHelper.createPublishRequest).toBe('function');
  });

  it('initialize rejects with a clear error when no host answers', async () => {
    jest.useFakeTimers();
    const { toolbarEnd } = createMemoryChannel(); // nobody on the host end
    const result = createUefStandIn(toolbarEnd).uiEventsFramework.initialize('MediaToolbar', 'v1');
    const assertion = expect(result).rejects.toThrow(/did not answer within 5000 ms/);
    await jest.advanceTimersByTimeAsync(5000);
    await assertion;
  });

  it('only the PHONE channel is offered', async () => {
    const rig = await connect();
    const mca = await rig.provider.getMultiChannelAdaptorContext();
    await expect(mca.getCommunicationChannelContext('CHAT')).rejects.toThrow(/only PHONE/);
  });
});

describe('operations', () => {
  it('getConfigurationOperation answers with the configuration: the agent is at getConfiguration().getAgentId(), not in outData', async () => {
    const rig = await connect();
    const request = rig.provider.requestHelper.createPublishRequest('getConfigurationOperation') as IMcaGetConfigurationActionRequest;
    request.setConfigType('TOOLBAR');
    const response = (await rig.phone.publish(request)) as IMcaGetConfigurationActionResponse;
    expect(response.getOperationName()).toBe('getConfigurationOperation');
    const data = response.getResponseData();
    expect(data.isSuccess()).toBe(true);
    expect(data.getError()).toBeNull();
    const configuration = data.getConfiguration();
    expect(configuration.getAgentId()).toBe('LISA.AGENT');
    expect(configuration.getAgentPartyId()).toBe(rig.simulator.configuration.agentPartyId);
    expect(configuration.getFeatures()).toEqual(['INBOUND_CALL', 'OUTBOUND_CALL']);
    expect(data.getData()).toMatchObject({ result: 'success', method: 'getConfigurationOperation', configuration: { agentId: 'LISA.AGENT' }, outData: {} });
  });

  it('agentStateEventOperation enables the phone icon, records the state and answers isSuccess()', async () => {
    const rig = await connect();
    expect(rig.simulator.state.phoneEnabled).toBe(false);
    const response = (await rig.phone.publish(agentStateRequest(rig))) as IMcaAgentStateEventActionResponse;
    expect(response.getResponseData().isSuccess()).toBe(true);
    expect(rig.simulator.state.phoneEnabled).toBe(true);
    expect(rig.simulator.state.agent).toMatchObject({ isAvailable: true, state: 'AVAILABLE', stateDisplayString: 'Idle' });
    expect(rig.simulator.operations[0]).toMatchObject({ operation: 'agentStateEventOperation', isAvailable: true, state: 'AVAILABLE' });
  });

  it('readyForOperationOperation records the readiness the toolbar set, and refuses a request without one', async () => {
    const rig = await connect();
    expect(rig.simulator.state.ready).toBe(false);
    await rig.phone.publish(readyRequest(rig, true));
    expect(rig.simulator.state.ready).toBe(true);
    expect(rig.simulator.operations[0]).toMatchObject({ operation: 'readyForOperationOperation', readiness: true, ok: true });
    await rig.phone.publish(readyRequest(rig, false));
    expect(rig.simulator.state.ready).toBe(false);
    expect(await rejection(rig.phone.publish(readyRequest(rig)))).toMatchObject({ status: 'error', message: expect.stringMatching(/readiness missing .*setReadiness/) });
  });

  it('newCommEvent with a directory number returns the contact tokens and opens the incoming-call dialog', async () => {
    const rig = await connect();
    const response = (await rig.phone.publish(
      commRequest(rig, 'newCommEvent', 'call-1', { SVCMCA_ANI: '+1 (650) 555-0100', SVCMCA_COMMUNICATION_DIRECTION: 'ORA_SVC_INBOUND' }),
    )) as IMcaNewComActionResponse;
    const outData = response.getResponseData().getOutData();
    expect(outData).toMatchObject({
      SVCMCA_ANI: '+1 (650) 555-0100',
      SVCMCA_CONTACT_NAME: 'Lisa Jones',
      SVCMCA_CONTACT_ID: 'CDRM_1001',
      SVCMCA_CONTACT_PRIMARY_PHONE: '+1 650 555 0100',
    });
    expect(outData.SVCMCA_INTERACTION_ID).toEqual(expect.any(String));
    expect(response.getResponseData().getData()).toMatchObject({ eventId: 'call-1', method: 'newCommEvent', result: 'success', channel: 'PHONE', outData });
    expect(rig.simulator.state.engagements).toEqual([
      expect.objectContaining({ eventId: 'call-1', view: 'incoming', contactName: 'Lisa Jones', direction: 'inbound' }),
    ]);
  });

  it('newCommEvent with an unknown number still gets an interaction id; outbound opens the dialing panel', async () => {
    const rig = await connect();
    const outData = await ring(rig, 'call-2', '+1 999 000 0000');
    expect(outData.SVCMCA_CONTACT_NAME).toBeUndefined();
    expect(outData.SVCMCA_INTERACTION_ID).toEqual(expect.any(String));
    await rig.phone.publish(
      commRequest(rig, 'newCommEvent', 'call-3', { SVCMCA_ANI: '+16505550142', SVCMCA_COMMUNICATION_DIRECTION: 'ORA_SVC_OUTBOUND' }),
    );
    expect(rig.simulator.state.engagements.find((e) => e.eventId === 'call-3')).toMatchObject({ view: 'dialing', direction: 'outbound' });
  });

  it('records startCommEvent and closeCommEvent in order, and WRAPUP opens the Wrap Up window', async () => {
    const rig = await connect();
    await ring(rig, 'call-1');
    await rig.phone.publish(commRequest(rig, 'startCommEvent', 'call-1'));
    expect(rig.simulator.state.engagements[0].view).toBe('engaged');
    const close = (await rig.phone.publish(closeRequest(rig, 'call-1', 'WRAPUP'))) as IMcaCloseComActionResponse;
    expect(close.getResponseData().getData()).toMatchObject({ eventId: 'call-1', method: 'closeCommEvent', result: 'success' });
    expect(rig.simulator.state.engagements[0].view).toBe('wrapup');
    expect(rig.simulator.operations.map((o) => [o.operation, o.eventId, o.reason])).toEqual([
      ['newCommEvent', 'call-1', undefined],
      ['startCommEvent', 'call-1', undefined],
      ['closeCommEvent', 'call-1', 'WRAPUP'],
    ]);
  });

  it('closeCommEvent with REJECT discards the dialog', async () => {
    const rig = await connect();
    await ring(rig, 'call-1');
    await rig.phone.publish(closeRequest(rig, 'call-1', 'REJECT'));
    expect(rig.simulator.state.engagements).toEqual([]);
  });

  it.each(CLOSE_REASONS.filter((r) => r !== 'WRAPUP'))('closeCommEvent takes Oracle\'s reason %s and closes the call', async (reason) => {
    const rig = await connect();
    await ring(rig, 'call-1');
    await rig.phone.publish(closeRequest(rig, 'call-1', reason));
    expect(rig.simulator.state.engagements).toEqual([]);
    expect(rig.simulator.operations[1]).toMatchObject({ operation: 'closeCommEvent', reason, ok: true });
  });

  it('refuses a closeCommEvent reason that is not Oracle\'s, naming it', async () => {
    const rig = await connect();
    await ring(rig, 'call-1');
    for (const reason of ['HANGUP', 'wrapup', 'TRANSFERRED']) {
      expect(await rejection(rig.phone.publish(closeRequest(rig, 'call-1', reason)))).toMatchObject({
        status: 'error',
        message: `closeCommEvent reason "${reason}" is not one of Oracle's: ABANDONED, CANCELED, ENDCOMMUNICATION, MISSED, REJECT, TIMEOUT, WRAPUP`,
      });
    }
    expect(rig.simulator.state.engagements).toHaveLength(1); // still ringing
  });

  it('ENDCOMMUNICATION after WRAPUP closes the Wrap Up window and is not a second close; a further close is', async () => {
    const rig = await connect();
    await ring(rig, 'call-1');
    await rig.phone.publish(commRequest(rig, 'startCommEvent', 'call-1'));
    await rig.phone.publish(closeRequest(rig, 'call-1', 'WRAPUP'));
    expect(rig.simulator.state.engagements.map((e) => e.view)).toEqual(['wrapup']);
    await rig.phone.publish(closeRequest(rig, 'call-1', 'ENDCOMMUNICATION'));
    expect(rig.simulator.state.engagements).toEqual([]);
    expect(await rejection(rig.phone.publish(closeRequest(rig, 'call-1', 'ENDCOMMUNICATION')))).toMatchObject({
      message: 'a second closeCommEvent for eventId call-1 (already closed with WRAPUP, then ENDCOMMUNICATION)',
    });
    expect(rig.simulator.operations.map((o) => `${o.operation}${o.reason ? `:${o.reason}` : ''}:${o.ok}`)).toEqual([
      'newCommEvent:true',
      'startCommEvent:true',
      'closeCommEvent:WRAPUP:true',
      'closeCommEvent:ENDCOMMUNICATION:true',
      'closeCommEvent:ENDCOMMUNICATION:false',
    ]);
  });

  it('ENDCOMMUNICATION after Fusion closed the Wrap Up window is taken; after another reason it is a second close', async () => {
    const rig = await connect();
    await ring(rig, 'call-1');
    await rig.phone.publish(commRequest(rig, 'startCommEvent', 'call-1'));
    await rig.phone.publish(closeRequest(rig, 'call-1', 'WRAPUP'));
    await rig.simulator.closeWrapUp('call-1');
    await rig.phone.publish(closeRequest(rig, 'call-1', 'ENDCOMMUNICATION'));
    await ring(rig, 'call-2');
    await rig.phone.publish(closeRequest(rig, 'call-2', 'REJECT'));
    expect(await rejection(rig.phone.publish(closeRequest(rig, 'call-2', 'ENDCOMMUNICATION')))).toMatchObject({
      message: 'a second closeCommEvent for eventId call-2 (already closed with REJECT)',
    });
    await ring(rig, 'call-3');
    await rig.phone.publish(commRequest(rig, 'startCommEvent', 'call-3'));
    await rig.phone.publish(closeRequest(rig, 'call-3', 'WRAPUP'));
    expect((await rejection(rig.phone.publish(closeRequest(rig, 'call-3', 'WRAPUP')))).message).toBe('a second closeCommEvent for eventId call-3 (already closed with WRAPUP)');
  });

  it('refuses a second closeCommEvent, and a newCommEvent for a closed call, so a toolbar that repeats itself is caught', async () => {
    const rig = await connect();
    await ring(rig, 'call-1');
    await rig.phone.publish(closeRequest(rig, 'call-1', 'REJECT'));
    expect((await rejection(rig.phone.publish(closeRequest(rig, 'call-1', 'REJECT')))).message).toMatch('a second closeCommEvent for eventId call-1');
    expect((await rejection(ring(rig, 'call-1'))).message).toBe('newCommEvent for eventId call-1, which was already closed');
    expect(rig.simulator.operations.map((o) => o.ok)).toEqual([true, true, false, false]);
  });

  it('startCommEvent for an eventId Fusion never saw is recorded and rejected with an IErrorData naming it', async () => {
    const rig = await connect();
    expect(await rejection(rig.phone.publish(commRequest(rig, 'startCommEvent', 'ghost')))).toEqual({
      status: 'error',
      message: 'startCommEvent for eventId ghost, which Fusion never saw in newCommEvent',
      details: { operation: 'startCommEvent' },
    });
    expect(rig.simulator.operations[0]).toMatchObject({ operation: 'startCommEvent', eventId: 'ghost', ok: false });
    expect(rig.simulator.state.lastError).toMatch(/ghost/);
  });

  it('a missing eventId is named in the error', async () => {
    const rig = await connect();
    const request = rig.provider.requestHelper.createPublishRequest('newCommEvent');
    expect((await rejection(rig.phone.publish(request))).message).toMatch(/eventId missing/);
  });

  it('an unknown operation makes a request Fusion refuses with a message naming it', async () => {
    const rig = await connect();
    const request = rig.provider.requestHelper.createPublishRequest('transferCommEvent');
    expect(Object.keys(request)).toEqual(['getOperationName']);
    expect(await rejection(rig.phone.publish(request))).toMatchObject({ status: 'error', message: 'unknown operation "transferCommEvent"' });
    expect(rig.simulator.operations[0]).toMatchObject({ operation: 'transferCommEvent', ok: false });
  });

  it('outboundCommError is recorded with its commUuid and error code and shown', async () => {
    const rig = await connect();
    const request = rig.provider.requestHelper.createPublishRequest('outboundCommError') as IMcaOutboundCommErrorActionRequest;
    request.setCommUuid('call-9');
    request.setErrorCode('INVALID_NUMBER');
    request.setErrorMsg('no such number');
    const response = (await rig.phone.publish(request)) as IMcaOutBoundCommErrorActionResponse;
    expect(response.getResponseData().isSuccess()).toBe(true);
    expect(response.getResponseData().getData()).toEqual({ result: 'success', error: '' });
    expect(rig.simulator.operations[0]).toMatchObject({ operation: 'outboundCommError', commUuid: 'call-9', errorCode: 'INVALID_NUMBER' });
    expect(rig.simulator.state.lastError).toMatch(/INVALID_NUMBER/);
  });

  it('a request the helper did not make, or an inData value that is not a scalar, rejects with an IErrorData at once', async () => {
    const rig = await connect();
    expect(await rejection(rig.phone.publish({ getOperationName: () => 'newCommEvent' }))).toMatchObject({
      status: 'invalidRequest',
      message: expect.stringMatching(/createPublishRequest/),
    });
    const request = commRequest(rig, 'newCommEvent', 'call-1');
    request.getInData().setInDataValueByAttribute('SVCMCA_ANI', { nested: true });
    expect(await rejection(rig.phone.publish(request))).toEqual({
      status: 'invalidRequest',
      message: 'payload.inData.SVCMCA_ANI is not a string, number, boolean or null',
      details: { operation: 'newCommEvent' },
    });
    expect(rig.simulator.operations).toEqual([]);
  });

  it('a publish Fusion never answers rejects with an IErrorData whose status is timeout', async () => {
    jest.useFakeTimers();
    const { toolbarEnd, hostEnd } = createMemoryChannel();
    hostEnd.onMessage((m) => m.kind === 'hello' && hostEnd.send({ channel: CHANNEL, kind: 'welcome' })); // and nothing more
    const provider = await createUefStandIn(toolbarEnd, { publishTimeoutMs: 1000 }).uiEventsFramework.initialize('MediaToolbar', 'v1');
    const phone = await (await provider.getMultiChannelAdaptorContext()).getCommunicationChannelContext('PHONE');
    const outcome = rejection(phone.publish(provider.requestHelper.createPublishRequest('getConfigurationOperation')));
    await jest.advanceTimersByTimeAsync(1000);
    expect(await outcome).toEqual({
      status: 'timeout',
      message: 'no answer within 1 s',
      details: { operation: 'getConfigurationOperation', timeoutMs: 1000 },
    });
  });
});

describe('failNext: Fusion refusing an operation either way', () => {
  it("'reject' makes the next publish of that operation reject with the message, and Fusion does nothing of it", async () => {
    const rig = await connect();
    rig.simulator.failNext('newCommEvent', 'reject', 'Fusion is busy');
    expect(await rejection(ring(rig, 'call-1'))).toEqual({ status: 'error', message: 'Fusion is busy', details: { operation: 'newCommEvent' } });
    expect(rig.simulator.state.engagements).toEqual([]);
    expect(rig.simulator.operations[0]).toMatchObject({ operation: 'newCommEvent', ok: false, error: 'Fusion is busy' });
    await ring(rig, 'call-2'); // only the next one
    expect(rig.simulator.state.engagements.map((e) => e.eventId)).toEqual(['call-2']);
  });

  it("'unsuccessful' resolves agentStateEventOperation with isSuccess() false and getError() set, and does not change the agent", async () => {
    const rig = await connect();
    rig.simulator.failNext('agentStateEventOperation', 'unsuccessful', 'Agent is not signed in');
    const response = (await rig.phone.publish(agentStateRequest(rig))) as IMcaAgentStateEventActionResponse;
    expect(response.getResponseData().isSuccess()).toBe(false);
    expect(response.getResponseData().getError()).toBe('Agent is not signed in');
    expect(rig.simulator.state.phoneEnabled).toBe(false);
    expect(rig.simulator.state.agent).toBeNull();
    expect(rig.simulator.operations[0]).toMatchObject({ operation: 'agentStateEventOperation', ok: false, error: 'Agent is not signed in' });
  });

  it("'unsuccessful' resolves getConfigurationOperation and outboundCommError with isSuccess() false", async () => {
    const rig = await connect();
    rig.simulator.failNext('getConfigurationOperation', 'unsuccessful', 'No toolbar configured');
    const config = (await rig.phone.publish(rig.provider.requestHelper.createPublishRequest('getConfigurationOperation'))) as IMcaGetConfigurationActionResponse;
    expect(config.getResponseData().isSuccess()).toBe(false);
    expect(config.getResponseData().getError()).toBe('No toolbar configured');
    expect(config.getResponseData().getConfiguration().getAgentId()).toBe('');
    rig.simulator.failNext('outboundCommError', 'unsuccessful', 'Unknown call');
    const request = rig.provider.requestHelper.createPublishRequest('outboundCommError') as IMcaOutboundCommErrorActionRequest;
    request.setCommUuid('call-9');
    const error = (await rig.phone.publish(request)) as IMcaOutBoundCommErrorActionResponse;
    expect(error.getResponseData().isSuccess()).toBe(false);
    expect(error.getResponseData().getError()).toBe('Unknown call');
    expect(error.getResponseData().getData()).toEqual({ result: 'error', error: 'Unknown call' });
  });

  it("'unsuccessful' exists only for the operations whose response data has isSuccess()", () => {
    const simulator = new FusionSimulator(createMemoryChannel().hostEnd);
    expect(() => simulator.failNext('closeCommEvent', 'unsuccessful', 'x')).toThrow("closeCommEvent's response data has no isSuccess()");
    expect(() => simulator.failNext('readyForOperationOperation', 'unsuccessful', 'x')).toThrow(/no isSuccess/);
  });
});

describe('offer timeout', () => {
  it('fires onDataUpdated OFFER_TIMEOUT when SVCMCA_OFFER_TIMEOUT_SEC elapses for a ringing call, and the toolbar closes it', async () => {
    const rig = await connect();
    jest.useFakeTimers();
    const updates: Array<[string, string]> = [];
    subscribeDataUpdated(rig, updates);
    await jest.advanceTimersByTimeAsync(0);
    await ring(rig, 'call-1', '+16505550100', { SVCMCA_OFFER_TIMEOUT_SEC: '30' });
    expect(rig.simulator.state.engagements[0]).toMatchObject({ view: 'incoming', offerTimeoutSec: 30 });
    await jest.advanceTimersByTimeAsync(29_999);
    expect(updates).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(updates).toEqual([['call-1', 'OFFER_TIMEOUT']]);
    expect(rig.simulator.state.engagements[0].view).toBe('offerTimedOut');
    expect(rig.simulator.events.at(-1)).toMatchObject({ eventName: 'onDataUpdated', eventId: 'call-1', updateType: 'OFFER_TIMEOUT' });
    expect((await rejection(rig.phone.publish(commRequest(rig, 'startCommEvent', 'call-1')))).message).toBe('startCommEvent for eventId call-1, whose offer timed out');
    await rig.phone.publish(closeRequest(rig, 'call-1', 'TIMEOUT'));
    expect(rig.simulator.state.engagements).toEqual([]);
  });

  it('the timer stops when the call moves on: answered, closed, or timed out by hand', async () => {
    const rig = await connect();
    jest.useFakeTimers();
    const updates: Array<[string, string]> = [];
    subscribeDataUpdated(rig, updates);
    await jest.advanceTimersByTimeAsync(0);
    for (const id of ['answered', 'declined', 'by-hand']) await ring(rig, id, '+16505550100', { SVCMCA_OFFER_TIMEOUT_SEC: '5' });
    await rig.phone.publish(commRequest(rig, 'startCommEvent', 'answered'));
    await rig.phone.publish(closeRequest(rig, 'declined', 'REJECT'));
    await expect(rig.simulator.offerTimeout('by-hand')).resolves.toEqual({ result: 'success' });
    await jest.advanceTimersByTimeAsync(60_000);
    expect(updates).toEqual([['by-hand', 'OFFER_TIMEOUT']]);
  });

  it('no timer without a positive number of seconds; an outbound call has no offer', async () => {
    const rig = await connect();
    jest.useFakeTimers();
    const updates: Array<[string, string]> = [];
    subscribeDataUpdated(rig, updates);
    await jest.advanceTimersByTimeAsync(0);
    for (const [id, seconds] of [['zero', '0'], ['negative', '-5'], ['words', 'thirty'], ['blank', ' ']]) {
      await ring(rig, id, '+16505550100', { SVCMCA_OFFER_TIMEOUT_SEC: seconds });
    }
    await rig.phone.publish(
      commRequest(rig, 'newCommEvent', 'out', { SVCMCA_ANI: '+16505550142', SVCMCA_COMMUNICATION_DIRECTION: 'ORA_SVC_OUTBOUND', SVCMCA_OFFER_TIMEOUT_SEC: '5' }),
    );
    await jest.advanceTimersByTimeAsync(3_600_000);
    expect(updates).toEqual([]);
    expect(rig.simulator.state.engagements.every((e) => e.offerTimeoutSec === undefined || e.eventId === 'out')).toBe(true);
  });

  it('offerTimeout for a call that is not ringing fails saying so and sends nothing', async () => {
    const rig = await connect();
    const updates: Array<[string, string]> = [];
    subscribeDataUpdated(rig, updates);
    await ring(rig, 'call-1');
    await rig.phone.publish(commRequest(rig, 'startCommEvent', 'call-1'));
    await expect(rig.simulator.offerTimeout('call-1')).resolves.toEqual({ result: 'failure', resultDisplayString: 'No call call-1 is ringing, so there is no offer to time out' });
    await expect(rig.simulator.offerTimeout('ghost')).resolves.toMatchObject({ result: 'failure' });
    await flush();
    expect(updates).toEqual([]);
    expect(rig.simulator.state.lastError).toBe('Offer timeout: failure (No call ghost is ringing, so there is no offer to time out)');
  });
});

describe('events', () => {
  function subscribeInteraction(rig: Rig, handler: (data: IMcaOnToolbarInteractionCommandDataResponse) => void | Promise<unknown>) {
    const request = rig.provider.requestHelper.createSubscriptionRequest('onToolbarInteractionCommand');
    return rig.phone.subscribe(request, (response: IEventResponse) =>
      handler((response as unknown as { getResponseData(): IMcaOnToolbarInteractionCommandDataResponse }).getResponseData()),
    );
  }

  function subscribeAgent(rig: Rig, handler: (data: IMcaOnToolbarAgentCommandDataResponse) => void | Promise<unknown>) {
    const request = rig.provider.requestHelper.createSubscriptionRequest('onToolbarAgentCommand');
    return rig.phone.subscribe(request, (response: IEventResponse) =>
      handler((response as unknown as { getResponseData(): IMcaOnToolbarAgentCommandDataResponse }).getResponseData()),
    );
  }

  it('Answer sends accept with Oracle\'s data object; the toolbar answers success', async () => {
    const rig = await connect();
    const seen: Array<[string, string, unknown]> = [];
    const data: unknown[] = [];
    subscribeInteraction(rig, async (response) => {
      seen.push([response.getCommand(), response.getEventId(), (response.getInData() as Record<string, unknown>).SVCMCA_CONTACT_NAME]);
      data.push({ ...response.getData() });
      response.setResult('success');
      return response;
    });
    await ring(rig, 'call-1');
    await expect(rig.simulator.answer('call-1')).resolves.toEqual({ result: 'success', outData: {} });
    expect(seen).toEqual([['accept', 'call-1', 'Lisa Jones']]);
    expect(data).toEqual([
      expect.objectContaining({ command: 'accept', eventId: 'call-1', commandId: expect.any(String), result: '', resultDisplayString: '', slot: '', timeStamp: expect.any(Number), channel: 'PHONE' }),
    ]);
    expect(rig.simulator.events[0]).toMatchObject({ eventName: 'onToolbarInteractionCommand', command: 'accept', outcome: { result: 'success' } });
  });

  it("setResult writes the data object's result, and a failure's reason written into its resultDisplayString reaches Fusion", async () => {
    const rig = await connect();
    subscribeInteraction(rig, (response) => {
      response.setResult(response.getCommand() === 'reject' ? 'success' : 'failure');
      expect(response.getData().result).toBe(response.getResult());
      if (response.getCommand() !== 'reject') response.getData().resultDisplayString = `cannot ${response.getCommand()}`;
      expect(response.getResultDisplayString()).toBe(response.getData().resultDisplayString);
      return Promise.resolve(response);
    });
    await flush();
    await expect(rig.simulator.decline('call-1')).resolves.toMatchObject({ result: 'success' });
    await expect(rig.simulator.endCall('call-1')).resolves.toMatchObject({ result: 'failure', resultDisplayString: 'cannot wrapup' });
    expect(rig.simulator.state.lastError).toMatch(/End Call: failure \(cannot wrapup\)/);
  });

  it('there is no setResultDisplayString, and setResult takes only success or failure', async () => {
    const rig = await connect();
    const problems: string[] = [];
    subscribeInteraction(rig, (response) => {
      expect((response as unknown as Record<string, unknown>).setResultDisplayString).toBeUndefined();
      try {
        response.setResult('done');
      } catch (error) {
        problems.push((error as Error).message);
      }
      return Promise.resolve();
    });
    await flush();
    await expect(rig.simulator.answer('call-1')).resolves.toMatchObject({ result: 'failure' });
    expect(problems).toEqual(['setResult: "done" is not "success" or "failure"']);
  });

  it("a rejected promise answers failure with the rejection's words: an Error's message or an IErrorData's getMessage()", async () => {
    const rig = await connect();
    let reason: unknown = new Error('vendor offline');
    // A toolbar may pass on the IErrorData a publish rejected with.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    subscribeInteraction(rig, () => Promise.reject(reason));
    await flush();
    await expect(rig.simulator.answer('call-1')).resolves.toEqual({ result: 'failure', resultDisplayString: 'vendor offline' });
    reason = { getStatus: () => 'error', getMessage: () => 'Fusion refused startCommEvent', getErrorDetails: () => ({}) };
    await expect(rig.simulator.answer('call-1')).resolves.toEqual({ result: 'failure', resultDisplayString: 'Fusion refused startCommEvent' });
  });

  it('a callback that throws, or never sets a result, answers failure saying so', async () => {
    const rig = await connect();
    const subscription = subscribeInteraction(rig, () => {
      throw new Error('vendor offline');
    });
    await flush();
    await expect(rig.simulator.answer('call-1')).resolves.toEqual({ result: 'failure', resultDisplayString: 'vendor offline' });
    subscription.dispose();
    subscribeInteraction(rig, () => Promise.resolve());
    await flush();
    await expect(rig.simulator.answer('call-1')).resolves.toEqual({
      result: 'failure',
      resultDisplayString: "The toolbar's onToolbarInteractionCommand callback did not set a result",
    });
  });

  it('agent commands carry outData back through setOutdata', async () => {
    const rig = await connect();
    subscribeAgent(rig, (response) => {
      response.setOutdata({ activeCount: 1, engagements: [{ eventId: 'call-1' }], command: response.getCommand() });
      expect(response.getOutdata()).toBe(response.getData().outData);
      response.setResult('success');
      return Promise.resolve(response);
    });
    await flush();
    await expect(rig.simulator.agentCommand('getActiveEngagements')).resolves.toEqual({
      result: 'success',
      outData: { activeCount: 1, engagements: [{ eventId: 'call-1' }], command: 'getActiveEngagements' },
    });
  });

  it('getActiveInteractionCommands goes to the toolbar once per session, as soon as it subscribes to agent commands, and its outData is recorded', async () => {
    const rig = await connect();
    const commands: string[] = [];
    const answer = { supportedCommands: ['accept', 'reject', 'disconnect'], supportedFeatures: [] };
    const subscription = subscribeAgent(rig, (response) => {
      commands.push(response.getCommand());
      response.setOutdata(answer);
      response.setResult('success');
      return Promise.resolve(response);
    });
    await flush();
    await flush();
    expect(commands).toEqual(['getActiveInteractionCommands']);
    expect(rig.simulator.state.supportedCommands).toEqual(answer);
    expect(rig.simulator.events[0]).toMatchObject({ eventName: 'onToolbarAgentCommand', command: 'getActiveInteractionCommands', outcome: { result: 'success' } });
    // The same session subscribing again is not asked again.
    subscription.dispose();
    subscribeAgent(rig, (response) => {
      commands.push(response.getCommand());
      response.setOutdata({ supportedCommands: ['accept'] });
      response.setResult('success');
      return Promise.resolve(response);
    });
    await flush();
    await flush();
    expect(commands).toEqual(['getActiveInteractionCommands']);
    // A test may ask again.
    await rig.simulator.requestActiveInteractionCommands();
    expect(commands).toEqual(['getActiveInteractionCommands', 'getActiveInteractionCommands']);
    expect(rig.simulator.state.supportedCommands).toEqual({ supportedCommands: ['accept'] });
  });

  it('a reloaded toolbar (a new session) is asked getActiveInteractionCommands again', async () => {
    const rig = await connect();
    const commands: string[] = [];
    subscribeAgent(rig, (response) => {
      commands.push(response.getCommand());
      response.setOutdata({ supportedCommands: [] });
      response.setResult('success');
      return Promise.resolve(response);
    });
    await flush();
    await flush();
    // The page reloaded: a hello with another session id, and the new session subscribes.
    rig.toolbarEnd.send({ channel: CHANNEL, kind: 'hello', appName: 'MediaToolbar', version: 'v1', sessionId: 'reloaded' });
    rig.toolbarEnd.send({ channel: CHANNEL, kind: 'subscribe', eventName: 'onToolbarAgentCommand' });
    await flush();
    await flush();
    expect(commands).toEqual(['getActiveInteractionCommands', 'getActiveInteractionCommands']);
    expect(rig.simulator.events.filter((e) => e.command === 'getActiveInteractionCommands' && e.outcome?.result === 'success')).toHaveLength(2);
  });

  it('an answer to getActiveInteractionCommands without an outData object is shown as an error and not recorded', async () => {
    const rig = await connect();
    subscribeAgent(rig, (response) => {
      response.setOutdata(['accept']);
      response.setResult('success');
      return Promise.resolve(response);
    });
    await flush();
    await flush();
    expect(rig.simulator.state.supportedCommands).toBeNull();
    expect(rig.simulator.state.lastError).toBe('getActiveInteractionCommands: the toolbar answered success without an outData object (["accept"])');
  });

  it('an event nobody subscribed to fails; a controllable event never answered times out', async () => {
    const rig = await connect(50);
    await expect(rig.simulator.answer('call-1')).resolves.toMatchObject({ result: 'failure', resultDisplayString: expect.stringMatching(/not subscribed/) });
    subscribeInteraction(rig, () => new Promise(() => undefined));
    await flush();
    await expect(rig.simulator.answer('call-1')).resolves.toMatchObject({ result: 'failure', resultDisplayString: expect.stringMatching(/did not answer/) });
  });

  it('disposing the last subscription unsubscribes at the host', async () => {
    const rig = await connect();
    const subscription = subscribeInteraction(rig, () => undefined);
    await flush();
    expect(rig.simulator.state.subscriptions).toContain('onToolbarInteractionCommand');
    subscription.dispose();
    await flush();
    expect(rig.simulator.state.subscriptions).not.toContain('onToolbarInteractionCommand');
  });

  it('onOutgoingEvent and onDataUpdated need an app classification, as in real UEF; an unknown event cannot be subscribed', async () => {
    const rig = await connect();
    for (const eventName of ['onOutgoingEvent', 'onDataUpdated'] as const) {
      const request = rig.provider.requestHelper.createSubscriptionRequest(eventName);
      expect(request.getEventName()).toBe(eventName);
      expect(() => rig.phone.subscribe(request, () => undefined)).toThrow('App Classification missing in payload');
    }
    expect(() => rig.phone.subscribe(rig.provider.requestHelper.createSubscriptionRequest('onSomething'), () => undefined)).toThrow(
      'subscribe: "onSomething" is not an event of the PHONE channel context',
    );
  });

  it("click-to-dial delivers onOutgoingEvent with Oracle's payload: the call id as uuid and the directory tokens in outData", async () => {
    const rig = await connect();
    const received: Array<[Record<string, unknown>, Record<string, unknown>]> = [];
    const request = rig.provider.requestHelper.createSubscriptionRequest('onOutgoingEvent') as IMcaEventRequest;
    request.setAppClassification('ORA_SERVICE');
    rig.phone.subscribe(request, (response) => {
      const data = (response as unknown as { getResponseData(): IMcaOnOutgoingEventData }).getResponseData();
      received.push([{ ...data.getData() }, data.getOutData()]);
    });
    await flush();
    const outcome = await rig.simulator.clickToDial('+1 650 555 0142');
    await flush();
    expect(outcome).toMatchObject({ result: 'success', callId: expect.any(String) });
    const outData = {
      SVCMCA_ANI: '+1 650 555 0142',
      SVCMCA_CALL_ID: outcome.callId,
      SVCMCA_COMMUNICATION_DIRECTION: 'ORA_SVC_OUTBOUND',
      SVCMCA_CONTACT_ID: 'CDRM_1002',
      SVCMCA_DISPLAY_NAME: 'Ravi Patel',
    };
    expect(received).toEqual([[expect.objectContaining({ uuid: outcome.callId, method: 'onOutgoingEvent', outData }), outData]]);
  });

  it('Close Wrap Up closes the window and delivers onDataUpdated WRAPUP_CLOSED', async () => {
    const rig = await connect();
    const updates: Array<[string, string]> = [];
    subscribeDataUpdated(rig, updates);
    await ring(rig, 'call-1');
    await rig.phone.publish(commRequest(rig, 'startCommEvent', 'call-1'));
    await rig.phone.publish(closeRequest(rig, 'call-1', 'WRAPUP'));
    expect(rig.simulator.state.engagements.map((e) => e.view)).toEqual(['wrapup']);
    await rig.simulator.closeWrapUp('call-1');
    await flush();
    expect(rig.simulator.state.engagements).toEqual([]);
    expect(updates).toEqual([['call-1', 'WRAPUP_CLOSED']]);
  });

  it('onChange reports changes until unsubscribed', async () => {
    const rig = await connect();
    const listener = jest.fn();
    const unsubscribe = rig.simulator.onChange(listener);
    await ring(rig, 'call-1');
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ engagements: [expect.objectContaining({ eventId: 'call-1' })] }));
    unsubscribe();
    listener.mockClear();
    await ring(rig, 'call-2');
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('malformed messages', () => {
  const ok = { channel: CHANNEL };
  const base = { channel: 'PHONE', channelType: 'ORA_SVC_PHONE', method: 'onDataUpdated', toolbarName: 't', uuid: 'u' };
  const comData = {
    channelId: '',
    channelType: 'ORA_SVC_PHONE',
    engagementId: '1',
    eventId: 'e',
    eventSource: 'toolbar',
    interactionId: '1',
    method: 'newCommEvent',
    result: 'success',
    toolbarName: 't',
    uuid: 'u',
    channel: 'PHONE',
    outData: {},
  };
  it.each<[string, unknown]>([
    ['a string', 'hello'],
    ['null', null],
    ['another channel', { channel: 'other', kind: 'welcome' }],
    ['an unknown kind', { ...ok, kind: 'bogus' }],
    ['hello without appName', { ...ok, kind: 'hello', version: 'v1', sessionId: 's' }],
    ['subscribe to an unknown event', { ...ok, kind: 'subscribe', eventName: 'onSomething' }],
    ['publish without requestId', { ...ok, kind: 'publish', operation: 'newCommEvent', payload: {} }],
    ['publish with an unknown payload field', { ...ok, kind: 'publish', requestId: 'r', operation: 'newCommEvent', payload: { foo: 1 } }],
    ['publish with an object in inData', { ...ok, kind: 'publish', requestId: 'r', operation: 'x', payload: { inData: { a: {} } } }],
    ['publish with a readiness that is not a boolean', { ...ok, kind: 'publish', requestId: 'r', operation: 'readyForOperationOperation', payload: { readiness: 'yes' } }],
    ['publishResult without ok', { ...ok, kind: 'publishResult', requestId: 'r' }],
    ['publishResult ok without an operation', { ...ok, kind: 'publishResult', requestId: 'r', ok: true, data: comData }],
    ['publishResult ok with the old {data, outData} answer', { ...ok, kind: 'publishResult', requestId: 'r', ok: true, operation: 'newCommEvent', data: {}, outData: {} }],
    ['publishResult with a field Oracle does not declare', { ...ok, kind: 'publishResult', requestId: 'r', ok: true, operation: 'newCommEvent', data: { ...comData, agentId: 'x' } }],
    ['a configuration without agentId', { ...ok, kind: 'publishResult', requestId: 'r', ok: true, operation: 'getConfigurationOperation', data: { outData: {}, method: 'm', configuration: { faTrustToken: '', agentPartyId: '', features: '', companionPanelUrl: '', companionPanelTitle: '' }, result: 'success', toolbarName: 't', uuid: 'u', error: null } }],
    ['event without deliveryId', { ...ok, kind: 'event', eventName: 'onDataUpdated', data: { ...base, eventId: 'e', eventSource: 'FUSION', result: '', outData: { updateType: 'WRAPUP_CLOSED' } } }],
    ['onDataUpdated without an updateType', { ...ok, kind: 'event', deliveryId: 'd', eventName: 'onDataUpdated', data: { ...base, eventId: 'e', eventSource: 'FUSION', result: '', outData: {} } }],
    ['interaction event without command', { ...ok, kind: 'event', deliveryId: 'd', eventName: 'onToolbarInteractionCommand', data: { eventId: 'e', inData: {} } }],
    ['onOutgoingEvent in the old {data, outData} shape', { ...ok, kind: 'event', deliveryId: 'd', eventName: 'onOutgoingEvent', data: { data: {}, outData: {} } }],
    ['eventResult with a bad result', { ...ok, kind: 'eventResult', deliveryId: 'd', result: 'maybe' }],
  ])('drops %s', (_name, message) => {
    expect(parseMessage(message)).toBeNull();
    expect(console.warn).toHaveBeenCalledWith(expect.stringMatching(/dropped a malformed message: .+/), message);
  });

  it.each<[string, Message]>([
    ['welcome', { channel: CHANNEL, kind: 'welcome' }],
    ['publish', { channel: CHANNEL, kind: 'publish', requestId: 'r', operation: 'newCommEvent', payload: { eventId: 'e', inData: { SVCMCA_ANI: '1' } } }],
    ['publishResult', { channel: CHANNEL, kind: 'publishResult', requestId: 'r', ok: true, operation: 'newCommEvent', data: comData }],
    ['eventResult with any outData', { channel: CHANNEL, kind: 'eventResult', deliveryId: 'd', result: 'failure', resultDisplayString: 'no', outData: [1] }],
  ])('accepts a well-formed %s', (_name, message) => {
    expect(parseMessage(message)).toBe(message);
  });

  it('the ends ignore malformed messages on the channel', async () => {
    const rig = await connect();
    rig.toolbarEnd.send({ channel: CHANNEL, kind: 'publish', requestId: 'r', operation: 'newCommEvent', payload: { eventId: 42 } } as unknown as Message);
    rig.hostEnd.send({ channel: CHANNEL, kind: 'event', deliveryId: 'd', eventName: 'onDataUpdated', data: {} } as unknown as Message);
    await flush();
    expect(rig.simulator.operations).toEqual([]);
    expect(console.warn).toHaveBeenCalledTimes(2);
  });
});
