/**
 * The UEF stand-in and the Fusion simulator, connected by an in-memory channel: the same code paths the toolbar uses
 * in the browser, minus postMessage.
 */
import type {
  IEventResponse,
  IMcaAgentStateEventActionRequest,
  IMcaCloseCommEventActionRequest,
  IMcaCommEventActionRequest,
  IMcaGetConfigurationActionRequest,
  IMcaOnDataUpdatedDataResponse,
  IMcaOnOutgoingEventDataResponse,
  IMcaOnToolbarAgentCommandDataResponse,
  IMcaOnToolbarInteractionCommandDataResponse,
  IMcaOutboundCommErrorActionRequest,
  IPhoneContext,
  IUiEventsFrameworkProvider,
  UefOperationName,
} from '../../src/ts/cti/fusion/uef';
import { FusionSimulator } from '../../dev/fusionSimulator';
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
  const request = rig.provider.requestHelper.createPublishRequest(operation) as IMcaCommEventActionRequest;
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

async function ring(rig: Rig, eventId: string, number = '+16505550100') {
  const response = await rig.phone.publish(
    commRequest(rig, 'newCommEvent', eventId, { SVCMCA_ANI: number, SVCMCA_COMMUNICATION_DIRECTION: 'ORA_SVC_INBOUND' }),
  );
  return response.getResponseData().getOutData();
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
    const result = createUefStandIn(toolbarEnd).uiEventsFramework.initialize('MediaToolbar');
    const assertion = expect(result).rejects.toThrow(/did not answer within 5000 ms/);
    await jest.advanceTimersByTimeAsync(5000);
    await assertion;
  });

  it('only the PHONE channel is offered', async () => {
    const rig = await connect();
    const mca = await rig.provider.getMultiChannelAdaptorContext();
    await expect(mca.getCommunicationChannelContext('CHAT' as 'PHONE')).rejects.toThrow(/only PHONE/);
  });
});

