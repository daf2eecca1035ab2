/**
 * Test helpers for the Genesys bridge over real HTTP and WebSocket on loopback: starts bridges, opens sessions with
 * the `ws` client, posts commands with Node's fetch, waits for pushed events (first match, bounded time, no sleeps),
 * and closes everything it opened.
 */
import WebSocket from 'ws';
import type { PushedEvent, PushedEventName } from '../../protocol/bridgeProtocol';
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../protocol/bridgeProtocol';
import { startBridge, type Bridge } from '../../server/src/app';
import type { TelephonyBackend } from '../../server/src/backend/telephonyBackend';
import type { BridgeConfig, ConfigOverrides } from '../../server/src/config';
import { textOf } from '../../server/src/http/frameText';
import type { SimulatorState } from '../../server/src/http/simulatorRoutes';

export const WAIT_MS = 3000;
/** A BridgeOrder stamp as the bridge sends one (protocol/bridgeProtocol.ts). */
export const ANY_ORDER = { bridge: expect.stringMatching(/^[0-9a-f]{16}$/), sequence: expect.any(Number), time: expect.any(Number) };
export const AGENT1_DN = '7001';
export const AGENT2_DN = '7002';

/** Test defaults: any free port, silent logs, calls that ring until someone acts. */
export const TEST_CONFIG: Partial<BridgeConfig> = {
  port: 0,
  logLevel: 'silent',
  simulator: { ringTimeoutMs: null, dialTimeoutMs: null, transferTarget: AGENT2_DN },
};

type Matcher = PushedEventName | ((event: PushedEvent) => boolean);

function matches(matcher: Matcher, event: PushedEvent): boolean {
  return typeof matcher === 'string' ? event.eventName === matcher : matcher(event);
}

function describeMatcher(matcher: Matcher): string {
  return typeof matcher === 'string' ? matcher : 'a matching event';
}

/** A client session: every pushed event in order, consumed by waitFor() from a cursor. */
export class EventStream {
  readonly received: PushedEvent[] = [];
  private cursor = 0;
  private readonly listeners = new Set<() => void>();
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      this.received.push(JSON.parse(textOf(data)) as PushedEvent);
      for (const listener of [...this.listeners]) listener();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code: number, reason: Buffer) => {
        resolve({ code, reason: reason.toString() });
        for (const listener of [...this.listeners]) listener();
      });
    });
  }

  /** Resolves with the first event after the last one waited for that matches; rejects after WAIT_MS. */
  waitFor<N extends PushedEventName>(name: N, where?: (event: Extract<PushedEvent, { eventName: N }>) => boolean): Promise<Extract<PushedEvent, { eventName: N }>>;
  waitFor(matcher: (event: PushedEvent) => boolean): Promise<PushedEvent>;
  waitFor(matcher: Matcher, where?: (event: never) => boolean): Promise<PushedEvent> {
    const test = (event: PushedEvent): boolean =>
      matches(matcher, event) && (where === undefined || (where as (candidate: PushedEvent) => boolean)(event));
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (let index = this.cursor; index < this.received.length; index += 1) {
          if (test(this.received[index])) {
            this.cursor = index + 1;
            resolve(this.received[index]);
            return true;
          }
        }
        return false;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        const seen = this.received.slice(this.cursor).map((event) => event.eventName);
        reject(new Error(`timed out waiting for ${describeMatcher(matcher)}; received since: [${seen.join(', ')}]`));
      }, WAIT_MS);
      const listener = (): void => {
        if (check()) {
          clearTimeout(timer);
          this.listeners.delete(listener);
        }
      };
      this.listeners.add(listener);
    });
  }

  send(frame: string | Buffer | Record<string, unknown>, options: { binary?: boolean } = {}): void {
    const data = typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame);
    this.socket.send(data, { binary: options.binary ?? false });
  }
}

export interface PostResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

export interface RequestOptions {
  readonly token?: string;
  readonly origin?: string;
  readonly contentType?: string;
}

export interface ConnectOptions {
  readonly token?: string;
  readonly origin?: string;
  readonly protocols?: string[];
  /** false: a client that never answers the bridge's pings (a dead peer). */
  readonly autoPong?: boolean;
}

/** Starts bridges and opens sessions for one test, and closes all of them afterwards. */
export class BridgeKit {
  private readonly bridges: Bridge[] = [];
  private readonly sockets: WebSocket[] = [];

  async start(overrides: ConfigOverrides = {}, backend?: TelephonyBackend): Promise<Bridge> {
    const bridge = await startBridge({ ...TEST_CONFIG, ...overrides }, backend ? { backend } : {});
    this.bridges.push(bridge);
    return bridge;
  }

