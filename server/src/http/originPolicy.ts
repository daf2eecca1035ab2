/**
 * Which browser origins may use the bridge: CORS for REST, and the Origin check of WebSocket upgrades (browsers do
 * not apply CORS to WebSockets, so the server must). allowedOrigins always; in development mode also any page
 * served from this machine (the toolbar under `ojet serve`, the Fusion simulator).
 *
 * A request without an Origin header comes from a non-browser client: no web page can be behind it, and the token
 * (secure mode) is what authenticates it, so it is not refused for that.
 */
import type { BridgeConfig } from '../config';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;
  private readonly allowLoopback: boolean;

  constructor(config: Pick<BridgeConfig, 'allowedOrigins' | 'mode'>) {
    this.allowed = new Set(config.allowedOrigins);
    this.allowLoopback = config.mode === 'development';
  }

  /** For an Origin header: absent (non-browser client) or allowed. */
  admits(origin: string | undefined): boolean {
    return origin === undefined || this.isAllowedBrowserOrigin(origin);
  }

  /** For CORS: whether a page of this origin may read the bridge's responses. */
  isAllowedBrowserOrigin(origin: string): boolean {
    if (this.allowed.has(origin)) return true;
    return this.allowLoopback && isLoopbackOrigin(origin);
  }
}

function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname) && url.origin === origin;
}
