/**
 * The UEF stand-in offers exactly uef.ts (which mirrors Oracle's uiEventsFramework.d.ts), no more and no less: every
 * object it hands the toolbar is enumerated, members of its prototypes included, and compared with a key list that is
 * typed `satisfies Record<keyof TheUefInterface, true>`, so a list cannot drift from uef.ts (a key missing or extra
 * there does not compile) and the stand-in cannot grow a member Oracle lacks (setResultDisplayString, say) or lose one.
 */
import type {
  IErrorData,
  IEventResponse,
  IMcaAgentStateEventActionRequest,
  IMcaAgentStateEventActionResponse,
  IMcaAgentStateEventActionResponseData,
  IMcaCloseComActionData,
  IMcaCloseComActionResponse,
  IMcaCloseCommEventActionRequest,
  IMcaCloseComEventActionData,
  IMcaComEventActionData,
  IMcaNewComEventActionData,
  IMcaStartComEventActionData,
  IMCAConfiguration,
  IMcaEventData,
  IMcaEventRequest,
  IMcaGetConfigurationActionRequest,
  IMcaGetConfigurationActionResponse,
  IMcaGetConfigurationActionResponseData,
  IMCAGetConfiguration,
  IMCAGetConfigurationResponsePayload,
  IMcaInDataRequest,
  IMcaNewComActionData,
  IMcaNewComActionResponse,
  IMcaNewCommEventActionRequest,
  IMcaOnDataUpdatedData,
  IMcaOnDataUpdatedEventData,
  IMcaOnDataUpdatedEventResponse,
  IMcaOnOutgoingEventData,
  IMcaOnOutgoingEventPayloadData,
  IMcaonOutgoingEventResponse,
  IMcaOnToolbarAgentCommandData,
  IMcaOnToolbarAgentCommandDataResponse,
  IMcaOnToolbarAgentCommandEventResponse,
  IMcaOnToolbarInteractionCommandData,
  IMcaOnToolbarInteractionCommandDataResponse,
  IMcaOnToolbarInteractionCommandEventResponse,
  IMCAOutBoundCommErrorResponsePayload,
  IMcaOutBoundCommErrorActionResponse,
  IMcaOutBoundCommErrorActionResponseData,
  IMcaOutboundCommErrorActionRequest,
  IMcaReadyForOperationActionRequest,
  IMcaReadyForOperationActionResponse,
  IMcaReadyForOperationActionResponseData,
  IMcaStartComActionData,
  IMcaStartComActionResponse,
  IMcaStartCommEventActionRequest,
  IMultiChannelAdaptorContext,
  IOperationRequest,
  IPhoneContext,
  IRequestHelper,
  ISubscriptionContext,
  IUiEventsFramework,
  IUiEventsFrameworkProvider,
  UefGlobal,
} from '../../src/ts/cti/fusion/uef';
import { FusionSimulator } from '../../dev/fusionSimulator';
import type { AgentStateResponsePayload, ReadyForOperationResponsePayload } from '../../dev/protocol';
import { createMemoryChannel } from '../../dev/transport';
import { createUefStandIn } from '../../dev/uefStandIn';

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Every property name of `value` and of its prototypes up to (not including) Object.prototype, sorted. */
function membersOf(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) throw new Error(`not an object: ${String(value)}`);
  const names = new Set<string>();
  for (let o: object | null = value; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) names.add(name);
    for (const symbol of Object.getOwnPropertySymbols(o)) names.add(symbol.toString());
  }
  return [...names].sort();
}

const keysOf = (list: Record<string, true>) => Object.keys(list).sort();

// ---- the key lists, one per uef.ts interface ----------------------------------------------------------------------

const UEF_GLOBAL = { uiEventsFramework: true } satisfies Record<keyof UefGlobal, true>;
const UI_EVENTS_FRAMEWORK = { initialize: true } satisfies Record<keyof IUiEventsFramework, true>;
const PROVIDER = { requestHelper: true, getMultiChannelAdaptorContext: true } satisfies Record<keyof IUiEventsFrameworkProvider, true>;
const REQUEST_HELPER = { createSubscriptionRequest: true, createPublishRequest: true } satisfies Record<keyof IRequestHelper, true>;
const MCA_CONTEXT = { getCommunicationChannelContext: true } satisfies Record<keyof IMultiChannelAdaptorContext, true>;
const PHONE_CONTEXT = { subscribe: true, publish: true } satisfies Record<keyof IPhoneContext, true>;
const SUBSCRIPTION = { dispose: true } satisfies Record<keyof ISubscriptionContext, true>;
const ERROR_DATA = { getStatus: true, getMessage: true, getErrorDetails: true } satisfies Record<keyof IErrorData, true>;

