/**
 * WebSocket pings: every interval each session is pinged, and a session that has not answered the previous ping with
 * a pong is dropped (terminated: a peer that does not answer would not answer a closing handshake either). Dead peers
 * (a laptop closed, a network gone) are so found within two intervals instead of being held forever, and the pings
 * keep an idle session from being cut by a proxy's idle timeout (nginx's proxy_read_timeout is 60 s by default:
 * https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout). Browsers answer pings by themselves
 * (RFC 6455, section 5.5.2), so the toolbar needs no code for it. One timer for every session; each sweep goes
 * through the sessions a slice per turn of the event loop, so that events and commands are served between slices
 * (one sweep of 19,744 sessions in a single turn held the loop for 280–390 ms every interval).
 */
import type { WebSocket } from 'ws';

/** Sessions judged in one turn of the event loop: a few milliseconds of pings. */
export const SESSIONS_PER_TURN = 500;

export class Heartbeat {
  /** Each watched socket, and whether it answered since the last ping. */
  private readonly answered = new Map<WebSocket, boolean>();
  private readonly timer: NodeJS.Timeout;
  /** A sweep is under way (a beat that comes during one is skipped: a session must not be judged twice a sweep). */
  private sweeping = false;
  private stopped = false;

  constructor(
    intervalMs: number,
    /** Told of each socket dropped for not answering. */
    private readonly onDead: (socket: WebSocket) => void = () => undefined,
  ) {
    this.timer = setInterval(() => this.beat(), intervalMs);
    // Pings must not keep a closing process alive.
    this.timer.unref();
  }

  watch(socket: WebSocket): void {
    this.answered.set(socket, true);
    socket.on('pong', () => {
      if (this.answered.has(socket)) this.answered.set(socket, true);
    });
    socket.once('close', () => this.answered.delete(socket));
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.answered.clear();
  }

  /**
   * Judged once this turn of the event loop has read what arrived: after the process was busy past a beat, the
   * timer comes first, and pongs waiting on the sockets would otherwise count as not given.
   */
  private beat(): void {
    if (this.sweeping) return;
    this.sweeping = true;
    const sockets = [...this.answered.keys()];
    setImmediate(() => this.judge(sockets, 0));
  }

  private judge(sockets: readonly WebSocket[], from: number): void {
    if (this.stopped) return;
    const to = Math.min(from + SESSIONS_PER_TURN, sockets.length);
    for (let i = from; i < to; i += 1) {
      const socket = sockets[i];
      const answered = this.answered.get(socket);
      if (answered === undefined) continue; // closed since the sweep began
      if (!answered) {
        this.answered.delete(socket);
        this.onDead(socket);
        socket.terminate();
        continue;
      }
      this.answered.set(socket, false);
      // A socket already closing ignores it (ws reports that to a callback, given none here).
      socket.ping();
    }
    if (to < sockets.length) setImmediate(() => this.judge(sockets, to));
    else this.sweeping = false;
  }
}
