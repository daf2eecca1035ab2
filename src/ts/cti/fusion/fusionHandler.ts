import { say } from '../core/agentMessages';
import type { ErrorLineReporter } from '../core/errorLine';
import { FusionRefusedError, messageOf, type OutboundErrorCode } from '../core/errors';
import { excerpt } from '../core/excerpt';
import type { AgentPresence, CallAction, CloseReason, CommandResult, Direction, EventId, FusionCommands, FusionData, FusionPort } from '../core/types';
import type {
  IErrorData,
  IEventResponse,
  IMcaActionRequest,
  IMcaAgentStateEventActionRequest,
  IMcaCloseCommEventActionRequest,
  IMcaEventRequest,
  IMcaGetConfigurationActionRequest,
  IMcaGetConfigurationActionResponse,
  IMcaNewComActionResponse,
  IMcaNewCommEventActionRequest,
  IMcaOnDataUpdatedEventResponse,
  IMcaOnToolbarAgentCommandDataResponse,
  IMcaOnToolbarAgentCommandEventResponse,
  IMcaOnToolbarInteractionCommandDataResponse,
  IMcaOnToolbarInteractionCommandEventResponse,
  IMcaonOutgoingEventResponse,
  IMcaOutboundCommErrorActionRequest,
  IMcaReadyForOperationActionRequest,
  IOperationRequest,
  IOperationResponse,
  IPhoneContext,
  IUiEventsFrameworkProvider,
  UefEventName,
  UefGlobal,
  UefOperationName,
} from './uef';

export interface FusionHandlerOptions {
  /** The name the toolbar gives UEF's initialize(). */
  readonly applicationName: string;
  readonly appClassification: string;
  readonly phoneLineId: string;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** How long Fusion may take to answer initialize or a publish before the toolbar reports it. */
  readonly timeoutMs?: number;
}

/** A call to Fusion that never answers must not stall a call's story or leave the toolbar starting forever. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Fusion did not answer ${what} within ${ms / 1000} s.`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        // Only an IErrorData that is not a timeout is Fusion saying no; anything else leaves open what Fusion did.
        if (!isErrorData(err)) reject(new Error(`Fusion's UEF client failed ${what}: ${refusalText(err)}`));
        else if (stringOrEmpty(err.getStatus()).toLowerCase() === 'timeout') reject(new Error(`Fusion did not answer ${what}: ${refusalText(err)}`));
        else reject(new FusionRefusedError(`Fusion refused ${what}: ${refusalText(err)}`));
      },
    );
  });
}

function isErrorData(value: unknown): value is IErrorData {
  return hasMethods<IErrorData>(value, 'getStatus', 'getMessage');
}

/**
 * A refusal in words. Fusion rejects a publish with an IErrorData, not an Error
 * (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/ierrordata.html), and types getError() `any`: an
 * IErrorData, an Error, an object with a message, or a string are all read for their words.
 */
function refusalText(err: unknown): string {
  if (isErrorData(err)) {
    const message = stringOrEmpty(err.getMessage()) || 'no reason given';
    const status = stringOrEmpty(err.getStatus());
    return status ? `${message} (status ${status})` : message;
  }
  if (typeof err === 'string') return err.trim() || 'no reason given';
  if (err instanceof Error) return err.message || 'no reason given';
  const message = err && typeof err === 'object' ? (err as { message?: unknown }).message : undefined;
  if (typeof message === 'string' && message.trim()) return message.trim();
  if (err === null || err === undefined) return 'no reason given';
  const json = JSON.stringify(err) ?? '';
  return json.length > 200 ? `${json.slice(0, 200)}…` : json || 'no reason given';
}

/** What Fusion told the toolbar about itself in getConfigurationOperation. */
export interface ToolbarConfiguration {
  readonly agentId?: string;
}

const DIRECTION_TOKEN: Record<Direction, string> = { inbound: 'ORA_SVC_INBOUND', outbound: 'ORA_SVC_OUTBOUND' };