const EVENT_REQUEST = { getEventName: true, setAppClassification: true } satisfies Record<keyof IMcaEventRequest, true>;
const OPERATION_REQUEST = { getOperationName: true } satisfies Record<keyof IOperationRequest, true>;
const IN_DATA_REQUEST = { setInDataValueByAttribute: true } satisfies Record<keyof IMcaInDataRequest, true>;
const NEW_COMM_REQUEST = {
  getOperationName: true,
  setAppClassification: true,
  setEventId: true,
  getInData: true,
} satisfies Record<keyof IMcaNewCommEventActionRequest, true>;
const START_COMM_REQUEST = {
  getOperationName: true,
  setAppClassification: true,
  setEventId: true,
  getInData: true,
} satisfies Record<keyof IMcaStartCommEventActionRequest, true>;
const CLOSE_COMM_REQUEST = {
  getOperationName: true,
  setAppClassification: true,
  setEventId: true,
  getInData: true,
  setReason: true,
} satisfies Record<keyof IMcaCloseCommEventActionRequest, true>;
const AGENT_STATE_REQUEST = {
  getOperationName: true,
  setEventId: true,
  setIsAvailable: true,
  setIsLoggedIn: true,
  setState: true,
  setStateDisplayString: true,
  setReason: true,
  setReasonDisplayString: true,
  setInData: true,
} satisfies Record<keyof IMcaAgentStateEventActionRequest, true>;
const OUTBOUND_ERROR_REQUEST = {
  getOperationName: true,
  setCommUuid: true,
  setErrorCode: true,
  setErrorMsg: true,
} satisfies Record<keyof IMcaOutboundCommErrorActionRequest, true>;
const GET_CONFIGURATION_REQUEST = { getOperationName: true, setConfigType: true } satisfies Record<keyof IMcaGetConfigurationActionRequest, true>;
const READY_REQUEST = { getOperationName: true, setReadiness: true } satisfies Record<keyof IMcaReadyForOperationActionRequest, true>;

const NEW_COMM_RESPONSE = { getOperationName: true, getResponseData: true } satisfies Record<keyof IMcaNewComActionResponse, true>;
const START_COMM_RESPONSE = { getOperationName: true, getResponseData: true } satisfies Record<keyof IMcaStartComActionResponse, true>;
const CLOSE_COMM_RESPONSE = { getOperationName: true, getResponseData: true } satisfies Record<keyof IMcaCloseComActionResponse, true>;
const AGENT_STATE_RESPONSE = { getOperationName: true, getResponseData: true } satisfies Record<keyof IMcaAgentStateEventActionResponse, true>;
const OUTBOUND_ERROR_RESPONSE = { getOperationName: true, getResponseData: true } satisfies Record<keyof IMcaOutBoundCommErrorActionResponse, true>;
const GET_CONFIGURATION_RESPONSE = { getOperationName: true, getResponseData: true } satisfies Record<keyof IMcaGetConfigurationActionResponse, true>;
const READY_RESPONSE = { getOperationName: true, getResponseData: true } satisfies Record<keyof IMcaReadyForOperationActionResponse, true>;

const NEW_COMM_DATA = { getData: true, getOutData: true } satisfies Record<keyof IMcaNewComActionData, true>;
const START_COMM_DATA = { getData: true, getOutData: true } satisfies Record<keyof IMcaStartComActionData, true>;
const CLOSE_COMM_DATA = { getData: true, getOutData: true } satisfies Record<keyof IMcaCloseComActionData, true>;
const COM_EVENT_ACTION_DATA = {
  channelId: true,
  channelType: true,
  engagementId: true,
  eventId: true,
  eventSource: true,
  interactionId: true,
  method: true,
  result: true,
  toolbarName: true,
  uuid: true,
  channel: true,
} satisfies Record<keyof IMcaComEventActionData, true>;
const NEW_COMM_EVENT_DATA = { ...COM_EVENT_ACTION_DATA, outData: true } satisfies Record<keyof IMcaNewComEventActionData, true>;
const START_COMM_EVENT_DATA = { ...COM_EVENT_ACTION_DATA, outData: true, screenPopMode: true, wrapupId: true } satisfies Record<
  keyof IMcaStartComEventActionData,
  true
