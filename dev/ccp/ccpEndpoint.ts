/**
 * The CCP's side of the amazon-connect-streams iframe protocol, over a CcpModel, whatever carries the messages
 * (window.postMessage in the emulator page, a function in tests). What the library sends the CCP and what the CCP
 * (its shared worker, really) answers:
 *
 *   CCP → library  'acknowledge' {id}           the CCP loaded and its agent is signed in; also the answer to 'synchronize'
 *                  'agent::update' AgentData     the agent snapshot, first after the acknowledgement, then on every change
 *                  'request_configure'           no 'configure' came within a second of loading: a CCP page the library
 *                                                did not load itself (it reloaded on its own) asks for it again
 *                  'api_response' {event, requestId, data, err}   err: null, or a JSON string (see wireError)
 *                  <event> <data>                a 'broadcast' fanned back out, as the shared worker does to every tab,
 *                                                and the agent's own clicks in the CCP (CcpModel.onBroadcast)
 *   library → CCP  'synchronize' (keep-alive, every second), 'api_request' {event, requestId, method, params},
 *                  'broadcast' {event, data} (click_stream_data, log, client_metric, contact::accepted…); a
 *                                                'mute' {mute} (agent.mute()) is also heard by the CCP's softphone,
 *                                                which answers with 'agent::mute_toggle' {muted} (ccpCallControls.ts)
 *                  'configure', 'outer_context_info', 'iframe_style' (recorded, need no answer)
 *                  'master_request' (only from a page that runs Streams' softphone manager or ringtone itself, which
 *                  initCCP alone does not: recorded, not answered, as this CCP has no media to be master of)
 *
 * A request that changes the model gets its 'agent::update' snapshots before its response, so a client sees, say,
 * the new outbound contact before createOutboundContact's success.
 */
import { type ApiError, CcpModel } from './ccpModel';
import { MUTE_EVENT } from './ccpCallControls';

/**
 * An Amazon Connect refusal as the CCP's shared worker sends it: `JSON.stringify(err)`
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/worker.js, handleAPIRequest) of the
 * object its client builds from the AWS SDK's error, `{type, message, stack, retryStatus, statusCode}`
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/client.js, _formatCallError:
 * type = the SDK error's code, stack = its stack as lines, retryStatus 'none' unless retried after a 401/403,
 * statusCode = the HTTP status). The stack and status codes here are the emulator's own: what the real service
 * answers for each exception is not published, only that the SDK's errors carry them.
 */
export function wireError(err: ApiError): string {
  return JSON.stringify({
    type: err.type,
    message: err.message,
    stack: [`${err.type}: ${err.message}`, '    at CcpModel.handleApi (ccp-emulator)'],
    retryStatus: 'none',
    statusCode: STATUS_OF[err.type] ?? 400,
  });
}

/** HTTP statuses the emulator gives its refusals (AWS' usual ones for these exceptions; 400 for the rest). */
const STATUS_OF: Readonly<Record<string, number>> = {
  AccessDeniedException: 403,
  UnauthorizedException: 401,
  ResourceNotFoundException: 404,
  InternalServiceException: 500,
  ServiceUnavailableException: 503,
};

export interface CcpMessage {
  readonly event: string;
  readonly data: unknown;
}

export interface CcpWire {
  send(message: { event: string; data: unknown }): void;
}

export interface CcpEndpointOptions {
  /** Default true: the agent is signed in, so the CCP acknowledges. False: it never does (nor answers anything). */
  readonly acknowledge?: boolean;
  /** The id sent in 'acknowledge' (the shared worker's port id). */
  readonly portId?: string;
  /** How long after acknowledging it waits for 'configure' before sending 'request_configure'; default 1000 ms. */
  readonly configureWaitMs?: number;
}

/**
 * The CCP asks for its configuration when none came a second after it loaded, "in case iframed CCP is refreshed
 * abnormally" (Streams' connect.core.checkIfConfigureReceived, answered by the library's listenForConfigureRequest:
 * https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/core.js).
 */
export const CONFIGURE_WAIT_MS = 1000;

/** Event names of the library's protocol (connect.EventType, connect.AgentEvents.UPDATE). */
export const CcpEvents = {
  ACKNOWLEDGE: 'acknowledge',
  SYNCHRONIZE: 'synchronize',
  AGENT_UPDATE: 'agent::update',
  API_REQUEST: 'api_request',
  API_RESPONSE: 'api_response',
  BROADCAST: 'broadcast',
  CONFIGURE: 'configure',
  REQUEST_CONFIGURE: 'request_configure',
} as const;