/**
 * Fusion's interaction commands and what they ask of the call: accept, disconnect, reject and setActive
 * (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/ontoolbarinteractioncommand.html), and wrapup, which
 * Oracle's Genesys tutorial names for Fusion's End Call button. `setActive` (Fusion focused a tab) needs nothing.
 * The keys are what getActiveInteractionCommands answers.
 */
const INTERACTION_COMMANDS: Readonly<Record<string, CallAction | 'none'>> = {
  accept: 'accept',
  reject: 'reject',
  disconnect: 'hangup',
  wrapup: 'hangup',
  setActive: 'none',
};

/** The longest call id the toolbar takes from Fusion: Fusion's ids are UUIDs or the toolbar's own, far shorter. */
const MAX_EVENT_ID = 256;

type Primitive = string | number | boolean;

function isPrimitive(value: unknown): value is Primitive {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Keeps the token values of an outData object; anything else Fusion sends along is not ours to forward. */
function tokensOf(value: unknown): FusionData {
  if (!value || typeof value !== 'object') return {};
  const tokens: Record<string, Primitive> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) if (isPrimitive(v)) tokens[key] = v;
  return tokens;
}

function hasMethods<T>(value: unknown, ...names: string[]): value is T {
  return !!value && typeof value === 'object' && names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function');
}