>;
const CLOSE_COMM_EVENT_DATA = { ...COM_EVENT_ACTION_DATA, outData: true, wrapupId: true } satisfies Record<keyof IMcaCloseComEventActionData, true>;
const AGENT_STATE_DATA = { getData: true, isSuccess: true, getError: true } satisfies Record<keyof IMcaAgentStateEventActionResponseData, true>;
const AGENT_STATE_PAYLOAD = { method: true, result: true, toolbarName: true, uuid: true, error: true } satisfies Record<keyof AgentStateResponsePayload, true>;
const OUTBOUND_ERROR_DATA = { getData: true, isSuccess: true, getError: true } satisfies Record<keyof IMcaOutBoundCommErrorActionResponseData, true>;
const OUTBOUND_ERROR_PAYLOAD = { result: true, error: true } satisfies Record<keyof IMCAOutBoundCommErrorResponsePayload, true>;
const GET_CONFIGURATION_DATA = {
  getData: true,
  getConfiguration: true,
  isSuccess: true,
  getError: true,
} satisfies Record<keyof IMcaGetConfigurationActionResponseData, true>;
const GET_CONFIGURATION_PAYLOAD = {
  outData: true,
  method: true,
  configuration: true,
  result: true,
  toolbarName: true,
  uuid: true,
  error: true,
} satisfies Record<keyof IMCAGetConfigurationResponsePayload, true>;
const CONFIGURATION = {
  faTrustToken: true,
  agentId: true,
  agentPartyId: true,
  features: true,
  companionPanelUrl: true,
  companionPanelTitle: true,
} satisfies Record<keyof IMCAConfiguration, true>;
const GET_CONFIGURATION = {
  getAgentId: true,
  getAgentPartyId: true,
  getFeatures: true,
  getCompanionPanelUrl: true,
  getCompanionPanelTitle: true,
  getFaTrustToken: true,
} satisfies Record<keyof IMCAGetConfiguration, true>;
const READY_DATA = { getData: true } satisfies Record<keyof IMcaReadyForOperationActionResponseData, true>;
const READY_PAYLOAD = { method: true, result: true, toolbarName: true, uuid: true } satisfies Record<keyof ReadyForOperationResponsePayload, true>;

const INTERACTION_EVENT_RESPONSE = { getEventName: true, getResponseData: true } satisfies Record<keyof IMcaOnToolbarInteractionCommandEventResponse, true>;
const AGENT_EVENT_RESPONSE = { getEventName: true, getResponseData: true } satisfies Record<keyof IMcaOnToolbarAgentCommandEventResponse, true>;
const OUTGOING_EVENT_RESPONSE = { getEventName: true, getResponseData: true } satisfies Record<keyof IMcaonOutgoingEventResponse, true>;
const DATA_UPDATED_EVENT_RESPONSE = { getEventName: true, getResponseData: true } satisfies Record<keyof IMcaOnDataUpdatedEventResponse, true>;
const INTERACTION_RESPONSE_DATA = {
  getData: true,
  getEventId: true,
  getCommand: true,
  getSlot: true,
  getInData: true,
  getResult: true,
  getResultDisplayString: true,
  getOutdata: true,
  setResult: true,
} satisfies Record<keyof IMcaOnToolbarInteractionCommandDataResponse, true>;
const AGENT_RESPONSE_DATA = {
  getData: true,
  getEventId: true,
  getCommand: true,
  getInData: true,
  getResult: true,
  getResultDisplayString: true,
  getOutdata: true,
  setOutdata: true,
  setResult: true,
} satisfies Record<keyof IMcaOnToolbarAgentCommandDataResponse, true>;
const OUTGOING_RESPONSE_DATA = { getData: true, getOutData: true } satisfies Record<keyof IMcaOnOutgoingEventData, true>;
const DATA_UPDATED_RESPONSE_DATA = { getData: true, getOutData: true, getEventId: true } satisfies Record<keyof IMcaOnDataUpdatedData, true>;
const MCA_EVENT_DATA = { channel: true, channelType: true, method: true, toolbarName: true, uuid: true } satisfies Record<keyof IMcaEventData, true>;
const INTERACTION_DATA = {
  ...MCA_EVENT_DATA,
  command: true,
  commandId: true,
  eventId: true,
  inData: true,
  outData: true,
  result: true,
  target: true,
  timeStamp: true,
  slot: true,
  resultDisplayString: true,
} satisfies Record<keyof IMcaOnToolbarInteractionCommandData, true>;
const AGENT_DATA = {
  ...MCA_EVENT_DATA,
  command: true,
  eventId: true,
  inData: true,
  outData: true,
  result: true,
  timeStamp: true,
  resultDisplayString: true,
} satisfies Record<keyof IMcaOnToolbarAgentCommandData, true>;
const OUTGOING_DATA = { ...MCA_EVENT_DATA, outData: true, origin: true, windowName: true } satisfies Record<keyof IMcaOnOutgoingEventPayloadData, true>;
const DATA_UPDATED_DATA = {
  ...MCA_EVENT_DATA,
  outData: true,
  eventId: true,
  eventSource: true,
  result: true,
} satisfies Record<keyof IMcaOnDataUpdatedEventData, true>;

