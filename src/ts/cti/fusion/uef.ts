/**
 * The project's typings for the part of Oracle's UI Events Framework (UEF) that the toolbar touches.
 *
 * Every interface here is Oracle's interface of the same name, from Oracle's `uiEventsFramework.d.ts` (served at
 * https://static.oracle.com/cdn/ui-events-framework/libs/23.01.1.5/uiEventsFramework.d.ts; public copy:
 * https://github.com/Vikram-VN/cti_simulator_with_mca/blob/main/uiEventsFramework.d.ts) and the interface pages of
 * https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/. Each member has Oracle's name, arguments and return
 * type (Oracle's `any` is written `unknown`: the toolbar checks before it reads). Two rules keep the local stand-in
 * (dev/uefStandIn.ts) from being more generous than Oracle:
 * - Objects the toolbar receives (response data of events and operations) are declared with all of Oracle's members
 *   but getContext, getOutputData and getEngagementContext (objects of their own the toolbar never reads; each omission
 *   is named where it happens); the stand-in builds exactly these.
 * - Objects the toolbar builds through requestHelper declare only the setters it calls: a setter Oracle lacks cannot
 *   compile here, and the stand-in offers no other.
 * Types only: this module emits no code.
 */

/** Operations the toolbar publishes (createPublishRequest's names). */
export type UefOperationName =
  | 'agentStateEventOperation'
  | 'newCommEvent'
  | 'startCommEvent'
  | 'closeCommEvent'
  | 'outboundCommError'
  | 'getConfigurationOperation'
  | 'readyForOperationOperation';

/** Events the toolbar subscribes to (createSubscriptionRequest's names). */
export type UefEventName = 'onToolbarInteractionCommand' | 'onToolbarAgentCommand' | 'onOutgoingEvent' | 'onDataUpdated';

/** Values Fusion puts in inData/outData: SVCMCA_* tokens and a few plain keys (Oracle's IMcaOutData is all strings). */
export type McaData = Record<string, string | number | boolean | null | undefined>;

// ---- loading ------------------------------------------------------------------------------------------------------

/** The global that Oracle's client script (and the stand-in) defines: CX_SVC_UI_EVENTS_FRAMEWORK. */
export interface UefGlobal {
  uiEventsFramework: IUiEventsFramework;
}

export interface IUiEventsFramework {
  initialize(applicationName: string, version: string): Promise<IUiEventsFrameworkProvider>;
}

/**
 * Oracle's provider, reduced to what the toolbar uses. Not declared: dispose, getVersion, getApplicationName and the
 * tab, record, global, modal, side-pane and notification contexts.
 */
export interface IUiEventsFrameworkProvider {
  requestHelper: IRequestHelper;
  getMultiChannelAdaptorContext(): Promise<IMultiChannelAdaptorContext>;
}

export interface IRequestHelper {
  createSubscriptionRequest(eventName: string): IEventRequest;
  createPublishRequest(operationName: string): IOperationRequest;
}

// ---- contexts -----------------------------------------------------------------------------------------------------

export type UefEventCallback = (response: IEventResponse) => void | Promise<unknown>;

export interface ISubscriptionContext {
  dispose: () => void;
}

/** Oracle's IContext, reduced to what the toolbar calls (not declared: subscribeOnce, dispose, getSupportedEvents/Actions). */
export interface IContext {
  /**
   * Oracle's d.ts types the callback `(response) => void`; its pages for the controllable events say the callback
   * returns a promise, resolved with the response data or rejected
   * (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/ontoolbaragentcommand.html): both are allowed here.
   */
  subscribe: (requestObject: IEventRequest, callbackFunction: UefEventCallback) => ISubscriptionContext;
  /** Rejects with an IErrorData, not an Error (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/ierrordata.html). */
  publish: (requestObject: IOperationRequest) => Promise<IOperationResponse>;
}

/** Not declared: getActiveChannels and IContext's members the toolbar does not call. */
export interface IMultiChannelAdaptorContext {
  getCommunicationChannelContext(channelType: string): Promise<ICommunicationChannelContext>;
}

/** Oracle's ICommunicationChannelContext: the toolbar reads it as IPhoneContext, as Oracle's examples do. */
export type ICommunicationChannelContext = IContext;
/** Not declared: getChannelType, getChannel, getFrameOrigin, getToolbarName, getVersion, getEventSource. */
export type IPhoneContext = ICommunicationChannelContext;

// ---- requests -----------------------------------------------------------------------------------------------------

export interface IEventRequest {
  getEventName(): string;
}

export interface IMcaEventRequest extends IEventRequest {
  setAppClassification(appClassification: string): void;
}

/** Not declared: setPropagateToTabs, isPropagateToTabsEnabled. */
export interface IOperationRequest {
  getOperationName(): string;
}