function stringOrEmpty(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** The outData a successful answer to getActiveInteractionCommands carries. */
export interface ActiveInteractionCommands {
  readonly supportedCommands: string[];
  readonly supportedFeatures: never[];
}

/**
 * The only code that touches UEF. It publishes what the core decides (FusionPort) and turns Fusion's commands into
 * calls on the core, answering every controllable event with success, or failure and the reason in words.
 */
export class FusionHandler implements FusionPort {
  private provider: IUiEventsFrameworkProvider | null = null;
  private phone: IPhoneContext | null = null;
  private readonly log: NonNullable<FusionHandlerOptions['log']>;
  configuration: ToolbarConfiguration = {};

  constructor(
    private readonly uef: UefGlobal,
    private readonly options: FusionHandlerOptions,
  ) {
    this.log = options.log ?? ((level, message) => console[level](`[toolbar] ${message}`));
  }

  /** initialize → MCA context → PHONE context → getConfigurationOperation(TOOLBAR). */
  async connect(): Promise<void> {
    const timeout = this.timeoutMs;
    this.provider = await withTimeout(this.uef.uiEventsFramework.initialize(this.options.applicationName, 'v1'), timeout, 'initialize');
    const mca = await withTimeout(this.provider.getMultiChannelAdaptorContext(), timeout, 'getMultiChannelAdaptorContext');
    this.phone = await withTimeout(mca.getCommunicationChannelContext('PHONE'), timeout, "getCommunicationChannelContext('PHONE')");
    try {
      const request = this.request<IMcaGetConfigurationActionRequest>('getConfigurationOperation');
      request.setConfigType('TOOLBAR');
      const response = (await this.publish(request)) as IMcaGetConfigurationActionResponse;
      const agentId = stringOrEmpty(response.getResponseData().getConfiguration().getAgentId());
      this.configuration = agentId ? { agentId } : {};
    } catch (err) {
      // The toolbar works without it; Fusion only describes itself here.
      this.log('warn', `getConfigurationOperation failed: ${messageOf(err)}`);
    }
  }

  /**
   * Subscribes to Fusion's commands and forwards them to the core, then tells Fusion the toolbar is ready for
   * operation; what fails besides goes to the error line.
   */
  listen(core: FusionCommands, errors: ErrorLineReporter): void {
    const phone = this.requirePhone();
    phone.subscribe(this.subscription('onToolbarInteractionCommand'), (r) => this.guard(errors, r, () => this.onInteractionCommand(core, errors, r)));
    phone.subscribe(this.subscription('onToolbarAgentCommand'), (r) => this.guard(errors, r, () => this.onAgentCommand(core, errors, r)));
    phone.subscribe(this.subscription('onOutgoingEvent', this.options.appClassification), (r) => void this.onOutgoing(core, errors, r));
    phone.subscribe(this.subscription('onDataUpdated', this.options.appClassification), (r) => this.onDataUpdated(core, r));
    void this.declareReady().catch((err: unknown) => errors.report(say('fusionDidNotTakeReadiness', { detail: messageOf(err) })));
  }

  /**
   * readyForOperationOperation(true). Oracle's legacy toolbar API makes one such call mandatory: "The toolbar is
   * disabled by default, and is enabled when this method is called with the readiness parameter set to TRUE"
   * (https://docs.oracle.com/en/cloud/saas/fusion-service/faiec/readyforoperation-method.html); UEF carries the same
   * operation (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/readyforoperation.html). Published once the
   * toolbar listens, so Fusion's first command finds a subscriber.
   */
  private async declareReady(): Promise<void> {
    const request = this.request<IMcaReadyForOperationActionRequest>('readyForOperationOperation');
    request.setReadiness(true);
    await this.publish(request);
  }

  // ---- FusionPort: what the core publishes ----------------------------------------------------------------------

  async newCommEvent(r: { eventId: EventId; direction: Direction; phoneNumber: string; inData: FusionData }): Promise<FusionData> {
    const request = this.commRequest<IMcaNewCommEventActionRequest>('newCommEvent', r.eventId, {
      ...r.inData,
      SVCMCA_ANI: r.phoneNumber,
      SVCMCA_COMMUNICATION_DIRECTION: DIRECTION_TOKEN[r.direction],
      phoneLineId: this.options.phoneLineId,
    });
    return this.outDataOf(await this.publish(request), 'newCommEvent');
  }

  async startCommEvent(r: { eventId: EventId; direction: Direction; inData: FusionData }): Promise<void> {
    await this.publish(this.commRequest('startCommEvent', r.eventId, { ...r.inData, SVCMCA_COMMUNICATION_DIRECTION: DIRECTION_TOKEN[r.direction] }));
  }

  async closeCommEvent(r: { eventId: EventId; direction: Direction; reason: CloseReason; inData: FusionData }): Promise<void> {
    const request = this.commRequest<IMcaCloseCommEventActionRequest>('closeCommEvent', r.eventId, {
      ...r.inData,
      SVCMCA_COMMUNICATION_DIRECTION: DIRECTION_TOKEN[r.direction],
    });
    request.setReason(r.reason);
    await this.publish(request);
  }

  async agentStateEvent(presence: AgentPresence): Promise<void> {
    const request = this.request<IMcaAgentStateEventActionRequest>('agentStateEventOperation');
    request.setEventId('1');
    request.setIsAvailable(presence.available);
    request.setIsLoggedIn(presence.loggedIn);
    request.setState(presence.stateCode);
    request.setStateDisplayString(presence.displayName);
    request.setReason(presence.reasonCode ?? '');
    request.setReasonDisplayString(presence.reasonCode ? presence.displayName : '');
    request.setInData({ phoneLineId: this.options.phoneLineId });
    await this.publish(request);
  }

  async outboundCommError(r: { eventId: EventId; errorCode: OutboundErrorCode; message: string }): Promise<void> {
    const request = this.request<IMcaOutboundCommErrorActionRequest>('outboundCommError');
    request.setCommUuid(r.eventId);
    request.setErrorCode(r.errorCode);
    request.setErrorMsg(JSON.stringify({ phoneLineId: this.options.phoneLineId, message: r.message }));
    await this.publish(request);
  }

  // ---- Fusion's commands ------------------------------------------------------------------------------------------

  private async onInteractionCommand(core: FusionCommands, errors: ErrorLineReporter, response: IEventResponse): Promise<unknown> {
    const data = responseDataOf<IMcaOnToolbarInteractionCommandEventResponse>(response)?.getResponseData();
    if (!hasMethods<IMcaOnToolbarInteractionCommandDataResponse>(data, 'getCommand', 'getEventId', 'setResult')) {
      this.log('error', 'onToolbarInteractionCommand arrived without command data; ignored.');
      return data;
    }
    const command = stringOrEmpty(data.getCommand());
    const eventId = stringOrEmpty(data.getEventId());
    // Own keys only: a command named "constructor" or "toString" is not one of ours.
    const action = Object.prototype.hasOwnProperty.call(INTERACTION_COMMANDS, command) ? INTERACTION_COMMANDS[command] : undefined;
    let result: CommandResult;
    if (action === undefined) {
      result = errors.refuse('UNKNOWN_COMMAND', command ? say('unknownCommand', { command: excerpt(command) }) : say('commandWithoutName'));
    } else if (!eventId) {
      result = errors.refuse('BAD_INPUT', say('commandWithoutCall', { command }));
    } else if (eventId.length > MAX_EVENT_ID) {
      result = errors.refuse('BAD_INPUT', say('callIdTooLong', { command, length: eventId.length, max: MAX_EVENT_ID }));
    } else if (action === 'none') {
      result = { ok: true };
    } else {
      result = await core.callAction(eventId, action, 'fusion');
    }
    return answer(data, result);
  }

  private async onAgentCommand(core: FusionCommands, errors: ErrorLineReporter, response: IEventResponse): Promise<unknown> {
    const data = responseDataOf<IMcaOnToolbarAgentCommandEventResponse>(response)?.getResponseData();
    if (!hasMethods<IMcaOnToolbarAgentCommandDataResponse>(data, 'getCommand', 'setResult', 'setOutdata')) {
      this.log('error', 'onToolbarAgentCommand arrived without command data; ignored.');
      return data;
    }
    const command = stringOrEmpty(data.getCommand());
    switch (command) {
      case 'makeAvailable':
      case 'makeUnavailable':
        return answer(data, await core.setAvailability(command === 'makeAvailable', 'fusion'));
      case 'getCurrentAgentState': {
        const p = core.currentPresence();
        data.setOutdata({
          isAvailable: p.available,
          isLoggedIn: p.loggedIn,
          stateCd: p.stateCode,
          stateDisplayString: p.displayName,
          reasonCd: p.reasonCode ?? '',
          reasonDisplayString: p.reasonCode ? p.displayName : '',
        });
        return answer(data, { ok: true });
      }
      case 'getActiveEngagements': {
        // The shape Oracle gives: { activeCount: 1, engagements: [{ eventId: "1234" }] }
        // (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/ontoolbaragentcommand-method.html).
        const ids = core.activeEngagementIds();
        data.setOutdata({ activeCount: ids.length, engagements: ids.map((eventId) => ({ eventId })) });
        return answer(data, { ok: true });
      }
      case 'getActiveInteractionCommands': {
        // Sent once per session; Fusion "expects outData by resolving the promise"
        // (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/ontoolbaragentcommand.html). Oracle does not
        // publish the outData's shape; this is the one a published connector uses (github.com/zjwalsh/wxcc-oracle-bridge).
        const outData: ActiveInteractionCommands = { supportedCommands: Object.keys(INTERACTION_COMMANDS), supportedFeatures: [] };
        data.setOutdata(outData);
        return answer(data, { ok: true });
      }
      default:
        return answer(data, errors.refuse('UNKNOWN_COMMAND', command ? say('unknownAgentCommand', { command: excerpt(command) }) : say('agentCommandWithoutName')));
    }
  }

  private async onOutgoing(core: FusionCommands, errors: ErrorLineReporter, response: IEventResponse): Promise<void> {
    const data = responseDataOf<IMcaonOutgoingEventResponse>(response)?.getResponseData();
    if (!hasMethods<{ getOutData(): unknown }>(data, 'getOutData')) {
      errors.report(say('dialWithoutNumber'));
      return;
    }
    const outData = tokensOf(data.getOutData());
    const number = stringOrEmpty(outData.SVCMCA_ANI);
    if (!number) {
      errors.report(say('dialWithoutNumber'));
      return;
    }
    const payload: unknown = hasMethods<{ getData(): unknown }>(data, 'getData') ? data.getData() : undefined;
    const uuid = payload && typeof payload === 'object' ? stringOrEmpty((payload as { uuid?: unknown }).uuid) : '';
    const eventId = stringOrEmpty(outData.SVCMCA_CALL_ID) || uuid;
    if (eventId.length > MAX_EVENT_ID) {
      errors.report(say('dialCallIdTooLong', { number: excerpt(number), length: eventId.length, max: MAX_EVENT_ID }));
      return;
    }
    await core.dial(number, { eventId: eventId || undefined, fusionData: outData });
  }

  private onDataUpdated(core: FusionCommands, response: IEventResponse): void {
    const data = responseDataOf<IMcaOnDataUpdatedEventResponse>(response)?.getResponseData();
    if (!hasMethods<{ getOutData(): unknown; getEventId(): unknown }>(data, 'getOutData', 'getEventId')) {
      this.log('warn', 'onDataUpdated arrived without data; ignored.');
      return;
    }
    const updateType = stringOrEmpty(tokensOf(data.getOutData()).updateType);
    const eventId = stringOrEmpty(data.getEventId());
    if (eventId.length > MAX_EVENT_ID) {
      this.log('warn', `onDataUpdated ${excerpt(updateType)} named a call id of ${eventId.length} characters; ignored.`);
      return;
    }
    if (updateType === 'WRAPUP_CLOSED' && eventId) core.finishWrapup(eventId, 'fusion');
    else if (updateType === 'OFFER_TIMEOUT' && eventId) void core.offerTimedOut(eventId).catch((err: unknown) => this.log('error', `OFFER_TIMEOUT for ${eventId} failed: ${messageOf(err)}`));
    else this.log('info', `onDataUpdated ${excerpt(updateType) || '(no updateType)'} for ${eventId || '(no eventId)'}: nothing to do.`);
  }

  /** A command that fails unexpectedly is still answered, so Fusion's button does not wait forever. */
  private async guard(errors: ErrorLineReporter, response: IEventResponse, handle: () => Promise<unknown>): Promise<unknown> {
    try {
      return await handle();
    } catch (err) {
      const result = errors.refuse('TOOLBAR_ERROR', say('commandFailed', { detail: messageOf(err) }));
      const data = responseDataOf<{ getResponseData(): unknown }>(response)?.getResponseData();
      return hasMethods<Answerable>(data, 'setResult', 'getData') ? answer(data, result) : data;
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------------------

  private requireProvider(): IUiEventsFrameworkProvider {
    if (!this.provider) throw new Error('FusionHandler is not connected to UEF yet.');
    return this.provider;
  }

  private requirePhone(): IPhoneContext {
    if (!this.phone) throw new Error('FusionHandler is not connected to UEF yet.');
    return this.phone;
  }

  private subscription(eventName: UefEventName, appClassification?: string): IMcaEventRequest {
    const request = this.requireProvider().requestHelper.createSubscriptionRequest(eventName) as IMcaEventRequest;
    if (appClassification) request.setAppClassification(appClassification);
    return request;
  }

  private request<T extends IOperationRequest>(operation: UefOperationName): T {
    return this.requireProvider().requestHelper.createPublishRequest(operation) as T;
  }

  private commRequest<T extends IMcaActionRequest & Pick<IMcaNewCommEventActionRequest, 'getInData'>>(
    operation: UefOperationName,
    eventId: EventId,
    inData: FusionData,
  ): T {
    const request = this.request<T>(operation);
    request.setAppClassification(this.options.appClassification);
    request.setEventId(eventId);
    const target = request.getInData();
    for (const [key, value] of Object.entries(inData)) if (isPrimitive(value)) target.setInDataValueByAttribute(key, value);
    return request;
  }

  /**
   * Publishes and checks Fusion's answer: a rejection (an IErrorData) and a response that says it failed
   * (isSuccess() false, or a result of "error" or "failure" in its data) both reject with Fusion's reason in words,
   * so the core never takes a refused publish for a done one.
   */
  private async publish(request: IOperationRequest): Promise<IOperationResponse> {
    const operation = request.getOperationName();
    const response = await withTimeout(this.requirePhone().publish(request), this.timeoutMs, operation);
    const refusal = refusalOf(response);
    if (refusal !== null) throw new FusionRefusedError(`Fusion refused ${operation}: ${refusal}`);
    return response;
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 15000;
  }

  /**
   * newCommEvent's outData (the contact tokens of Fusion's reverse lookup), read through Oracle's
   * getResponseData().getOutData(). A response without it still means Fusion took the call: the story goes on
   * without the tokens, and the log says so.
   */
  private outDataOf(response: IOperationResponse, operation: string): FusionData {
    const data = hasMethods<IMcaNewComActionResponse>(response, 'getResponseData') ? response.getResponseData() : null;
    if (hasMethods<{ getOutData(): unknown }>(data, 'getOutData')) return tokensOf(data.getOutData());
    this.log('warn', `The ${operation} response from Fusion had no outData; going on without it.`);
    return {};
  }
}

/** The response data of a controllable event: what the toolbar sets its answer on. */
interface Answerable {
  setResult(value: string): void;
  getData(): { resultDisplayString: string };
}

/**
 * Sets the answer on a controllable event's response data and returns it, to resolve the callback's promise with.
 * Oracle publishes setResult but no setter for the reason: the response's data object carries `resultDisplayString`,
 * "Error displayed to the user, and populated by the toolbar"
 * (https://docs.oracle.com/en/cloud/saas/fusion-service/faiec/ontoolbarinteractioncommand-method.html), so a
 * failure's reason is written there. The toolbar shows it on its own error line as well, since Oracle does not say
 * what Fusion does with it.
 */
function answer<T extends Answerable>(data: T, result: CommandResult): T {
  data.setResult(result.ok ? 'success' : 'failure');
  if (!result.ok) {
    const payload: unknown = data.getData();
    if (payload && typeof payload === 'object') (payload as { resultDisplayString: string }).resultDisplayString = result.message;
  }
  return data;
}

/** An event response as the type Oracle's examples cast it to, once it is known to carry response data. */
function responseDataOf<T extends { getResponseData(): unknown }>(response: IEventResponse): T | null {
  return hasMethods<T>(response, 'getResponseData') ? response : null;
}

/**
 * What a resolved publish says of its own failure: null when it succeeded, else the reason in words. Oracle gives
 * agentState, outboundCommError and getConfiguration responses isSuccess()/getError()
 * (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/imcagetconfigurationactionresponsedata.html), and the
 * comm events a `result` in getData(), "success or error" in the legacy API this mirrors
 * (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/closecommevent.html).
 */
function refusalOf(response: unknown): string | null {
  if (!hasMethods<{ getResponseData(): unknown }>(response, 'getResponseData')) return null;
  const data = response.getResponseData();
  if (hasMethods<{ isSuccess(): unknown; getError?: () => unknown }>(data, 'isSuccess')) {
    if (data.isSuccess() !== false) return null;
    return refusalText(typeof data.getError === 'function' ? data.getError() : undefined);
  }
  if (hasMethods<{ getData(): unknown }>(data, 'getData')) {
    const payload = data.getData() as { result?: unknown; error?: unknown } | null;
    const result = typeof payload?.result === 'string' ? payload.result.toLowerCase() : '';
    if (result === 'error' || result === 'failure') return refusalText(payload?.error);
  }
  return null;
}
