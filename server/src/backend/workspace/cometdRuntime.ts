/**
 * The CometD JavaScript client (`cometd`) in Node, with each agent's requests carrying that agent's cookies only.
 *
 * cometd-nodejs-client provides an XMLHttpRequest for Node (https://github.com/cometd/cometd-nodejs-client); its
 * adapt() installs it as the process's global `window.XMLHttpRequest`, with one cookie store for every request of
 * the process. Neither suits a server holding a session per agent: every agent would share one BAYEUX_BROWSER and one
 * session cookie (the CometD server then takes them for tabs of one browser), and a global XMLHttpRequest would
 * replace the one of any page-like environment the bridge runs in (its tests run it beside a browser's). So the
 * long-polling transport is given the agent's own request instead: a transport per agent that sends through
 * cometd-nodejs-client's XMLHttpRequest with a cookie store of the agent's jar (the library's `cookies` option).
 * CometD itself needs only `window`'s timers, which Node gets here when no `window` exists.
 */
import * as cometd from 'cometd';
import { XMLHttpRequest as NodeXMLHttpRequest } from 'cometd-nodejs-client/src/XMLHttpRequest.js';
import type { CookieJar } from './cookieJar';

/** What CometD's LongPollingTransport hands to xhrSend (see its transportSend). */
interface Packet {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
  onSuccess(responseText: string): void;
  onError(reason: string, exception?: unknown): void;
}

interface LongPollingTransportClass {
  new (): cometd.Transport & { xhrSend(packet: Packet): unknown };
}

/** CometD exports the class at run time; its typings do not declare it. */
const LongPollingTransport = (cometd as unknown as { LongPollingTransport: LongPollingTransportClass }).LongPollingTransport;

/** Gives CometD the `window` it takes its timers from, in a process that has none. */
export function ensureCometdRuntime(): void {
  const scope = globalThis as { window?: unknown };
  if (scope.window === undefined) scope.window = { setTimeout, clearTimeout, console };
}

/** A long-polling transport whose requests carry one agent's cookies and keep the cookies the server sets for them. */
export function agentTransport(jar: CookieJar): cometd.Transport {
  const cookies = {
    storeCookie: (_uri: unknown, header: string, callback: (failure: Error | null, cookie: unknown) => void) => {
      jar.store(header);
      callback(null, null);
    },
    retrieveCookies: (_context: unknown, _uri: unknown, callback: (failure: Error | null, cookies: string[]) => void) => callback(null, jar.pairs()),
  };
  class AgentLongPolling extends LongPollingTransport {
    override xhrSend(packet: Packet): NodeXMLHttpRequest {
      const request = new NodeXMLHttpRequest({ cookies });
      request.open('POST', packet.url);
      for (const [name, value] of Object.entries(packet.headers ?? {})) request.setRequestHeader(name, value);
      request.setRequestHeader('Content-Type', 'application/json');
      request.onload = () => (request.status === 200 ? packet.onSuccess(request.responseText) : packet.onError(request.statusText));
      request.onerror = () => packet.onError(request.statusText);
      request.send(packet.body);
      return request;
    }
  }
  return new AgentLongPolling();
}