describe('operations', () => {
  it('getConfigurationOperation returns the agent id', async () => {
    const rig = await connect();
    const request = rig.provider.requestHelper.createPublishRequest('getConfigurationOperation') as IMcaGetConfigurationActionRequest;
    request.setConfigType('TOOLBAR');
    const response = await rig.phone.publish(request);
    expect(response.getOperationName()).toBe('getConfigurationOperation');
    expect(response.getResponseData().getOutData()).toMatchObject({ agentId: 'LISA.AGENT' });
  });

  it('agentStateEventOperation enables the phone icon and records the state', async () => {
    const rig = await connect();
    const request = rig.provider.requestHelper.createPublishRequest('agentStateEventOperation') as IMcaAgentStateEventActionRequest;
    request.setEventId('1');
    request.setIsAvailable(true);
    request.setIsLoggedIn(true);
    request.setState('AVAILABLE');
    request.setStateDisplayString('Idle');
    expect(rig.simulator.state.phoneEnabled).toBe(false);
    await rig.phone.publish(request);
    expect(rig.simulator.state.phoneEnabled).toBe(true);
    expect(rig.simulator.state.agent).toMatchObject({ isAvailable: true, state: 'AVAILABLE', stateDisplayString: 'Idle' });
    expect(rig.simulator.operations[0]).toMatchObject({ operation: 'agentStateEventOperation', isAvailable: true, state: 'AVAILABLE' });
  });

  it('newCommEvent with a directory number returns the contact tokens and opens the incoming-call dialog', async () => {
    const rig = await connect();
    const outData = await ring(rig, 'call-1', '+1 (650) 555-0100');
    expect(outData).toMatchObject({
      SVCMCA_ANI: '+1 (650) 555-0100',
      SVCMCA_CONTACT_NAME: 'Lisa Jones',
      SVCMCA_CONTACT_ID: 'CDRM_1001',
      SVCMCA_CONTACT_PRIMARY_PHONE: '+1 650 555 0100',
    });
    expect(outData.SVCMCA_INTERACTION_ID).toEqual(expect.any(String));
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
    await rig.phone.publish(closeRequest(rig, 'call-1', 'WRAPUP'));
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

  it('refuses a second closeCommEvent, and a newCommEvent for a closed call, so a toolbar that repeats itself is caught', async () => {
    const rig = await connect();
    await ring(rig, 'call-1');
    await rig.phone.publish(closeRequest(rig, 'call-1', 'REJECT'));
    await expect(rig.phone.publish(closeRequest(rig, 'call-1', 'REJECT'))).rejects.toThrow('a second closeCommEvent for eventId call-1');
    await expect(ring(rig, 'call-1')).rejects.toThrow('newCommEvent for eventId call-1, which was already closed');
    expect(rig.simulator.operations.map((o) => o.ok)).toEqual([true, true, false, false]);
  });

  it('startCommEvent for an eventId Fusion never saw is recorded and rejected', async () => {
    const rig = await connect();
    await expect(rig.phone.publish(commRequest(rig, 'startCommEvent', 'ghost'))).rejects.toThrow(/never saw in newCommEvent/);
    expect(rig.simulator.operations[0]).toMatchObject({ operation: 'startCommEvent', eventId: 'ghost', ok: false });
    expect(rig.simulator.state.lastError).toMatch(/ghost/);
  });

  it('a missing eventId is named in the error', async () => {
    const rig = await connect();
    const request = rig.provider.requestHelper.createPublishRequest('newCommEvent') as IMcaCommEventActionRequest;
    await expect(rig.phone.publish(request)).rejects.toThrow(/eventId missing/);
  });

  it('an unknown operation is rejected with a message naming it', async () => {
    const rig = await connect();
    const request = rig.provider.requestHelper.createPublishRequest('transferCommEvent' as UefOperationName);
    await expect(rig.phone.publish(request)).rejects.toThrow(/unknown operation "transferCommEvent"/);
    expect(rig.simulator.operations[0]).toMatchObject({ operation: 'transferCommEvent', ok: false });
  });

  it('outboundCommError is recorded with its commUuid and error code and shown', async () => {
    const rig = await connect();
    const request = rig.provider.requestHelper.createPublishRequest('outboundCommError') as IMcaOutboundCommErrorActionRequest;
    request.setCommUuid('call-9');
    request.setErrorCode('INVALID_NUMBER');
    request.setErrorMsg('no such number');
    await rig.phone.publish(request);
    expect(rig.simulator.operations[0]).toMatchObject({ operation: 'outboundCommError', commUuid: 'call-9', errorCode: 'INVALID_NUMBER' });
    expect(rig.simulator.state.lastError).toMatch(/INVALID_NUMBER/);
  });

  it('a request the helper did not make is refused', async () => {
    const rig = await connect();
    await expect(rig.phone.publish({ getOperationName: () => 'newCommEvent' })).rejects.toThrow(/createPublishRequest/);
  });
});

describe('events', () => {
  function subscribeInteraction(rig: Rig, handler: (data: IMcaOnToolbarInteractionCommandDataResponse) => unknown) {
    const request = rig.provider.requestHelper.createSubscriptionRequest('onToolbarInteractionCommand');
    return rig.phone.subscribe(request, (response: IEventResponse) =>
      handler(response.getResponseData() as IMcaOnToolbarInteractionCommandDataResponse),
    );
  }

  it('Answer sends accept; the toolbar answers success', async () => {
    const rig = await connect();
    const seen: Array<[string, string, unknown]> = [];
    subscribeInteraction(rig, async (data) => {
      seen.push([data.getCommand(), data.getEventId(), data.getInData().SVCMCA_CONTACT_NAME]);
      data.setResult('success');
      return data;
    });
    await ring(rig, 'call-1');
    await expect(rig.simulator.answer('call-1')).resolves.toEqual({ result: 'success' });
    expect(seen).toEqual([['accept', 'call-1', 'Lisa Jones']]);
    expect(rig.simulator.events[0]).toMatchObject({ eventName: 'onToolbarInteractionCommand', command: 'accept', outcome: { result: 'success' } });
  });

  it('Decline and End Call send reject and wrapup; a failure carries its display string', async () => {
    const rig = await connect();
    subscribeInteraction(rig, (data) => {
      data.setResult(data.getCommand() === 'reject' ? 'success' : 'failure');
      if (data.getCommand() !== 'reject') data.setResultDisplayString(`cannot ${data.getCommand()}`);
      return data;
    });
    await flush();
    await expect(rig.simulator.decline('call-1')).resolves.toEqual({ result: 'success' });
    await expect(rig.simulator.endCall('call-1')).resolves.toEqual({ result: 'failure', resultDisplayString: 'cannot wrapup' });
    expect(rig.simulator.state.lastError).toMatch(/End Call: failure \(cannot wrapup\)/);
  });

  it('a callback that throws, or never sets a result, answers failure saying so', async () => {
    const rig = await connect();
    const subscription = subscribeInteraction(rig, () => {
      throw new Error('vendor offline');
    });
    await flush();
    await expect(rig.simulator.answer('call-1')).resolves.toMatchObject({ result: 'failure', resultDisplayString: expect.stringMatching(/vendor offline/) });
    subscription.dispose();
    subscribeInteraction(rig, () => Promise.resolve());
    await flush();
    await expect(rig.simulator.answer('call-1')).resolves.toMatchObject({ result: 'failure', resultDisplayString: expect.stringMatching(/did not set a result/) });
  });

  it('agent commands carry outData back', async () => {
    const rig = await connect();
    rig.phone.subscribe(rig.provider.requestHelper.createSubscriptionRequest('onToolbarAgentCommand'), (response) => {
      const data = response.getResponseData() as IMcaOnToolbarAgentCommandDataResponse;
      data.setOutdata({ activeCount: 1, engagements: [{ eventId: 'call-1' }], command: data.getCommand() });
      data.setResult('success');
      return Promise.resolve(data);
    });
    await flush();
    await expect(rig.simulator.agentCommand('getActiveEngagements')).resolves.toEqual({
      result: 'success',
      outData: { activeCount: 1, engagements: [{ eventId: 'call-1' }], command: 'getActiveEngagements' },
    });
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

  it('onOutgoingEvent and onDataUpdated need an app classification, as in real UEF', async () => {
    const rig = await connect();
    for (const eventName of ['onOutgoingEvent', 'onDataUpdated'] as const) {
      const request = rig.provider.requestHelper.createSubscriptionRequest(eventName);
      expect(() => rig.phone.subscribe(request, () => undefined)).toThrow('App Classification missing in payload');
    }
  });

  it('click-to-dial delivers onOutgoingEvent with the call id and directory tokens', async () => {
    const rig = await connect();
    const received: Array<Record<string, unknown>> = [];
    const request = rig.provider.requestHelper.createSubscriptionRequest('onOutgoingEvent');
    request.setAppClassification('ORA_SERVICE');
    rig.phone.subscribe(request, (response) => {
      received.push((response.getResponseData() as IMcaOnOutgoingEventDataResponse).getOutData());
    });
    await flush();
    const outcome = await rig.simulator.clickToDial('+1 650 555 0142');
    await flush();
    expect(outcome).toMatchObject({ result: 'success', callId: expect.any(String) });
    expect(received).toEqual([
      {
        SVCMCA_ANI: '+1 650 555 0142',
        SVCMCA_CALL_ID: outcome.callId,
        SVCMCA_COMMUNICATION_DIRECTION: 'ORA_SVC_OUTBOUND',
        SVCMCA_CONTACT_ID: 'CDRM_1002',
        SVCMCA_DISPLAY_NAME: 'Ravi Patel',
      },
    ]);
  });

  it('Close Wrap Up closes the window and delivers onDataUpdated WRAPUP_CLOSED', async () => {
    const rig = await connect();
    const updates: Array<[string, unknown]> = [];
    const request = rig.provider.requestHelper.createSubscriptionRequest('onDataUpdated');
    request.setAppClassification('ORA_SERVICE');
    rig.phone.subscribe(request, (response) => {
      const data = response.getResponseData() as IMcaOnDataUpdatedDataResponse;
      updates.push([data.getEventId(), data.getOutData().updateType]);
    });
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
    ['publishResult without ok', { ...ok, kind: 'publishResult', requestId: 'r' }],
    ['publishResult ok without outData', { ...ok, kind: 'publishResult', requestId: 'r', ok: true, data: {} }],
    ['event without deliveryId', { ...ok, kind: 'event', eventName: 'onDataUpdated', data: { eventId: 'e', outData: {} } }],
    ['interaction event without command', { ...ok, kind: 'event', deliveryId: 'd', eventName: 'onToolbarInteractionCommand', data: { eventId: 'e', inData: {} } }],
    ['eventResult with a bad result', { ...ok, kind: 'eventResult', deliveryId: 'd', result: 'maybe' }],
  ])('drops %s', (_name, message) => {
    expect(parseMessage(message)).toBeNull();
    expect(console.warn).toHaveBeenCalledWith(expect.stringMatching(/dropped a malformed message: .+/), message);
  });

  it.each<[string, Message]>([
    ['welcome', { channel: CHANNEL, kind: 'welcome' }],
    ['publish', { channel: CHANNEL, kind: 'publish', requestId: 'r', operation: 'newCommEvent', payload: { eventId: 'e', inData: { SVCMCA_ANI: '1' } } }],
    ['eventResult', { channel: CHANNEL, kind: 'eventResult', deliveryId: 'd', result: 'failure', resultDisplayString: 'no', outData: { a: [1] } }],
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
