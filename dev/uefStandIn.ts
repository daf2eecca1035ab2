/**
 * A stand-in for Oracle's UEF client (CX_SVC_UI_EVENTS_FRAMEWORK) with exactly the surface of src/ts/cti/fusion/uef.ts,
 * which mirrors Oracle's uiEventsFramework.d.ts (public copy:
 * https://github.com/Vikram-VN/cti_simulator_with_mca/blob/main/uiEventsFramework.d.ts). Every object it hands the
 * toolbar is annotated with its uef.ts interface and has no other member (test/dev/uefStandInSurface.test.ts checks
 * both ways), so a toolbar that calls something Oracle does not publish fails here as it would in Fusion.
 * It forwards publishes and subscriptions over a Port to the Fusion simulator and wraps what the simulator sends (the
 * plain data objects of Oracle's typings) in the getters uef.ts declares. Development only.
 */
import type {
  IErrorData,
  IEventRequest,
  IEventResponse,
  IMcaAgentStateEventActionRequest,
  IMcaAgentStateEventActionResponse,
  IMcaAgentStateEventActionResponseData,
  IMcaCloseComActionData,
  IMcaCloseComActionResponse,
  IMcaCloseCommEventActionRequest,
  IMcaComEventActionData,
  IMcaEventRequest,
  IMcaGetConfigurationActionRequest,
  IMcaGetConfigurationActionResponse,
  IMcaGetConfigurationActionResponseData,
  IMCAGetConfiguration,
  IMcaInDataRequest,
  IMcaNewComActionData,
  IMcaNewComActionResponse,
  IMcaNewCommEventActionRequest,
  IMcaOnDataUpdatedData,
  IMcaOnDataUpdatedEventResponse,
  IMcaOnOutgoingEventData,
  IMcaonOutgoingEventResponse,
  IMcaOnToolbarAgentCommandDataResponse,
  IMcaOnToolbarAgentCommandEventResponse,
  IMcaOnToolbarInteractionCommandDataResponse,
  IMcaOnToolbarInteractionCommandEventResponse,
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
  IOperationResponse,
  IPhoneContext,
  IRequestHelper,
  ISubscriptionContext,
  IUiEventsFrameworkProvider,
  McaData,
  UefEventCallback,
  UefEventName,
  UefGlobal,
} from '../src/ts/cti/fusion/uef';
import {
  CHANNEL,
  EVENT_NAMES,
  EventMessage,
  EventResultMessage,
  isControllable,
  isOperationName,
  Message,
  newUuid,
  payloadProblem,
  PublishPayload,
  PublishResultMessage,
} from './protocol';
import type { Port } from './transport';

export interface UefStandInOptions {
  /** How long initialize waits for the host's welcome. */
  handshakeTimeoutMs?: number;
  /** How long publish waits for the host's answer. */
  publishTimeoutMs?: number;
}

const LOG = '[uef-standin]';

/**
 * Events real UEF refuses to subscribe to without an app classification. The Webex Contact Center connector saw
 * "App Classification missing in payload" (https://github.com/zjwalsh/wxcc-oracle-bridge), and Oracle's pages set one
 * for both (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/ondataupdated.html).
 */
const NEEDS_APP_CLASSIFICATION: ReadonlySet<string> = new Set<UefEventName>(['onOutgoingEvent', 'onDataUpdated']);

// ---- failures -----------------------------------------------------------------------------------------------------

/**
 * The getStatus() values of the IErrorData that publish() rejects with. publish() never rejects with an Error: Oracle's
 * IErrorData page (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/ierrordata.html) shows publish's catch
 * reading getStatus() and documents getStatus() as a string, but lists no values. So the toolbar must not branch on them
 * (it reads getMessage()); they are here to tell the stand-in's three failures apart in logs and tests:
 * - 'error': Fusion refused the operation (the simulator's refusal, including an unknown operation). Oracle's legacy
 *   API calls a failed operation's result "error" (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/closecommevent.html).
 * - 'timeout': Fusion did not answer within publishTimeoutMs.
 * - 'invalidRequest': the request could not be sent (not made by requestHelper, or an inData value that is not a
 *   string, number, boolean or null).
 */