// ---- the objects the stand-in hands out ---------------------------------------------------------------------------

async function connect() {
  const { toolbarEnd, hostEnd } = createMemoryChannel();
  const simulator = new FusionSimulator(hostEnd);
  const uef = createUefStandIn(toolbarEnd);
  const provider = await uef.uiEventsFramework.initialize('MediaToolbar', 'v1');
  const mca = await provider.getMultiChannelAdaptorContext();
  const phone = await mca.getCommunicationChannelContext('PHONE');
  return { simulator, uef, provider, mca, phone };
}

type Rig = Awaited<ReturnType<typeof connect>>;

async function publishEach(rig: Rig) {
  const { provider, phone } = rig;
  const helper = provider.requestHelper;
  const newComm = helper.createPublishRequest('newCommEvent') as IMcaNewCommEventActionRequest;
  newComm.setEventId('call-1');
  newComm.getInData().setInDataValueByAttribute('SVCMCA_ANI', '+16505550100');
  const startComm = helper.createPublishRequest('startCommEvent') as IMcaStartCommEventActionRequest;
  startComm.setEventId('call-1');
  const closeComm = helper.createPublishRequest('closeCommEvent') as IMcaCloseCommEventActionRequest;
  closeComm.setEventId('call-1');
  closeComm.setReason('WRAPUP');
  const agentState = helper.createPublishRequest('agentStateEventOperation') as IMcaAgentStateEventActionRequest;
  agentState.setIsAvailable(true);
  const outboundError = helper.createPublishRequest('outboundCommError') as IMcaOutboundCommErrorActionRequest;
  outboundError.setCommUuid('call-9');
  const configuration = helper.createPublishRequest('getConfigurationOperation') as IMcaGetConfigurationActionRequest;
  configuration.setConfigType('TOOLBAR');
  const ready = helper.createPublishRequest('readyForOperationOperation') as IMcaReadyForOperationActionRequest;
  ready.setReadiness(true);
  const requests = { newComm, startComm, closeComm, agentState, outboundError, configuration, ready };
  const responses = {
    newComm: (await phone.publish(newComm)) as IMcaNewComActionResponse,
    startComm: (await phone.publish(startComm)) as IMcaStartComActionResponse,
    closeComm: (await phone.publish(closeComm)) as IMcaCloseComActionResponse,
    agentState: (await phone.publish(agentState)) as IMcaAgentStateEventActionResponse,
    outboundError: (await phone.publish(outboundError)) as IMcaOutBoundCommErrorActionResponse,
    configuration: (await phone.publish(configuration)) as IMcaGetConfigurationActionResponse,
    ready: (await phone.publish(ready)) as IMcaReadyForOperationActionResponse,
  };
  return { requests, responses };
}

