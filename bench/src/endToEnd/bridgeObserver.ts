/**
 * A WebSocket session of our own on the bridge, beside the toolbar's: without a token the bridge (development mode)
 * takes it for the development agent, whose DN the toolbar uses too, and every session of a DN gets every event of
 * the DN. It is how the benchmark learns the T-Server simulator's stamps (`time`) of EventRinging and EventEstablished.
 */
import WebSocket from 'ws';
import { BRIDGE_PROTOCOL, type PushedEvent } from '../../../protocol/bridgeProtocol';
import { textOf } from '../../../server/src/http/frameText';
import { RecordFeed } from './recordFeed';

const OPEN_TIMEOUT_MS = 10_000;

export class BridgeObserver {
  readonly events = new RecordFeed<PushedEvent>();
  private closedUnexpectedly: string | null = null;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      try {
        this.events.push(JSON.parse(textOf(data)) as PushedEvent);
      } catch {
        // The bridge sends JSON only; a frame that is not is no event of a call, and the call's story will say so.
      }
    });
    socket.on('close', (code: number, reason: Buffer) => {
      this.closedUnexpectedly ??= `the bridge closed the observer's session (${code} ${reason.toString()})`;
    });
  }

  /** Resolves once the session has its first frame, the DN's snapshot: from then on it sees every event. */
  static open(bridgeUrl: string): Promise<BridgeObserver> {
    const url = `${bridgeUrl.replace(/^http/, 'ws')}/genesysWs`;
    const socket = new WebSocket(url, [BRIDGE_PROTOCOL]);
    const observer = new BridgeObserver(socket);
    return observer.events.waitFor((event) => event.eventName === 'EventRegistered', OPEN_TIMEOUT_MS, `the bridge's snapshot on ${url}`).then(
      () => observer,
      (error: unknown) => {
        socket.terminate();
        throw error;
      },
    );
  }

  /** Why the session ended while in use, if it did: then no further event can be seen. */
  get failure(): string | null {
    return this.socket.readyState === WebSocket.OPEN ? null : this.closedUnexpectedly;
  }

  close(): void {
    this.closedUnexpectedly = 'closed by the benchmark';
    this.socket.close();
  }
}