export type StandInErrorStatus = 'error' | 'timeout' | 'invalidRequest';

/** Oracle's IErrorData, with nothing else: not an Error, so `instanceof Error` and `.message` see nothing. */
export function errorData(status: StandInErrorStatus, message: string, details: Record<string, unknown>): IErrorData {
  const error: IErrorData = { getStatus: () => status, getMessage: () => message, getErrorDetails: () => ({ ...details }) };
  return error;
}

// ---- request objects ----------------------------------------------------------------------------------------------

interface PublishRequestState {
  operation: string;
  payload: PublishPayload;
}

interface SubscriptionRequestState {
  eventName: string;
  appClassification?: string;
}

/**
 * Builds the request for `operation` with exactly the members uef.ts gives that operation's request interface, so a
 * toolbar that calls a setter the real request lacks fails here too. The values go into a plain payload that publish
 * sends. An unknown operation still gets a request (Oracle's createPublishRequest takes any string); Fusion refuses it.
 */
function buildPublishRequest(operation: string, payload: PublishPayload): IOperationRequest {
  const getOperationName = () => operation;
  const getInData = (): IMcaInDataRequest => ({
    setInDataValueByAttribute: (attribute, value) => void (payload.inData = { ...payload.inData, [attribute]: value as McaData[string] }),
  });
  const action = {
    getOperationName,
    setAppClassification: (v: string) => void (payload.appClassification = v),
    setEventId: (v: string) => void (payload.eventId = v),
  };
  if (!isOperationName(operation)) return { getOperationName };
  switch (operation) {
    case 'newCommEvent': {
      const request: IMcaNewCommEventActionRequest = { ...action, getInData };
      return request;
    }
    case 'startCommEvent': {
      const request: IMcaStartCommEventActionRequest = { ...action, getInData };
      return request;
    }
    case 'closeCommEvent': {
      const request: IMcaCloseCommEventActionRequest = { ...action, getInData, setReason: (v) => void (payload.reason = v) };
      return request;
    }
    case 'agentStateEventOperation': {
      const request: IMcaAgentStateEventActionRequest = {
        getOperationName,
        setEventId: (v) => void (payload.eventId = v),
        setIsAvailable: (v) => void (payload.isAvailable = v),
        setIsLoggedIn: (v) => void (payload.isLoggedIn = v),
        setState: (v) => void (payload.state = v),
        setStateDisplayString: (v) => void (payload.stateDisplayString = v),
        setReason: (v) => void (payload.reason = v),
        setReasonDisplayString: (v) => void (payload.reasonDisplayString = v),
        setInData: (v) => void (payload.inData = { ...(v as McaData) }),
      };
      return request;
    }
    case 'outboundCommError': {
      const request: IMcaOutboundCommErrorActionRequest = {
        getOperationName,
        setCommUuid: (v) => void (payload.commUuid = v),
        setErrorCode: (v) => void (payload.errorCode = v),
        setErrorMsg: (v) => void (payload.errorMsg = v),
      };
      return request;
    }
    case 'getConfigurationOperation': {
      const request: IMcaGetConfigurationActionRequest = { getOperationName, setConfigType: (v) => void (payload.configType = v) };
      return request;
    }
    case 'readyForOperationOperation': {
      // https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/imcareadyforoperationactionrequest.html
      const request: IMcaReadyForOperationActionRequest = { getOperationName, setReadiness: (v) => void (payload.readiness = v) };
      return request;
    }
  }
}

// ---- operation responses ------------------------------------------------------------------------------------------

/** Oracle's legacy API: "result: Server side execution status. The result value is success or error." */
const succeeded = (data: { result: string }) => data.result === 'success';

/**
 * Wraps Fusion's answer in the response interface uef.ts gives its operation. getData() returns the one data object
 * Fusion sent; getOutData() its outData. The agent id is only in getConfiguration() (and getData().configuration), as
 * in Oracle's getConfiguration page (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/getconfiguration.html).
 */