export interface ReceivedMessage {
  readonly event: string;
  readonly data: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** At most this many messages stay in `received` (the keep-alive alone sends one a second). */
const MAX_RECEIVED = 1000;

export class CcpEndpoint {
  private readonly log: ReceivedMessage[] = [];
  private readonly portId: string;
  private signedIn: boolean;
  private started = false;
  private unsubscribe: (() => void) | null = null;
  private readonly problems: string[] = [];
  private readonly configureWaitMs: number;
  private configured = false;

  constructor(
    private readonly model: CcpModel,
    private readonly wire: CcpWire,
    options: CcpEndpointOptions = {},
  ) {
    this.signedIn = options.acknowledge ?? true;
    this.portId = options.portId ?? `ccp-emulator-port-${Math.random().toString(36).slice(2, 10)}`;
    this.configureWaitMs = options.configureWaitMs ?? CONFIGURE_WAIT_MS;
  }

  /** What arrived from the library, in order (invalid messages too, under event '(invalid)'). */
  get received(): ReadonlyArray<ReceivedMessage> {
    return this.log;
  }

  /** Why messages were ignored, newest last. */
  get ignored(): ReadonlyArray<string> {
    return this.problems;
  }

  get isSignedIn(): boolean {
    return this.signedIn;
  }

  /** Starts: sends 'acknowledge' {id} (if signed in) and then the first 'agent::update'; later one per model change. */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.signedIn) this.open();
  }

  /** The agent signs in late (an endpoint created with acknowledge: false): acknowledges and starts the updates. */
  signIn(): void {
    if (this.signedIn) return;
    this.signedIn = true;
    if (this.started) this.open();
  }

  /** One message from the library ({event, data}). Never throws. */
  receive(message: unknown): void {
    try {
      this.handle(message);
    } catch (error) {
      this.ignore(`handling a message failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  stop(): void {
    this.started = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private open(): void {
    this.send(CcpEvents.ACKNOWLEDGE, { id: this.portId });
    this.send(CcpEvents.AGENT_UPDATE, this.model.agentData());
    const updates = this.model.onChange(() => this.send(CcpEvents.AGENT_UPDATE, this.model.agentData()));
    const clicks = this.model.onBroadcast((event, data) => this.send(event, data));
    const askForConfiguration = setTimeout(() => {
      if (this.live && !this.configured) this.send(CcpEvents.REQUEST_CONFIGURE, null);
    }, this.configureWaitMs);
    this.unsubscribe = () => {
      updates();
      clicks();
      clearTimeout(askForConfiguration);
    };
  }

  private get live(): boolean {
    return this.started && this.signedIn;
  }

  private handle(message: unknown): void {
    if (!isRecord(message) || !nonEmptyString(message.event)) {
      this.record('(invalid)', message);
      this.ignore(`not a {event, data} message: ${describe(message)}`);
      return;
    }
    const { event, data } = message;
    this.record(event, data);
    if (event === CcpEvents.CONFIGURE) this.configured = true;
    if (!this.live) return; // a CCP whose agent is not signed in answers nothing
    switch (event) {
      case CcpEvents.SYNCHRONIZE:
        this.send(CcpEvents.ACKNOWLEDGE, { id: this.portId });
        return;
      case CcpEvents.API_REQUEST: {
        if (!isRecord(data) || !nonEmptyString(data.requestId) || !nonEmptyString(data.method)) {
          this.ignore(`api_request without requestId or method: ${describe(data)}`);
          return;
        }
        const result = this.model.handleApi(data.method, data.params);
        // handleApi has already notified the model's listeners, so the snapshots of this change went out first.
        this.send(CcpEvents.API_RESPONSE, {
          event: CcpEvents.API_RESPONSE,
          requestId: data.requestId,
          data: 'err' in result ? null : (result.data ?? null),
          err: 'err' in result ? wireError(result.err) : null,
        });
        return;
      }
      case CcpEvents.BROADCAST: {
        if (!isRecord(data) || !nonEmptyString(data.event)) {
          this.ignore(`broadcast without an event: ${describe(data)}`);
          return;
        }
        this.send(data.event, data.data);
        // The CCP page is one of the pages the shared worker fans out to: its softphone manager hears agent.mute().
        if (data.event === MUTE_EVENT) this.model.softphoneMute(data.data);
        return;
      }
      default:
        return; // configure, outer_context_info, iframe_style, master_request, …: recorded, nothing to answer
    }
  }

  private send(event: string, data: unknown): void {
    this.wire.send({ event, data });
  }

  private record(event: string, data: unknown): void {
    this.log.push({ event, data });
    if (this.log.length > MAX_RECEIVED) this.log.splice(0, this.log.length - MAX_RECEIVED);
  }

  private ignore(reason: string): void {
    this.problems.push(reason);
    if (this.problems.length > 100) this.problems.shift();
  }
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
