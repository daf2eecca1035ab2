/**
 * The toolbar's start, as User Timing marks (https://w3c.github.io/user-timing/), in the order they usually come: the
 * link to Fusion (toolbarApp.ts) and the view (root.ts) go on side by side. DevTools' performance panel shows them on
 * its Timings track, so an administrator can see where a slow start spent its time; the load benchmark reports their
 * medians (bench/src/toolbar/milestones.ts). Each is made once per page.
 */
export const LOAD_MARK = {
  /** toolbarApp.ts begins: the core has arrived and run. */
  linkStarted: 'toolbar-link-started',
  /** config/toolbar.json read and valid. */
  configured: 'toolbar-configured',
  /** The UEF client loaded (and the vendor's part, which loads meanwhile). */
  uefLoaded: 'toolbar-uef-loaded',
  /** Fusion's handshake done (initialize, the PHONE channel, the TOOLBAR configuration); the first agent state follows. */
  fusionConnected: 'toolbar-fusion-connected',
  /** root.ts begins: the view's modules (JET, Preact, the Redwood components) have arrived and run. */
  viewStarted: 'toolbar-view-started',
  /** The view up and showing the core's state, JET's components rendered. */
  shown: 'toolbar-shown',
} as const;

export type LoadMark = (typeof LOAD_MARK)[keyof typeof LOAD_MARK];

export function markLoad(mark: LoadMark): void {
  performance.mark(mark);
}
