/// <reference types="amazon-connect-streams" />
/**
 * Takes a CCP out of the page so that a later initCCP can frame a new one. `connect.core.terminate()` alone leaves
 * Streams' timers running (keep-alive, iframe refresh, CCP load, and anonymous ones that report metrics and the
 * frame's style), and they post through the old conduit; once its frame is gone they throw, or refresh a frame into
 * the page again. So the timers Streams keeps a handle on are stopped, and the old conduit is pointed at nothing
 * before its frame is removed. These are Streams internals, not in its typings: each is looked for, not assumed.
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
  upstream?: { upstream?: { output?: unknown } } | null;
  loginWindow?: Window | null;
  iframeRefreshAttempt?: number;
}

const NOWHERE = { postMessage: (): void => undefined };

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
  const stream = core.upstream?.upstream;
  if (stream && 'output' in stream) stream.output = NOWHERE;
  streams.core.terminate();
  for (const frame of Array.from(container.querySelectorAll('iframe'))) frame.remove();
}
