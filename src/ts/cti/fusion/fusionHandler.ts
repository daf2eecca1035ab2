import type { ErrorLineReporter } from '../core/errorLine';
import { messageOf, type OutboundErrorCode } from '../core/errors';
import type { AgentPresence, CallAction, CloseReason, CommandResult, Direction, EventId, FusionCommands, FusionData, FusionPort } from '../core/types';
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
  IOperationRequest,
  IOperationResponse,
  IPhoneContext,
  IUiEventsFrameworkProvider,
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
        reject(err instanceof Error ? err : new Error(messageOf(err)));
      },
    );
  });
}

/** What Fusion told the toolbar about itself in getConfigurationOperation. */
export interface ToolbarConfiguration {
  readonly agentId?: string;
}

const DIRECTION_TOKEN: Record<Direction, string> = { inbound: 'ORA_SVC_INBOUND', outbound: 'ORA_SVC_OUTBOUND' };

/** Fusion's interaction commands and what they ask of the call. `setActive` (Fusion focused a tab) needs nothing. */
const INTERACTION_COMMANDS: Readonly<Record<string, CallAction | 'none'>> = {
  accept: 'accept',
  reject: 'reject',
  disconnect: 'hangup',
  wrapup: 'hangup', // Fusion's End Call button, per Oracle's Genesys tutorial
  setActive: 'none',
};

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

