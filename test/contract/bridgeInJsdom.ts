/**
 * For tests that run the bridge in-process under jsdom: Node globals that jsdom's window lacks or shapes differently.
 * Imported before the bridge.
 * - TextEncoder/TextDecoder (jose): Node's, but encoding into this realm's Uint8Array, which jose checks with
 *   instanceof (jest runs tests in a realm of their own).
 * - setImmediate (fastify), and timers with unref() (the bridge unrefs its timers; jsdom's handles are numbers).
 */
import * as util from 'util';
import * as timers from 'timers';

class RealmTextEncoder extends util.TextEncoder {
  override encode(input?: string): Uint8Array {
    return new Uint8Array(super.encode(input));
  }
}

const scope = globalThis as unknown as Record<string, unknown>;
const missing: Record<string, unknown> = {
  TextEncoder: RealmTextEncoder,
  TextDecoder: util.TextDecoder,
  setImmediate: timers.setImmediate,
  clearImmediate: timers.clearImmediate,
};
for (const [name, value] of Object.entries(missing)) if (scope[name] === undefined) scope[name] = value;
// Node's timers take the same arguments and clear each other's handles; only their handles differ (objects).
scope.setTimeout = timers.setTimeout;
scope.clearTimeout = timers.clearTimeout;
scope.setInterval = timers.setInterval;
scope.clearInterval = timers.clearInterval;
