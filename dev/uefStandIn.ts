/**
 * A stand-in for Oracle's UEF client (CX_SVC_UI_EVENTS_FRAMEWORK) with exactly the surface of src/ts/cti/fusion/uef.ts.
 * It forwards publishes and subscriptions over a Port to the Fusion simulator and turns its events into the
 * response objects the toolbar's FusionHandler reads. Development only.
 */
import type {
  IEventResponse,
  IMcaAgentStateEventActionRequest,
  IMcaCloseCommEventActionRequest,
  IMcaCommEventActionRequest,
  IMcaGetConfigurationActionRequest,
  IMcaOutboundCommErrorActionRequest,
  IMcaEventRequest,
  IMcaOnDataUpdatedDataResponse,
  IMcaOnOutgoingEventDataResponse,
  IMcaOnToolbarAgentCommandDataResponse,
  IMcaOnToolbarInteractionCommandDataResponse,
  IMultiChannelAdaptorContext,
  IOperationRequest,
  IOperationResponse,
  IPhoneContext,
  IUiEventsFrameworkProvider,
  UefEventCallback,
  UefEventName,
  UefGlobal,
  UefOperationName,
} from '../src/ts/cti/fusion/uef';
import {
  CHANNEL,
  EventDataMap,
  EventMessage,
  EventResultMessage,
  isControllable,
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

/** Events real UEF refuses to subscribe to without an app classification. */
const NEEDS_APP_CLASSIFICATION: ReadonlySet<UefEventName> = new Set<UefEventName>(['onOutgoingEvent', 'onDataUpdated']);

// ---- request objects ----------------------------------------------------------------------------------------------

interface PublishRequestState {
  operation: string;
  payload: PublishPayload;
}

interface SubscriptionRequestState {
  eventName: UefEventName;
  appClassification?: string;
}

/**
 * Builds the request for `operation` with only the setters uef.ts gives that operation, so a toolbar that calls a
 * setter the real request lacks fails here too. The values go into a plain payload that publish sends.
 */
function buildPublishRequest(operation: string, payload: PublishPayload): IOperationRequest {
  const getOperationName = () => operation;
  const commEvent = (): IMcaCommEventActionRequest => ({
    getOperationName,
    setAppClassification: (v) => void (payload.appClassification = v),
    setEventId: (v) => void (payload.eventId = v),
    getInData: () => ({
      setInDataValueByAttribute: (attribute, value) => void (payload.inData = { ...payload.inData, [attribute]: value }),
    }),
  });
  switch (operation as UefOperationName) {
    case 'newCommEvent':
    case 'startCommEvent':
      return commEvent();
    case 'closeCommEvent': {
      const request: IMcaCloseCommEventActionRequest = { ...commEvent(), setReason: (v) => void (payload.reason = v) };
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
        setInData: (v) => void (payload.inData = { ...v }),
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
    default:
      return { getOperationName }; // Fusion answers unknown operations with an error; the simulator does the same
  }
}

// ---- event response objects ---------------------------------------------------------------------------------------

/** What the toolbar's callback set on the response data of a controllable event. */
interface ControlledResult {
  result?: 'success' | 'failure';
  resultDisplayString?: string;
  outData?: Record<string, unknown>;
}

function checkedResult(value: string): 'success' | 'failure' {
  if (value !== 'success' && value !== 'failure') throw new Error(`setResult: "${value}" is not "success" or "failure"`);
  return value;
}

function buildResponseData(message: EventMessage, controlled: ControlledResult): unknown {
  switch (message.eventName) {
    case 'onToolbarInteractionCommand': {
      const d: EventDataMap['onToolbarInteractionCommand'] = message.data;
      const response: IMcaOnToolbarInteractionCommandDataResponse = {
        getEventId: () => d.eventId,
        getCommand: () => d.command,
        getInData: () => ({ ...d.inData }),
        setResult: (v) => void (controlled.result = checkedResult(v)),
        setResultDisplayString: (v) => void (controlled.resultDisplayString = String(v)),
      };
      return response;
    }
    case 'onToolbarAgentCommand': {
      const d: EventDataMap['onToolbarAgentCommand'] = message.data;
      const response: IMcaOnToolbarAgentCommandDataResponse = {
        getEventId: () => d.eventId,
        getCommand: () => d.command,
        setResult: (v) => void (controlled.result = checkedResult(v)),
        setResultDisplayString: (v) => void (controlled.resultDisplayString = String(v)),
        setOutdata: (v) => void (controlled.outData = { ...v }),
      };
      return response;
    }
    case 'onOutgoingEvent': {
      const d: EventDataMap['onOutgoingEvent'] = message.data;
      const response: IMcaOnOutgoingEventDataResponse = { getData: () => ({ ...d.data }), getOutData: () => ({ ...d.outData }) };
      return response;
    }
    case 'onDataUpdated': {
      const d: EventDataMap['onDataUpdated'] = message.data;
      const response: IMcaOnDataUpdatedDataResponse = { getEventId: () => d.eventId, getOutData: () => ({ ...d.outData }) };
      return response;
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---- the stand-in -------------------------------------------------------------------------------------------------

export function createUefStandIn(port: Port, options: UefStandInOptions = {}): UefGlobal {
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 5000;
  const publishTimeoutMs = options.publishTimeoutMs ?? 10000;
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
    const controllable = isControllable(message.eventName);
    const answer = (result: ControlledResult & { result: 'success' | 'failure' }) => {
      const reply: EventResultMessage = { channel: CHANNEL, kind: 'eventResult', deliveryId: message.deliveryId, ...result };
      if (reply.outData === undefined) delete reply.outData;
      if (reply.resultDisplayString === undefined) delete reply.resultDisplayString;
      send(reply);
    };
    if (registered.length === 0) {
      if (controllable) answer({ result: 'failure', resultDisplayString: `The toolbar has no subscriber for ${message.eventName}` });
      return;
    }
    const controlled: ControlledResult = {};
    const responseData = buildResponseData(message, controlled);
    const eventResponse: IEventResponse = { getEventName: () => message.eventName, getResponseData: () => responseData };
    // Every callback sees the same response data; a controllable event's answer is what they set on it.
    const outcomes = await Promise.allSettled(registered.map(async (callback) => callback(eventResponse)));
    if (!controllable) {
      outcomes.forEach((o) => o.status === 'rejected' && console.error(`${LOG} ${message.eventName} callback failed`, o.reason));
      return;
    }
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      answer({ result: 'failure', resultDisplayString: `The toolbar's ${message.eventName} callback failed: ${errorText(failed.reason)}` });
    } else if (controlled.result === undefined) {
      answer({ result: 'failure', resultDisplayString: `The toolbar's ${message.eventName} callback did not set a result` });
    } else {
      answer({ ...controlled, result: controlled.result });
    }
  }

  function publish(request: IOperationRequest): Promise<IOperationResponse> {
    const state = publishRequests.get(request);
    if (!state) return Promise.reject(new Error('publish: the request was not made by requestHelper.createPublishRequest'));
    // Checked here too, so a bad value rejects at once instead of being dropped by the host and timing out.
    const problem = payloadProblem(state.payload);
    if (problem) return Promise.reject(new Error(`${state.operation}: ${problem}`));
    const requestId = newUuid();
    return new Promise<IOperationResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        pendingPublishes.delete(requestId);
        reject(new Error(`${state.operation}: Fusion did not answer within ${publishTimeoutMs} ms`));
      }, publishTimeoutMs);
      pendingPublishes.set(requestId, (result) => {
        clearTimeout(timer);
        pendingPublishes.delete(requestId);
        if (!result.ok) {
          reject(new Error(`${state.operation} failed: ${result.error}`));
          return;
        }
        const responseData = { getData: () => ({ ...result.data }), getOutData: () => ({ ...result.outData }) };
        resolve({ getOperationName: () => state.operation, getResponseData: () => responseData });
      });
      send({ channel: CHANNEL, kind: 'publish', requestId, operation: state.operation, payload: { ...state.payload } });
    });
  }

  function subscribe(request: IMcaEventRequest, callback: UefEventCallback) {
    const state = subscriptionRequests.get(request);
    if (!state) throw new Error('subscribe: the request was not made by requestHelper.createSubscriptionRequest');
    if (typeof callback !== 'function') throw new Error(`subscribe ${state.eventName}: the callback is not a function`);
    if (NEEDS_APP_CLASSIFICATION.has(state.eventName) && !state.appClassification) {
      throw new Error('App Classification missing in payload'); // the message real UEF throws
    }
    const set = callbacks.get(state.eventName) ?? new Set<UefEventCallback>();
    callbacks.set(state.eventName, set);
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const entry: UefEventCallback = (response) => callback(response);
    set.add(entry);
    if (set.size === 1) send({ channel: CHANNEL, kind: 'subscribe', eventName: state.eventName });
    let disposed = false;
    return {
      dispose() {
        if (disposed) return;
        disposed = true;
        set.delete(entry);
        if (set.size === 0) send({ channel: CHANNEL, kind: 'unsubscribe', eventName: state.eventName });
      },
    };
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

  const provider: IUiEventsFrameworkProvider = {
    requestHelper: {
      createPublishRequest(operationName) {
        const state: PublishRequestState = { operation: operationName, payload: {} };
        const request = buildPublishRequest(operationName, state.payload);
        publishRequests.set(request, state);
        return request;
      },
      createSubscriptionRequest(eventName) {
        const state: SubscriptionRequestState = { eventName };
        const request: IMcaEventRequest = { setAppClassification: (v) => void (state.appClassification = v) };
        subscriptionRequests.set(request, state);
        return request;
      },
    },
    getMultiChannelAdaptorContext: () => Promise.resolve(mcaContext),
  };

  return {
    uiEventsFramework: {
      initialize(applicationName, version = 'v1') {
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
          send({ channel: CHANNEL, kind: 'hello', appName: applicationName, version, sessionId });
        });
      },
    },
  };
}
