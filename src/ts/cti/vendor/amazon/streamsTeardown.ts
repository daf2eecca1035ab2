/// <reference types="amazon-connect-streams" />
/**
 * Takes a CCP out of the page so that a later initCCP can frame a new one. `connect.core.terminate()` alone leaves
 * Streams' timers running (keep-alive, iframe refresh, CCP load, and anonymous ones that report metrics and the
 * frame's style), and they post through the old conduit; once its frame is gone they throw, or refresh a frame into
 * the page again. So the timers Streams keeps a handle on are stopped, and the old conduit is pointed at nothing
 * before its frame is removed. Streams also starts one-shot timers it keeps no handle on (its start-up metrics a
 * second after the CCP's first answer, the frame's style after ten): they post through `connect.core.getUpstream()`,
 * which throws "There is no upstream conduit!" once terminate() emptied it, so a conduit that posts nowhere stands in
 * until the next initCCP sets its own. These are Streams internals, not in its typings: each is looked for, not
 * assumed.
 */
import type { Streams } from './streamsLoader';

interface KeepaliveInternals {
  synTimer?: ReturnType<typeof setTimeout> | null;
  ackTimer?: ReturnType<typeof setTimeout> | null;
  ackSub?: { unsubscribe(): void } | null;
}

interface CoreInternals {
  keepaliveManager?: KeepaliveInternals | null;
  iframeRefreshTimeout?: ReturnType<typeof setTimeout> | null;
  ccpLoadTimeoutInstance?: ReturnType<typeof setTimeout> | null;
  upstream?: unknown;
  loginWindow?: Window | null;
  iframeRefreshAttempt?: number;
}

const NOWHERE = { postMessage: (): void => undefined };

const NO_SUBSCRIPTION = { unsubscribe: (): void => undefined };

/** The conduit after retirement: what is sent goes nowhere, and nothing ever comes from it. */
const RETIRED_CONDUIT = Object.freeze({
  name: 'RetiredConduit',
  sendUpstream: (): void => undefined,
  sendDownstream: (): void => undefined,
  onUpstream: () => NO_SUBSCRIPTION,
  onDownstream: () => NO_SUBSCRIPTION,
  onAllUpstream: () => NO_SUBSCRIPTION,
  onAllDownstream: () => NO_SUBSCRIPTION,
});

export function retireCcp(streams: Streams, container: HTMLElement): void {
  const core = streams.core as unknown as CoreInternals;
  const keepalive = core.keepaliveManager;
  if (keepalive) {
    if (keepalive.synTimer) clearTimeout(keepalive.synTimer);
    if (keepalive.ackTimer) clearTimeout(keepalive.ackTimer);
    keepalive.ackSub?.unsubscribe();
  }
  if (core.iframeRefreshTimeout) clearTimeout(core.iframeRefreshTimeout);
  if (core.ccpLoadTimeoutInstance) clearTimeout(core.ccpLoadTimeoutInstance);
  core.iframeRefreshTimeout = null;
  core.ccpLoadTimeoutInstance = null;
  // A new CCP gets its own sign-in window and its full count of frame reloads.
  core.loginWindow = null;
  core.iframeRefreshAttempt = 0;
  const stream = (core.upstream as { upstream?: { output?: unknown } } | null | undefined)?.upstream;
  if (stream && 'output' in stream) stream.output = NOWHERE;
  streams.core.terminate();
  core.upstream = RETIRED_CONDUIT;
  for (const frame of Array.from(container.querySelectorAll('iframe'))) frame.remove();
}