/**
 * The only code that touches UEF. It publishes what the core decides (FusionPort) and turns Fusion's commands into
 * calls on the core, answering every controllable event with success, or failure and a display string.
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
      const outData = this.outDataOf(await this.publish(request), 'getConfigurationOperation');
      const agentId = stringOrEmpty(outData.agentId ?? outData.AgentId);
      this.configuration = agentId ? { agentId } : {};
    } catch (err) {
      // The toolbar works without it; Fusion only describes itself here.
      this.log('warn', `getConfigurationOperation failed: ${messageOf(err)}`);
    }
  }

  /** Subscribes to Fusion's commands and forwards them to the core; what fails besides goes to the error line. */
  listen(core: FusionCommands, errors: ErrorLineReporter): void {
    const phone = this.requirePhone();
    const helper = this.requireProvider().requestHelper;
    phone.subscribe(helper.createSubscriptionRequest('onToolbarInteractionCommand'), (r) => this.guard(errors, r, () => this.onInteractionCommand(core, errors, r)));
    phone.subscribe(helper.createSubscriptionRequest('onToolbarAgentCommand'), (r) => this.guard(errors, r, () => this.onAgentCommand(core, errors, r)));
    const outgoing = helper.createSubscriptionRequest('onOutgoingEvent');
    outgoing.setAppClassification(this.options.appClassification);
    phone.subscribe(outgoing, (r) => this.onOutgoing(core, errors, r));
    const dataUpdated = helper.createSubscriptionRequest('onDataUpdated');
    dataUpdated.setAppClassification(this.options.appClassification);
    phone.subscribe(dataUpdated, (r) => this.onDataUpdated(core, r));
  }

  // ---- FusionPort: what the core publishes ----------------------------------------------------------------------

  async newCommEvent(r: { eventId: EventId; direction: Direction; phoneNumber: string; inData: FusionData }): Promise<FusionData> {
    const request = this.commRequest<IMcaCommEventActionRequest>('newCommEvent', r.eventId, {
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
    const data = response.getResponseData();
    if (!hasMethods<IMcaOnToolbarInteractionCommandDataResponse>(data, 'getCommand', 'getEventId', 'setResult')) {
      this.log('error', 'onToolbarInteractionCommand arrived without command data; ignored.');
      return data;
    }
    const command = stringOrEmpty(data.getCommand());
    const eventId = stringOrEmpty(data.getEventId());
    const action = INTERACTION_COMMANDS[command];
    let result: CommandResult;
    if (action === undefined) {
      result = errors.refuse('UNKNOWN_COMMAND', `The toolbar does not support the command "${command || '(none)'}".`);
    } else if (!eventId) {
      result = errors.refuse('BAD_INPUT', `The command "${command}" did not say which call it is for.`);
    } else if (action === 'none') {
      result = { ok: true };
    } else {
      result = await core.callAction(eventId, action, 'fusion');
    }
    return this.answer(data, result);
  }

  private async onAgentCommand(core: FusionCommands, errors: ErrorLineReporter, response: IEventResponse): Promise<unknown> {
    const data = response.getResponseData();
    if (!hasMethods<IMcaOnToolbarAgentCommandDataResponse>(data, 'getCommand', 'setResult', 'setOutdata')) {
      this.log('error', 'onToolbarAgentCommand arrived without command data; ignored.');
      return data;
    }
    const command = stringOrEmpty(data.getCommand());
    switch (command) {
      case 'makeAvailable':
      case 'makeUnavailable':
        return this.answer(data, await core.setAvailability(command === 'makeAvailable', 'fusion'));
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
        return this.answer(data, { ok: true });
      }
      case 'getActiveEngagements': {
        const ids = core.activeEngagementIds();
        data.setOutdata({ activeCount: ids.length, engagements: ids.map((eventId) => ({ eventId })) });
        return this.answer(data, { ok: true });
      }
      default:
        return this.answer(data, errors.refuse('UNKNOWN_COMMAND', `The toolbar does not support the agent command "${command || '(none)'}".`));
    }
  }

  private async onOutgoing(core: FusionCommands, errors: ErrorLineReporter, response: IEventResponse): Promise<void> {
    const data = response.getResponseData();
    if (!hasMethods<IMcaOnOutgoingEventDataResponse>(data, 'getOutData')) {
      errors.report('Fusion asked for a call without saying which number to dial.');
      return;
    }
    const outData = tokensOf(data.getOutData());
    const number = stringOrEmpty(outData.SVCMCA_ANI);
    if (!number) {
      errors.report('Fusion asked for a call without saying which number to dial.');
      return;
    }
    const eventId = stringOrEmpty(outData.SVCMCA_CALL_ID) || stringOrEmpty(typeof data.getData === 'function' ? data.getData()?.uuid : '');
    await core.dial(number, { eventId: eventId || undefined, fusionData: outData });
  }

  private onDataUpdated(core: FusionCommands, response: IEventResponse): void {
    const data = response.getResponseData();
    if (!hasMethods<IMcaOnDataUpdatedDataResponse>(data, 'getOutData', 'getEventId')) {
      this.log('warn', 'onDataUpdated arrived without data; ignored.');
      return;
    }
    const updateType = stringOrEmpty(tokensOf(data.getOutData()).updateType);
    const eventId = stringOrEmpty(data.getEventId());
    if (updateType === 'WRAPUP_CLOSED' && eventId) core.wrapupClosed(eventId);
    else this.log('info', `onDataUpdated ${updateType || '(no updateType)'} for ${eventId || '(no eventId)'}: nothing to do.`);
  }

  /** A command that fails unexpectedly is still answered, so Fusion's button does not wait forever. */
  private async guard(errors: ErrorLineReporter, response: IEventResponse, handle: () => Promise<unknown>): Promise<unknown> {
    try {
      return await handle();
    } catch (err) {
      const result = errors.refuse('TOOLBAR_ERROR', `The toolbar could not carry out Fusion's command: ${messageOf(err)}`);
      const data = response.getResponseData();
      return hasMethods<IMcaOnToolbarAgentCommandDataResponse>(data, 'setResult', 'setResultDisplayString') ? this.answer(data, result) : data;
    }
  }

  private answer<T extends { setResult(r: 'success' | 'failure'): void; setResultDisplayString(s: string): void }>(data: T, result: CommandResult): T {
    data.setResult(result.ok ? 'success' : 'failure');
    if (!result.ok) data.setResultDisplayString(result.message);
    return data;
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

  private request<T extends IOperationRequest>(operation: UefOperationName): T {
    return this.requireProvider().requestHelper.createPublishRequest(operation) as T;
  }

  private commRequest<T extends IMcaCommEventActionRequest>(operation: UefOperationName, eventId: EventId, inData: FusionData): T {
    const request = this.request<T>(operation);
    request.setAppClassification(this.options.appClassification);
    request.setEventId(eventId);
    const target = request.getInData();
    for (const [key, value] of Object.entries(inData)) if (isPrimitive(value)) target.setInDataValueByAttribute(key, value);
    return request;
  }

  private async publish(request: IOperationRequest): Promise<IOperationResponse> {
    return withTimeout(this.requirePhone().publish(request), this.timeoutMs, request.getOperationName());
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? 15000;
  }

  /**
   * The outData of a response. Oracle documents getResponseData().getOutData(); some Fusion versions answer plain
   * objects with the payload at responseDetails.data.payload, so both are read.
   */
  private outDataOf(response: unknown, operation: string): FusionData {
    if (hasMethods<IOperationResponse>(response, 'getResponseData')) {
      const data = response.getResponseData();
      if (hasMethods<{ getOutData(): unknown }>(data, 'getOutData')) return tokensOf(data.getOutData());
    }
    const raw = (response as { responseDetails?: { data?: { payload?: { outData?: unknown }; outData?: unknown } } } | null)?.responseDetails?.data;
    const outData = raw?.payload?.outData ?? raw?.outData;
    if (outData && typeof outData === 'object') return tokensOf(outData);
    this.log('warn', `The ${operation} response from Fusion had no outData; going on without it.`);
    return {};
  }
}