async function receiveEach(rig: Rig) {
  const { provider, phone, simulator } = rig;
  const received = new Map<string, IEventResponse>();
  const keep = (response: IEventResponse) => void (received.has(response.getEventName()) || received.set(response.getEventName(), response));
  const subscription = phone.subscribe(provider.requestHelper.createSubscriptionRequest('onToolbarInteractionCommand'), (response) => {
    keep(response);
    (response as IMcaOnToolbarInteractionCommandEventResponse).getResponseData().setResult('success');
    return Promise.resolve();
  });
  phone.subscribe(provider.requestHelper.createSubscriptionRequest('onToolbarAgentCommand'), (response) => {
    keep(response);
    (response as IMcaOnToolbarAgentCommandEventResponse).getResponseData().setResult('success');
    return Promise.resolve();
  });
  for (const eventName of ['onOutgoingEvent', 'onDataUpdated']) {
    const request = provider.requestHelper.createSubscriptionRequest(eventName) as IMcaEventRequest;
    request.setAppClassification('ORA_SERVICE');
    phone.subscribe(request, keep);
  }
  await flush();
  await simulator.answer('call-1');
  await simulator.agentCommand('makeAvailable');
  await simulator.clickToDial('+16505550142');
  await simulator.closeWrapUp('call-1');
  await flush();
  return { received, subscription };
}