export interface IMcaActionRequest extends IOperationRequest {
  setAppClassification: (appClassification: string) => void;
  setEventId: (eventId: string) => void;
}

/** Not declared: the named setters (setSVCMCA_ANI, setCallStatus, …); the toolbar sets every token by attribute. */
export interface IMcaInDataRequest {
  setInDataValueByAttribute: (attribute: string, value: unknown) => void;
}

/** Not declared: setLookupObject, setInputData. */
export interface IMcaNewCommEventActionRequest extends IMcaActionRequest {
  getInData: () => IMcaInDataRequest;
}

/** Not declared: setInputData. */
export interface IMcaStartCommEventActionRequest extends IMcaActionRequest {
  getInData: () => IMcaInDataRequest;
}

/** Not declared: setInputData. */
export interface IMcaCloseCommEventActionRequest extends IMcaActionRequest {
  setReason: (reason: string) => void;
  getInData: () => IMcaInDataRequest;
}

export interface IMcaAgentStateEventActionRequest extends IOperationRequest {
  setEventId: (eventId: string) => void;
  setIsAvailable: (isAvailable: boolean) => void;
  setIsLoggedIn: (isLoggedIn: boolean) => void;
  setState: (stateCd: string) => void;
  setStateDisplayString: (stateDisplayString: string) => void;
  setReason: (reasonCd: string) => void;
  setReasonDisplayString: (reasonDisplayString: string) => void;
  setInData: (inData: Record<string, unknown>) => void;
}

export interface IMcaOutboundCommErrorActionRequest extends IOperationRequest {
  setCommUuid(commUuid: string): void;
  setErrorCode(errorCode: string): void;
  setErrorMsg(errorMsg: string): void;
}

export interface IMcaGetConfigurationActionRequest extends IOperationRequest {
  setConfigType: (configType: string) => void;
}

export interface IMcaReadyForOperationActionRequest extends IOperationRequest {
  setReadiness: (readiness: boolean) => void;
}

// ---- failures -----------------------------------------------------------------------------------------------------

/** What publish() rejects with. */
export interface IErrorData {
  getStatus(): string;
  getMessage(): string;
  getErrorDetails(): unknown;
}

// ---- operation responses ------------------------------------------------------------------------------------------

/** Not declared: getContext. */
export interface IOperationResponse {
  getOperationName(): string;
}

/** What newCommEvent, startCommEvent and closeCommEvent's getData() have in common. */
export interface IMcaComEventActionData {
  channelId: string;
  channelType: string;
  engagementId: string;
  eventId: string;
  eventSource: string;
  interactionId: string;
  method: string;
  result: string;
  toolbarName: string;
  uuid: string;
  channel: string;
}
export interface IMcaNewComEventActionData extends IMcaComEventActionData {
  outData: McaData;
}
export interface IMcaStartComEventActionData extends IMcaComEventActionData {
  outData: McaData;
  screenPopMode: string;
  wrapupId: string;
}
export interface IMcaCloseComEventActionData extends IMcaComEventActionData {
  outData: McaData;
  wrapupId: string;
}

export interface IMcaNewComActionResponse extends IOperationResponse {
  getResponseData(): IMcaNewComActionData;
}
/** Not declared: getOutputData (a getter per token). */
export interface IMcaNewComActionData {
  getData(): IMcaNewComEventActionData;
  getOutData(): McaData;
}

export interface IMcaStartComActionResponse extends IOperationResponse {
  getResponseData(): IMcaStartComActionData;
}
/** Not declared: getEngagementContext, getOutputData. */
export interface IMcaStartComActionData {
  getData(): IMcaStartComEventActionData;
  getOutData(): McaData;
}

export interface IMcaCloseComActionResponse extends IOperationResponse {
  getResponseData(): IMcaCloseComActionData;
}
/** Not declared: getOutputData. */
export interface IMcaCloseComActionData {
  getData(): IMcaCloseComEventActionData;
  getOutData(): McaData;
}

export interface IMcaAgentStateEventActionResponse extends IOperationResponse {
  getResponseData(): IMcaAgentStateEventActionResponseData;
}
export interface IMcaAgentStateEventActionResponseData {
  getData(): unknown;
  isSuccess(): boolean;
  getError(): unknown;
}

export interface IMcaOutBoundCommErrorActionResponse extends IOperationResponse {
  getResponseData(): IMcaOutBoundCommErrorActionResponseData;
}
export interface IMCAOutBoundCommErrorResponsePayload {
  result: string;
  error: string;
}
export interface IMcaOutBoundCommErrorActionResponseData {
  getData(): IMCAOutBoundCommErrorResponsePayload;
  isSuccess(): boolean;
  getError(): string;
}