function operationResponse(result: Extract<PublishResultMessage, { ok: true }>): IOperationResponse {
  const getOperationName = () => result.operation;
  const comEvent = <D extends IMcaComEventActionData & { outData: McaData }>(data: D) => ({ getData: () => data, getOutData: () => data.outData });
  switch (result.operation) {
    case 'newCommEvent': {
      const responseData: IMcaNewComActionData = comEvent(result.data);
      const response: IMcaNewComActionResponse = { getOperationName, getResponseData: () => responseData };
      return response;
    }
    case 'startCommEvent': {
      const responseData: IMcaStartComActionData = comEvent(result.data);
      const response: IMcaStartComActionResponse = { getOperationName, getResponseData: () => responseData };
      return response;
    }
    case 'closeCommEvent': {
      const responseData: IMcaCloseComActionData = comEvent(result.data);
      const response: IMcaCloseComActionResponse = { getOperationName, getResponseData: () => responseData };
      return response;
    }
    case 'agentStateEventOperation': {
      const data = result.data;
      const responseData: IMcaAgentStateEventActionResponseData = { getData: () => data, isSuccess: () => succeeded(data), getError: () => data.error };
      const response: IMcaAgentStateEventActionResponse = { getOperationName, getResponseData: () => responseData };
      return response;
    }
    case 'outboundCommError': {
      const data = result.data;
      const responseData: IMcaOutBoundCommErrorActionResponseData = { getData: () => data, isSuccess: () => succeeded(data), getError: () => data.error };
      const response: IMcaOutBoundCommErrorActionResponse = { getOperationName, getResponseData: () => responseData };
      return response;
    }
    case 'getConfigurationOperation': {
      const data = result.data;
      const c = data.configuration;
      // Oracle types IMCAConfiguration.features as a string and getFeatures() as string[]; how one becomes the other is
      // not published. The simulator sends a comma-separated list (the legacy feature codes,
      // https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/api-features.html).
      const configuration: IMCAGetConfiguration = {
        getAgentId: () => c.agentId,
        getAgentPartyId: () => c.agentPartyId,
        getFeatures: () => c.features.split(',').map((f) => f.trim()).filter((f) => f !== ''),
        getCompanionPanelUrl: () => c.companionPanelUrl,
        getCompanionPanelTitle: () => c.companionPanelTitle,
        getFaTrustToken: () => c.faTrustToken,
      };
      const responseData: IMcaGetConfigurationActionResponseData = {
        getData: () => data,
        getConfiguration: () => configuration,
        isSuccess: () => succeeded(data),
        getError: () => data.error,
      };
      const response: IMcaGetConfigurationActionResponse = { getOperationName, getResponseData: () => responseData };
      return response;
    }
    case 'readyForOperationOperation': {
      const data = result.data;
      const responseData: IMcaReadyForOperationActionResponseData = { getData: () => data };
      const response: IMcaReadyForOperationActionResponse = { getOperationName, getResponseData: () => responseData };
      return response;
    }
  }
}

// ---- event responses ----------------------------------------------------------------------------------------------

/**
 * Oracle's pages and examples set only 'success' or 'failure'
 * (https://docs.oracle.com/en/cloud/saas/fusion-service/faiec/ontoolbarinteractioncommand-method.html); anything else
 * is a toolbar bug worth a loud failure.
 */
function checkedResult(value: string): 'success' | 'failure' {
  if (value !== 'success' && value !== 'failure') throw new Error(`setResult: "${value}" is not "success" or "failure"`);
  return value;
}

/**
 * Wraps the event's data in its uef.ts event response. The response data of a controllable event works on the live
 * data object: setResult writes its `result`, setOutdata its `outData`, and what the toolbar writes into it (its
 * `resultDisplayString`, "Error displayed to the user, and populated by the toolbar":
 * https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/imcaontoolbarinteractioncommanddata.html) is what
 * Fusion reads back. There is no setResultDisplayString: Oracle publishes none.
 */