describe('the UEF stand-in offers exactly uef.ts', () => {
  it('the global, the provider, the request helper and the contexts', async () => {
    const rig = await connect();
    expect(membersOf(rig.uef)).toEqual(keysOf(UEF_GLOBAL));
    expect(membersOf(rig.uef.uiEventsFramework)).toEqual(keysOf(UI_EVENTS_FRAMEWORK));
    expect(membersOf(rig.provider)).toEqual(keysOf(PROVIDER));
    expect(membersOf(rig.provider.requestHelper)).toEqual(keysOf(REQUEST_HELPER));
    expect(membersOf(rig.mca)).toEqual(keysOf(MCA_CONTEXT));
    expect(membersOf(rig.phone)).toEqual(keysOf(PHONE_CONTEXT));
  });

  it('requests: a subscription request, and per operation the request interface uef.ts gives it', async () => {
    const rig = await connect();
    const helper = rig.provider.requestHelper;
    expect(membersOf(helper.createSubscriptionRequest('onDataUpdated'))).toEqual(keysOf(EVENT_REQUEST));
    const expected: Array<[string, Record<string, true>]> = [
      ['newCommEvent', NEW_COMM_REQUEST],
      ['startCommEvent', START_COMM_REQUEST],
      ['closeCommEvent', CLOSE_COMM_REQUEST],
      ['agentStateEventOperation', AGENT_STATE_REQUEST],
      ['outboundCommError', OUTBOUND_ERROR_REQUEST],
      ['getConfigurationOperation', GET_CONFIGURATION_REQUEST],
      ['readyForOperationOperation', READY_REQUEST],
      ['transferCommEvent', OPERATION_REQUEST], // unknown to uef.ts: only the name, and Fusion refuses it
    ];
    for (const [operation, list] of expected) {
      expect([operation, membersOf(helper.createPublishRequest(operation))]).toEqual([operation, keysOf(list)]);
    }
    for (const operation of ['newCommEvent', 'startCommEvent', 'closeCommEvent']) {
      const request = helper.createPublishRequest(operation) as IMcaNewCommEventActionRequest;
      expect([operation, membersOf(request.getInData())]).toEqual([operation, keysOf(IN_DATA_REQUEST)]);
    }
  });

  it('operation responses, their response data, and the data objects Fusion answered with', async () => {
    const rig = await connect();
    const { responses } = await publishEach(rig);
    const check = (name: string, value: unknown, list: Record<string, true>) => expect([name, membersOf(value)]).toEqual([name, keysOf(list)]);
    check('newCommEvent response', responses.newComm, NEW_COMM_RESPONSE);
    check('newCommEvent response data', responses.newComm.getResponseData(), NEW_COMM_DATA);
    check('newCommEvent getData()', responses.newComm.getResponseData().getData(), NEW_COMM_EVENT_DATA);
    check('startCommEvent response', responses.startComm, START_COMM_RESPONSE);
    check('startCommEvent response data', responses.startComm.getResponseData(), START_COMM_DATA);
    check('startCommEvent getData()', responses.startComm.getResponseData().getData(), START_COMM_EVENT_DATA);
    check('closeCommEvent response', responses.closeComm, CLOSE_COMM_RESPONSE);
    check('closeCommEvent response data', responses.closeComm.getResponseData(), CLOSE_COMM_DATA);
    check('closeCommEvent getData()', responses.closeComm.getResponseData().getData(), CLOSE_COMM_EVENT_DATA);
    check('agentStateEventOperation response', responses.agentState, AGENT_STATE_RESPONSE);
    check('agentStateEventOperation response data', responses.agentState.getResponseData(), AGENT_STATE_DATA);
    check('agentStateEventOperation getData()', responses.agentState.getResponseData().getData(), AGENT_STATE_PAYLOAD);
    check('outboundCommError response', responses.outboundError, OUTBOUND_ERROR_RESPONSE);
    check('outboundCommError response data', responses.outboundError.getResponseData(), OUTBOUND_ERROR_DATA);
    check('outboundCommError getData()', responses.outboundError.getResponseData().getData(), OUTBOUND_ERROR_PAYLOAD);
    check('getConfigurationOperation response', responses.configuration, GET_CONFIGURATION_RESPONSE);
    check('getConfigurationOperation response data', responses.configuration.getResponseData(), GET_CONFIGURATION_DATA);
    check('getConfigurationOperation getData()', responses.configuration.getResponseData().getData(), GET_CONFIGURATION_PAYLOAD);
    check('getConfigurationOperation getData().configuration', responses.configuration.getResponseData().getData().configuration, CONFIGURATION);
    check('getConfigurationOperation getConfiguration()', responses.configuration.getResponseData().getConfiguration(), GET_CONFIGURATION);
    check('readyForOperationOperation response', responses.ready, READY_RESPONSE);
    check('readyForOperationOperation response data', responses.ready.getResponseData(), READY_DATA);
    check('readyForOperationOperation getData()', responses.ready.getResponseData().getData(), READY_PAYLOAD);
  });

  it('what publish rejects with is an IErrorData and nothing else', async () => {
    const rig = await connect();
    let reason: unknown;
    await rig.phone.publish(rig.provider.requestHelper.createPublishRequest('transferCommEvent')).catch((error: unknown) => {
      reason = error;
    });
    expect(membersOf(reason)).toEqual(keysOf(ERROR_DATA));
  });

  it('event responses, their response data, the data objects, and a subscription', async () => {
    const rig = await connect();
    await publishEach(rig);
    const { received, subscription } = await receiveEach(rig);
    expect(membersOf(subscription)).toEqual(keysOf(SUBSCRIPTION));
    const expected: Array<[string, Record<string, true>, Record<string, true>, Record<string, true>]> = [
      ['onToolbarInteractionCommand', INTERACTION_EVENT_RESPONSE, INTERACTION_RESPONSE_DATA, INTERACTION_DATA],
      ['onToolbarAgentCommand', AGENT_EVENT_RESPONSE, AGENT_RESPONSE_DATA, AGENT_DATA],
      ['onOutgoingEvent', OUTGOING_EVENT_RESPONSE, OUTGOING_RESPONSE_DATA, OUTGOING_DATA],
      ['onDataUpdated', DATA_UPDATED_EVENT_RESPONSE, DATA_UPDATED_RESPONSE_DATA, DATA_UPDATED_DATA],
    ];
    expect([...received.keys()].sort()).toEqual(expected.map(([name]) => name).sort());
    for (const [eventName, responseList, dataList, payloadList] of expected) {
      const response = received.get(eventName) as IEventResponse & { getResponseData(): { getData(): unknown } };
      expect([eventName, membersOf(response)]).toEqual([eventName, keysOf(responseList)]);
      expect([eventName, membersOf(response.getResponseData())]).toEqual([eventName, keysOf(dataList)]);
      expect([eventName, membersOf(response.getResponseData().getData())]).toEqual([eventName, keysOf(payloadList)]);
    }
  });

  it('membersOf sees own and inherited members, so a member added anywhere shows', () => {
    const base = { getData: () => ({}), getOutData: () => ({}) };
    expect(membersOf(Object.create(base) as object)).toEqual(keysOf(OUTGOING_RESPONSE_DATA));
    expect(membersOf(Object.assign(Object.create(base) as object, { getOutputData: () => ({}) }))).toEqual(['getData', 'getOutData', 'getOutputData']);
    expect(membersOf({ ...AGENT_RESPONSE_DATA, setResultDisplayString: true })).not.toEqual(keysOf(AGENT_RESPONSE_DATA));
  });
});

afterEach(() => jest.restoreAllMocks());
beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