export interface IMcaGetConfigurationActionResponse extends IOperationResponse {
  getResponseData(): IMcaGetConfigurationActionResponseData;
}
export interface IMCAConfiguration {
  faTrustToken: string;
  agentId: string;
  agentPartyId: string;
  features: string;
  companionPanelUrl: string;
  companionPanelTitle: string;
}
export interface IMCAGetConfigurationResponsePayload {
  outData: Record<string, unknown>;
  method: unknown;
  configuration: IMCAConfiguration;
  result: string;
  toolbarName: string;
  uuid: string;
  error: unknown;
}
export interface IMCAGetConfiguration {
  getAgentId(): string;
  getAgentPartyId(): string;
  getFeatures(): string[];
  getCompanionPanelUrl(): string;
  getCompanionPanelTitle(): string;
  getFaTrustToken(): string;
}
export interface IMcaGetConfigurationActionResponseData {
  getData(): IMCAGetConfigurationResponsePayload;
  getConfiguration(): IMCAGetConfiguration;
  isSuccess(): boolean;
  getError(): unknown;
}

export interface IMcaReadyForOperationActionResponse extends IOperationResponse {
  getResponseData(): IMcaReadyForOperationActionResponseData;
}
export interface IMcaReadyForOperationActionResponseData {
  getData(): unknown;
}

// ---- event responses ----------------------------------------------------------------------------------------------

/** Not declared: getContext. */
export interface IEventResponse {
  getEventName(): string;
}

/** Oracle's IMcaEventData: what every MCA event's getData() carries. */
export interface IMcaEventData {
  channel: string;
  channelType: string;
  method: string;
  toolbarName: string;
  uuid: string;
}

export interface IMcaOnToolbarInteractionCommandEventResponse extends IEventResponse {
  getResponseData(): IMcaOnToolbarInteractionCommandDataResponse;
}
export interface IMcaOnToolbarInteractionCommandData extends IMcaEventData {
  command: string;
  commandId: string;
  eventId: string;
  inData: unknown;
  outData: unknown;
  result: string;
  target: string;
  timeStamp: number;
  slot: string;
  /** "Error displayed to the user, and populated by the toolbar" (Oracle's onToolbarInteractionCommand pages). */
  resultDisplayString: string;
}
/** Response data of onToolbarInteractionCommand (controllable). Oracle publishes no setter for resultDisplayString. */
export interface IMcaOnToolbarInteractionCommandDataResponse {
  getData(): IMcaOnToolbarInteractionCommandData;
  getEventId(): string;
  getCommand(): string;
  getSlot(): string;
  getInData(): unknown;
  getResult(): string;
  getResultDisplayString(): string;
  getOutdata(): unknown;
  setResult(value: string): void;
}

export interface IMcaOnToolbarAgentCommandEventResponse extends IEventResponse {
  getResponseData(): IMcaOnToolbarAgentCommandDataResponse;
}
export interface IMcaOnToolbarAgentCommandData extends IMcaEventData {
  command: string;
  eventId: string;
  inData: unknown;
  outData: unknown;
  result: string;
  timeStamp: number;
  resultDisplayString: string;
}
/** Response data of onToolbarAgentCommand (controllable). */
export interface IMcaOnToolbarAgentCommandDataResponse {
  getData(): IMcaOnToolbarAgentCommandData;
  getEventId(): string;
  getCommand(): string;
  getInData(): unknown;
  getResult(): string;
  getResultDisplayString(): string;
  getOutdata(): unknown;
  setOutdata(data: unknown): void;
  setResult(value: string): void;
}

export interface IMcaonOutgoingEventResponse extends IEventResponse {
  getResponseData(): IMcaOnOutgoingEventData;
}
export interface IMcaOnOutgoingEventPayloadData extends IMcaEventData {
  outData: McaData;
  origin: string;
  windowName: string;
}
/** Response data of onOutgoingEvent (click-to-dial). Not declared: getOutputData. */
export interface IMcaOnOutgoingEventData {
  getData: () => IMcaOnOutgoingEventPayloadData;
  getOutData: () => McaData;
}

export interface IMcaOnDataUpdatedEventResponse extends IEventResponse {
  getResponseData(): IMcaOnDataUpdatedData;
}
export interface IMcaOnDataUpdatedOutData {
  /** CUSTOMER_DATA, WRAPUP_CLOSED or OFFER_TIMEOUT (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/ondataupdated-method.html). */
  updateType: string;
}
export interface IMcaOnDataUpdatedEventData extends IMcaEventData {
  outData: IMcaOnDataUpdatedOutData;
  eventId: string;
  eventSource: string;
  result: string;
}
/** Response data of onDataUpdated. Not declared: getOutputData. */
export interface IMcaOnDataUpdatedData {
  getData: () => IMcaOnDataUpdatedEventData;
  getOutData: () => IMcaOnDataUpdatedOutData;
  getEventId: () => string;
}
