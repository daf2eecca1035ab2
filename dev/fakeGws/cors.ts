/**
 * CORS for the control API: the development pages on loopback call it from another origin than the fake's (the Fusion
 * simulator's Customer panel, and the toolbar fetching its token as `genesys.tokenUrl`, with `credentials: 'include'`).
 * Only loopback origins are answered, since the control API acts without credentials; any other page gets no CORS
 * headers, so its browser keeps the answer from it. The rules are the Fetch standard's
 * (https://fetch.spec.whatwg.org/#http-cors-protocol): a credentialed request needs the exact origin echoed and
 * `Access-Control-Allow-Credentials: true`; a JSON POST is preflighted with OPTIONS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function loopbackOrigin(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname) && url.origin === origin ? origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets the CORS headers for a loopback page's request, and answers its preflight (true: answered, nothing more to
 * do). A preflight from any other origin is answered without them, which the browser takes as a refusal.
 */
export function applyLoopbackCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Vary', 'Origin');
  const origin = loopbackOrigin(req);
  if (origin !== undefined) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  if (req.method !== 'OPTIONS') return false;
  if (origin !== undefined) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
    res.setHeader('Access-Control-Max-Age', '600');
  }
  req.resume();
  res.writeHead(204).end();
  return true;
}