  /** Opens a session as the tutorial's client does (no subprotocol), or with a token as the toolbar does. */
  connect(bridge: Bridge, options: ConnectOptions = {}): Promise<EventStream> {
    const protocols = options.protocols ?? (options.token !== undefined ? [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + options.token] : []);
    const socket = new WebSocket(`${bridge.url.replace(/^http/, 'ws')}/genesysWs`, protocols, {
      ...(options.origin !== undefined ? { origin: options.origin } : {}),
      ...(options.autoPong === false ? { autoPong: false } : {}),
    });
    this.sockets.push(socket);
    const stream = new EventStream(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(stream));
      socket.once('error', reject);
    });
  }

  /** Opens a session and waits for its first frame, the RegisteredEvent snapshot. */
  async connectAndSnapshot(
    bridge: Bridge,
    options: ConnectOptions = {},
  ): Promise<{ stream: EventStream; snapshot: Extract<PushedEvent, { eventName: 'EventRegistered' }> }> {
    const stream = await this.connect(bridge, options);
    const snapshot = await stream.waitFor('EventRegistered');
    return { stream, snapshot };
  }

  /** The status code of a refused upgrade. */
  refusedUpgrade(bridge: Bridge, options: { token?: string; origin?: string; protocols?: string[] } = {}): Promise<number> {
    return this.connect(bridge, options).then(
      () => {
        throw new Error('the upgrade was accepted');
      },
      (error: Error) => {
        const status = /Unexpected server response: (\d+)/.exec(error.message);
        if (!status) throw error;
        return Number(status[1]);
      },
    );
  }

  /**
   * A session whose token the bridge refuses: the upgrade is accepted (a browser could not read its status) and the
   * session closed at once, before any frame, with a close code and the reason. Fails if a frame arrives first.
   */
  async refusedSession(bridge: Bridge, options: ConnectOptions = {}): Promise<{ code: number; reason: string }> {
    const stream = await this.connect(bridge, options);
    const closed = await stream.closed;
    if (stream.received.length > 0) throw new Error(`the refused session was sent ${stream.received.map((event) => event.eventName).join(', ')}`);
    return closed;
  }

  async cleanup(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.sockets.length = 0;
    await Promise.all(this.bridges.map((bridge) => bridge.close()));
    this.bridges.length = 0;
  }
}

/** POST /genesys/events with a command (an object, or a raw body string). */
export async function postCommand(bridge: Bridge, command: Record<string, unknown> | string, options: RequestOptions = {}): Promise<PostResult> {
  const headers: Record<string, string> = { 'Content-type': options.contentType ?? 'application/json' };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  if (options.origin !== undefined) headers.Origin = options.origin;
  const response = await fetch(`${bridge.url}/genesys/events`, {
    method: 'POST',
    headers,
    body: typeof command === 'string' ? command : JSON.stringify(command),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

/** Calls the simulator control API. */
export async function simulator(bridge: Bridge, method: 'GET' | 'POST' | 'DELETE', path: string, body?: Record<string, unknown>): Promise<PostResult> {
  const response = await fetch(`${bridge.url}${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

/**
 * A customer calls a DN (default: the development agent's); resolves the new call's connectionId and eventId. In-process,
 * through Bridge.simulator, so that it works on a secure bridge too (which serves no /simulator/* route).
 */
export async function customerCalls(bridge: Bridge, ani: string, dn?: string): Promise<{ connectionId: string; eventId: string }> {
  const target = dn ?? (await simulatorStateOf(bridge)).devAgentDn;
  if (target === null) throw new Error('name the DN: the bridge has no development agent');
  const { connId, callUuid } = simulatorOf(bridge).customerCalls({ dn: target, ani });
  return { connectionId: connId, eventId: callUuid };
}

export interface StateCall {
  readonly connId: string;
  readonly state: string;
  readonly callType: string;
  readonly userData: Record<string, string>;
}

/** The calls the simulator has at a DN (in-process, as customerCalls). */
export async function callsAt(bridge: Bridge, dn: string): Promise<StateCall[]> {
  const state = await simulatorStateOf(bridge);
  return (state.dns.find((entry) => entry.dn === dn)?.calls ?? []) as unknown as StateCall[];
}

export function simulatorOf(bridge: Bridge): NonNullable<Bridge['simulator']> {
  if (!bridge.simulator) throw new Error('the bridge runs without its simulator');
  return bridge.simulator;
}

function simulatorStateOf(bridge: Bridge): Promise<SimulatorState> {
  if (!bridge.simulatorState) throw new Error('the bridge runs without its simulator');
  return bridge.simulatorState();
}
