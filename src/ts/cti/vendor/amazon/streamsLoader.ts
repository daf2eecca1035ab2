/// <reference types="amazon-connect-streams" />
/**
 * Loads Amazon Connect Streams as the library ships it: a browser script that defines the global `connect`. In the
 * toolbar, RequireJS loads it through the app's path mapping (js/libs/amazon-connect-streams/), and only when the
 * Amazon vendor starts, so other vendors' agents never download it. Tests load it themselves beforehand. A failure
 * rejects with what went wrong, which the handler puts into its own sentence for the agent.
 */
import { say } from '../../core/agentMessages';
import { VendorError } from '../../core/errors';

export type Streams = typeof connect;

type AmdRequire = (modules: string[], loaded: () => void, failed: (err: Error) => void) => void;

const MODULE = 'amazon-connect-streams';

function loaded(): Streams | undefined {
  const candidate = (globalThis as { connect?: Streams }).connect;
  return candidate && typeof candidate.core?.initCCP === 'function' ? candidate : undefined;
}

export function loadStreams(): Promise<Streams> {
  const already = loaded();
  if (already) return Promise.resolve(already);
  const amd = (globalThis as { requirejs?: AmdRequire }).requirejs;
  if (typeof amd !== 'function') return Promise.reject(new VendorError('LINK_DOWN', say('amazonNoModuleLoader')));
  return new Promise((resolve, reject) => {
    amd(
      [MODULE],
      () => {
        const streams = loaded();
        if (streams) resolve(streams);
        else reject(new VendorError('LINK_DOWN', say('amazonStreamsWithoutConnect')));
      },
      (err) => reject(new Error(err?.message ?? 'unknown error')),
    );
  });
}
