/**
 * The project's own typings for the part of Oracle's UI Events Framework (UEF) that the toolbar uses.
 * Names follow Oracle's uiEventsFramework.d.ts so a reader of Oracle's documentation recognises them.
 * Both Oracle's hosted client and the local stand-in (dev/uef-standin) provide this surface.
 * Types only: this module emits no code.
 */

export type UefOperationName =
  | 'agentStateEventOperation'
  | 'newCommEvent'
  | 'startCommEvent'
  | 'closeCommEvent'
  | 'outboundCommError'
  | 'getConfigurationOperation';

export type UefEventName = 'onToolbarInteractionCommand' | 'onToolbarAgentCommand' | 'onOutgoingEvent' | 'onDataUpdated';

/** Values Fusion puts in inData/outData: SVCMCA_* tokens and a few plain keys. */
export type McaData = Record<string, string | number | boolean | null | undefined>;

/** The global that Oracle's client script (and the stand-in) defines. */
export interface UefGlobal {
  uiEventsFramework: {
    initialize(applicationName: string, version?: string): Promise<IUiEventsFrameworkProvider>;
  };
}

export interface IUiEventsFrameworkProvider {
  requestHelper: IRequestHelper;
  getMultiChannelAdaptorContext(): Promise<IMultiChannelAdaptorContext>;
}

export interface IRequestHelper {
  createSubscriptionRequest(eventName: UefEventName): IMcaEventRequest;
  createPublishRequest(operationName: UefOperationName): IOperationRequest;
}

export interface IMultiChannelAdaptorContext {
  getCommunicationChannelContext(channelType: 'PHONE'): Promise<IPhoneContext>;
}

export interface ISubscriptionContext {
  dispose(): void;
}

/** A callback for a controllable event returns a promise of the response data with its result set. */
export type UefEventCallback = (response: IEventResponse) => unknown;

export interface IPhoneContext {
  subscribe(request: IMcaEventRequest, callback: UefEventCallback): ISubscriptionContext;
  publish(request: IOperationRequest): Promise<IOperationResponse>;
}

export interface IMcaEventRequest {
  setAppClassification(appClassification: string): void;
}

export interface IOperationRequest {
  getOperationName(): string;
}

export interface IMcaInDataRequest {
  setInDataValueByAttribute(attribute: string, value: string | number | boolean): void;
}

export interface IMcaCommEventActionRequest extends IOperationRequest {
  setAppClassification(appClassification: string): void;
  setEventId(eventId: string): void;
  getInData(): IMcaInDataRequest;
}

export type IMcaNewCommEventActionRequest = IMcaCommEventActionRequest;
export type IMcaStartCommEventActionRequest = IMcaCommEventActionRequest;

export interface IMcaCloseCommEventActionRequest extends IMcaCommEventActionRequest {
  setReason(reason: string): void;
}

export interface IMcaAgentStateEventActionRequest extends IOperationRequest {
  setEventId(eventId: string): void;
  setIsAvailable(isAvailable: boolean): void;
  setIsLoggedIn(isLoggedIn: boolean): void;
  setState(state: string): void;
  setStateDisplayString(display: string): void;
  setReason(reason: string): void;
  setReasonDisplayString(display: string): void;
  setInData(inData: McaData): void;
}

export interface IMcaOutboundCommErrorActionRequest extends IOperationRequest {
  setCommUuid(eventId: string): void;
  setErrorCode(errorCode: string): void;
  setErrorMsg(errorMessage: string): void;
}

export interface IMcaGetConfigurationActionRequest extends IOperationRequest {
  setConfigType(configType: 'TOOLBAR'): void;
}

export interface IOperationResponse {
  getOperationName(): string;
  getResponseData(): IMcaResponseData;
}

export interface IMcaResponseData {
  getData(): McaData;
  getOutData(): McaData;
}

export interface IEventResponse {
  getEventName(): string;
  getResponseData(): unknown;
}

/** Response data of onToolbarInteractionCommand (controllable). */
export interface IMcaOnToolbarInteractionCommandDataResponse {
  getEventId(): string;
  getCommand(): string;
  getInData(): McaData;
  setResult(result: 'success' | 'failure'): void;
  setResultDisplayString(display: string): void;
}

/** Response data of onToolbarAgentCommand (controllable). */
export interface IMcaOnToolbarAgentCommandDataResponse {
  getEventId(): string;
  getCommand(): string;
  setResult(result: 'success' | 'failure'): void;
  setResultDisplayString(display: string): void;
  setOutdata(outData: Record<string, unknown>): void;
}

/** Response data of onOutgoingEvent (click-to-dial). */
export interface IMcaOnOutgoingEventDataResponse {
  getData(): McaData;
  getOutData(): McaData;
}

/** Response data of onDataUpdated. */
export interface IMcaOnDataUpdatedDataResponse {
  getEventId(): string;
  getOutData(): McaData;
}