function eventResponse(message: EventMessage): IEventResponse {
  switch (message.eventName) {
    case 'onToolbarInteractionCommand': {
      const data = message.data;
      const responseData: IMcaOnToolbarInteractionCommandDataResponse = {
        getData: () => data,
        getEventId: () => data.eventId,
        getCommand: () => data.command,
        getSlot: () => data.slot,
        getInData: () => data.inData,
        getResult: () => data.result,
        getResultDisplayString: () => data.resultDisplayString,
        getOutdata: () => data.outData,
        setResult: (value) => void (data.result = checkedResult(value)),
      };
      const response: IMcaOnToolbarInteractionCommandEventResponse = { getEventName: () => message.eventName, getResponseData: () => responseData };
      return response;
    }
    case 'onToolbarAgentCommand': {
      // https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/Chunk1604586942.html
      const data = message.data;
      const responseData: IMcaOnToolbarAgentCommandDataResponse = {
        getData: () => data,
        getEventId: () => data.eventId,
        getCommand: () => data.command,
        getInData: () => data.inData,
        getResult: () => data.result,
        getResultDisplayString: () => data.resultDisplayString,
        getOutdata: () => data.outData,
        setOutdata: (value) => void (data.outData = value),
        setResult: (value) => void (data.result = checkedResult(value)),
      };
      const response: IMcaOnToolbarAgentCommandEventResponse = { getEventName: () => message.eventName, getResponseData: () => responseData };
      return response;
    }
    case 'onOutgoingEvent': {
      const data = message.data;
      const responseData: IMcaOnOutgoingEventData = { getData: () => data, getOutData: () => data.outData };
      const response: IMcaonOutgoingEventResponse = { getEventName: () => message.eventName, getResponseData: () => responseData };
      return response;
    }
    case 'onDataUpdated': {
      // https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/ondataupdated-method.html
      const data = message.data;
      const responseData: IMcaOnDataUpdatedData = { getData: () => data, getOutData: () => data.outData, getEventId: () => data.eventId };
      const response: IMcaOnDataUpdatedEventResponse = { getEventName: () => message.eventName, getResponseData: () => responseData };
      return response;
    }
  }
}

/** The words of a rejection: an Error's message, an IErrorData's getMessage(), a string as it is. */
function rejectionText(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (typeof reason === 'object' && reason !== null && typeof (reason as { getMessage?: unknown }).getMessage === 'function') {
    return String((reason as IErrorData).getMessage());
  }
  if (typeof reason === 'string') return reason;
  try {
    return JSON.stringify(reason) ?? '';
  } catch {
    return '';
  }
}

/**
 * How the toolbar answered a controllable event, read from the event's data object once every callback's promise
 * settled. "If a user wants to control this event by either resolving or rejecting it, they must pass a promise as the
 * return of this event callback function" (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/ontoolbaragentcommand.html):
 * a rejection is a failure with the rejection's words; a callback that set no result is a failure too.
 * Oracle also says agent commands' outData may be passed "by resolving the promise with that outData"; what its client
 * does with a resolved value is not published, so the stand-in reads outData only from the data object (setOutdata).
 */
function answerOf(
  eventName: string,
  data: { result: string; resultDisplayString: string; outData: unknown },
  outcomes: PromiseSettledResult<unknown>[],
): Omit<EventResultMessage, 'channel' | 'kind' | 'deliveryId'> {
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) {
    const words = rejectionText(failed.reason) || data.resultDisplayString || `The toolbar's ${eventName} callback rejected without a reason`;
    return { result: 'failure', resultDisplayString: words };
  }
  if (data.result !== 'success' && data.result !== 'failure') {
    return { result: 'failure', resultDisplayString: `The toolbar's ${eventName} callback did not set a result` };
  }
  const answer: Omit<EventResultMessage, 'channel' | 'kind' | 'deliveryId'> = { result: data.result };
  if (typeof data.resultDisplayString === 'string' && data.resultDisplayString !== '') answer.resultDisplayString = data.resultDisplayString;
  if (data.outData !== undefined) answer.outData = data.outData;
  return answer;
}

// ---- the stand-in -------------------------------------------------------------------------------------------------

