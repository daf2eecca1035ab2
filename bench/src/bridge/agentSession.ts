/**
 * One agent's session on the bridge as the load generators open it: the WebSocket with the bridge's subprotocol and
 * the agent's token beside it, from an allowed origin; Ready on the snapshot; ready once EventAgentReady comes. Every
 * frame is stamped on arrival, before it is parsed.
 */
import WebSocket from 'ws';
import { BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../../protocol/bridgeProtocol';
import { textOf } from '../../../server/src/http/frameText';

/** The fields of a pushed event the load generators read. */
export interface PushedFields {
  readonly eventName: string;
  readonly connectionId?: string;
  readonly time?: number;
  readonly referenceId?: number;
  readonly errorMessage?: string;
}

export interface AgentSessionOptions {
  /** The bridge's ws:// URL. */
  readonly url: string;
  /** The bridge's token (simulator backend) or the agent's GWS access token (Workspace backend). */
  readonly token: string;
  readonly origin: string;
  /** A session not ready by then is given up, so that one stuck sign-in cannot stall a step. */
  readonly readyTimeoutMs: number;
  /** The clock frames are stamped with. */
  readonly now: () => number;
  /** The loopback address to connect from (sourceAddresses.ts); the system's choice when absent. */
  readonly localAddress?: string;
}

/** What happens after the agent went Ready. */
export interface AgentSessionHandlers {
  /** Any event but an EventError, with the time it arrived. */
  event(socket: WebSocket, event: PushedFields, receivedAt: number): void;
  eventError(message: string): void;
  closed(code: number, reason: string): void;
}

/** Resolves with the socket once the agent is Ready; rejects (and drops the socket) if they cannot be. */
export function openAgentSession(options: AgentSessionOptions, handlers: AgentSessionHandlers): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${options.url}/genesysWs`, [BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + options.token], {
      origin: options.origin,
      perMessageDeflate: false,
      ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}),
    });
    let ready = false;
    const giveUp = (reason: Error): void => {
      clearTimeout(timer);
      socket.terminate();
      reject(reason);
    };
    const timer = setTimeout(() => giveUp(new Error(`not ready within ${options.readyTimeoutMs} ms`)), options.readyTimeoutMs);
    socket.on('message', (data) => {
      const receivedAt = options.now();
      const event = JSON.parse(textOf(data)) as PushedFields;
      if (!ready) {
        if (event.eventName === 'EventRegistered') socket.send('{"type":"Ready"}');
        else if (event.eventName === 'EventError') giveUp(new Error(`refused before ready: ${event.errorMessage ?? 'EventError'}`));
        else if (event.eventName === 'EventAgentReady') {
          ready = true;
          clearTimeout(timer);
          resolve(socket);
        }
        return;
      }
      if (event.eventName === 'EventError') handlers.eventError(event.errorMessage ?? 'EventError');
      else handlers.event(socket, event, receivedAt);
    });
    socket.on('error', (error) => {
      if (!ready) giveUp(error);
    });
    socket.on('close', (code, reason) => {
      if (!ready) giveUp(new Error(`closed before ready: ${code} ${String(reason)}`));
      else handlers.closed(code, String(reason));
    });
  });
}
