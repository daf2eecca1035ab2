/// <reference types="amazon-connect-streams" />
/**
 * Frames the CCP with `connect.core.initCCP`, also for the second time in one page (the toolbar stopped the vendor and
 * started it again). Streams' first initCCP makes the page's AmazonConnectProvider (the Amazon Connect SDK's, for
 * apps inside the CCP), and the SDK allows one per page: `terminate()` does not undo it, so a plain second initCCP
 * fails to make another and logs "Attempted to initialize provider more than one time." to the console. Streams takes
 * an existing provider as `params.provider` (https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md#initialization):
 * the page's own is handed back, and pointed at the new frame as Streams does for a provider it made itself.
 * These are Streams internals, not in its typings: each is looked for, not assumed.
 */
import type { Streams } from './streamsLoader';

interface PageProvider {
  setCCPIframe(frame: HTMLIFrameElement): void;
}

interface ProviderData {
  readonly provider?: PageProvider;
  readonly isStreamsProvider?: boolean;
  readonly isACGREnabled?: boolean;
}

interface CoreInternals {
  _amazonConnectProviderData?: ProviderData | null;
}

export function frameCcp(streams: Streams, container: HTMLElement, params: connect.InitCCPOptions): void {
  const core = streams.core as unknown as CoreInternals;
  const earlier = core._amazonConnectProviderData;
  const provider = earlier?.isStreamsProvider && !earlier.isACGREnabled ? earlier.provider : undefined;
  if (!provider || typeof provider.setCCPIframe !== 'function') {
    streams.core.initCCP(container, params);
    return;
  }
  streams.core.initCCP(container, { ...params, provider });
  // Streams binds no frame to a provider it was handed; keep the provider Streams' own, so that a reloaded frame is
  // bound too, and bind the frame just made.
  core._amazonConnectProviderData = earlier;
  const frame = container.querySelector('iframe');
  if (frame) provider.setCCPIframe(frame);
}