export function createUefStandIn(port: Port, options: UefStandInOptions = {}): UefGlobal {
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 5000;
  // Longer than the toolbar's own 15 s limit, so that under the simulator the toolbar's limit is the one an agent meets.
  const publishTimeoutMs = options.publishTimeoutMs ?? 30000;
  const sessionId = newUuid();
  const publishRequests = new WeakMap<object, PublishRequestState>();
  const subscriptionRequests = new WeakMap<object, SubscriptionRequestState>();
  const pendingPublishes = new Map<string, (message: PublishResultMessage) => void>();
  const callbacks = new Map<UefEventName, Set<UefEventCallback>>();
  let welcomeWaiters: Array<() => void> = [];

  const send = (message: Message) => port.send(message);

  port.onMessage((message) => {
    switch (message.kind) {
      case 'welcome': {
        const waiters = welcomeWaiters;
        welcomeWaiters = [];
        waiters.forEach((resolve) => resolve());
        return;
      }
      case 'publishResult': {
        const settle = pendingPublishes.get(message.requestId);
        if (settle) settle(message);
        else console.warn(`${LOG} publishResult for unknown request ${message.requestId}`);
        return;
      }
      case 'event':
        void dispatchEvent(message);
        return;
      default:
        console.warn(`${LOG} unexpected message kind "${message.kind}" from the host`);
    }
  });

  async function dispatchEvent(message: EventMessage): Promise<void> {
    const registered = [...(callbacks.get(message.eventName) ?? [])];
    const reply = (answer: Omit<EventResultMessage, 'channel' | 'kind' | 'deliveryId'>) => {
      const result: EventResultMessage = { channel: CHANNEL, kind: 'eventResult', deliveryId: message.deliveryId, ...answer };
      try {
        send(result);
      } catch (error) {
        // postMessage cannot clone what the toolbar set (a function in outData, say): Fusion would not get it either.
        send({ channel: CHANNEL, kind: 'eventResult', deliveryId: message.deliveryId, result: 'failure', resultDisplayString: `The toolbar's answer to ${message.eventName} cannot be sent: ${rejectionText(error)}` });
      }
    };
    if (registered.length === 0) {
      if (isControllable(message.eventName)) reply({ result: 'failure', resultDisplayString: `The toolbar has no subscriber for ${message.eventName}` });
      return;
    }
    const response = eventResponse(message);
    // Every callback sees the same response and data objects; a controllable event's answer is what they left on them.
    const outcomes = await Promise.allSettled(registered.map(async (callback) => callback(response)));
    if (message.eventName === 'onToolbarInteractionCommand' || message.eventName === 'onToolbarAgentCommand') {
      reply(answerOf(message.eventName, message.data, outcomes));
    } else {
      outcomes.forEach((o) => o.status === 'rejected' && console.error(`${LOG} ${message.eventName} callback failed`, o.reason));
    }
  }

  function publish(request: IOperationRequest): Promise<IOperationResponse> {
    return new Promise<IOperationResponse>((resolve, reject) => {
      const fail = (status: StandInErrorStatus, message: string, details: Record<string, unknown>) => {
        // Oracle's publish rejects with an IErrorData, never an Error (see StandInErrorStatus).
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        reject(errorData(status, message, details));
      };
      const state = publishRequests.get(request);
      if (!state) {
        fail('invalidRequest', 'publish: the request was not made by requestHelper.createPublishRequest', {});
        return;
      }
      const { operation } = state;
      // Checked here too, so a bad value rejects at once instead of being dropped by the host and timing out.
      const problem = payloadProblem(state.payload);
      if (problem) {
        fail('invalidRequest', problem, { operation });
        return;
      }
      const requestId = newUuid();
      const timer = setTimeout(() => {
        pendingPublishes.delete(requestId);
        fail('timeout', `no answer within ${publishTimeoutMs / 1000} s`, { operation, timeoutMs: publishTimeoutMs });
      }, publishTimeoutMs);
      pendingPublishes.set(requestId, (result) => {
        clearTimeout(timer);
        pendingPublishes.delete(requestId);
        if (!result.ok) fail('error', result.error, { operation });
        else if (result.operation !== operation) fail('error', `Fusion answered ${operation} as ${result.operation}`, { operation });
        else resolve(operationResponse(result));
      });
      send({ channel: CHANNEL, kind: 'publish', requestId, operation, payload: { ...state.payload } });
    });
  }

  function subscribe(request: IEventRequest, callback: UefEventCallback): ISubscriptionContext {
    const state = subscriptionRequests.get(request);
    if (!state) throw new Error('subscribe: the request was not made by requestHelper.createSubscriptionRequest');
    const eventName = EVENT_NAMES.find((name) => name === state.eventName);
    if (!eventName) throw new Error(`subscribe: "${state.eventName}" is not an event of the PHONE channel context`);
    if (typeof callback !== 'function') throw new Error(`subscribe ${eventName}: the callback is not a function`);
    if (NEEDS_APP_CLASSIFICATION.has(eventName) && !state.appClassification) {
      throw new Error('App Classification missing in payload'); // the message real UEF throws
    }
    const set = callbacks.get(eventName) ?? new Set<UefEventCallback>();
    callbacks.set(eventName, set);
    // Wrapped so the same function subscribed twice gets two independent subscriptions.
    const entry: UefEventCallback = (response) => callback(response);
    set.add(entry);
    if (set.size === 1) send({ channel: CHANNEL, kind: 'subscribe', eventName });
    let disposed = false;
    const subscription: ISubscriptionContext = {
      dispose() {
        if (disposed) return;
        disposed = true;
        set.delete(entry);
        if (set.size === 0) send({ channel: CHANNEL, kind: 'unsubscribe', eventName });
      },
    };
    return subscription;
  }

  const phoneContext: IPhoneContext = { publish, subscribe };

  const mcaContext: IMultiChannelAdaptorContext = {
    getCommunicationChannelContext(channelType) {
      if (channelType !== 'PHONE') {
        return Promise.reject(new Error(`getCommunicationChannelContext: channel "${String(channelType)}" is not supported (only PHONE)`));
      }
      return Promise.resolve(phoneContext);
    },
  };

  const requestHelper: IRequestHelper = {
    createPublishRequest(operationName) {
      const state: PublishRequestState = { operation: operationName, payload: {} };
      const request = buildPublishRequest(operationName, state.payload);
      publishRequests.set(request, state);
      return request;
    },
    createSubscriptionRequest(eventName) {
      const state: SubscriptionRequestState = { eventName };
      // Oracle's pages cast it to IMcaEventRequest to set the app classification
      // (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/ondataupdated.html).
      const request: IMcaEventRequest = {
        getEventName: () => eventName,
        setAppClassification: (v) => void (state.appClassification = v),
      };
      subscriptionRequests.set(request, state);
      return request;
    },
  };

  const provider: IUiEventsFrameworkProvider = {
    requestHelper,
    getMultiChannelAdaptorContext: () => Promise.resolve(mcaContext),
  };

  return {
    uiEventsFramework: {
      initialize(applicationName, version) {
        return new Promise<IUiEventsFrameworkProvider>((resolve, reject) => {
          if (typeof applicationName !== 'string' || applicationName === '') {
            reject(new Error('initialize: applicationName must be a non-empty string'));
            return;
          }
          const timer = setTimeout(() => {
            welcomeWaiters = welcomeWaiters.filter((w) => w !== onWelcome);
            reject(
              new Error(
                `UEF stand-in: the Fusion simulator did not answer within ${handshakeTimeoutMs} ms ` +
                  '(is the toolbar framed by simulator.html, and does oraParentFrame name its origin?)',
              ),
            );
          }, handshakeTimeoutMs);
          const onWelcome = () => {
            clearTimeout(timer);
            resolve(provider);
          };
          welcomeWaiters.push(onWelcome);
          // "version defaults to v1" (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/initialize-ui-events-framework.html)
          send({ channel: CHANNEL, kind: 'hello', appName: applicationName, version: version || 'v1', sessionId });
        });
      },
    },
  };
}
