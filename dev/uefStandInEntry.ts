/**
 * The script the toolbar loads instead of Oracle's UEF client when it runs inside the Fusion simulator
 * (built to web/dev/uef-standin.js). It defines CX_SVC_UI_EVENTS_FRAMEWORK, talking to the parent window, whose
 * origin the simulator passes in `oraParentFrame` (the parameter Fusion itself uses for that).
 */
import type { UefGlobal } from '../src/ts/cti/fusion/uef';
import { createWindowPort, httpOrigin } from './transport';
import { createUefStandIn } from './uefStandIn';

(() => {
  const param = new URLSearchParams(window.location.search).get('oraParentFrame');
  const parentOrigin = httpOrigin(param);
  if (!parentOrigin) {
    console.error(
      `[uef-standin] not starting: the query parameter oraParentFrame must be the http(s) origin of the Fusion simulator page, got ${JSON.stringify(param)}`,
    );
    return;
  }
  // A development tool: only a simulator page on this machine may play Fusion, never a site that frames the toolbar.
  const host = new URL(parentOrigin).hostname;
  if (host !== 'localhost' && host !== '127.0.0.1' && host !== '[::1]') {
    console.error(`[uef-standin] not starting: oraParentFrame ${parentOrigin} is not a loopback origin`);
    return;
  }
  if (window.parent === window) {
    console.error('[uef-standin] not starting: the toolbar is not framed; open simulator.html instead');
    return;
  }
  const port = createWindowPort(window.parent, parentOrigin, window);
  (window as unknown as { CX_SVC_UI_EVENTS_FRAMEWORK?: UefGlobal }).CX_SVC_UI_EVENTS_FRAMEWORK = createUefStandIn(port);
})();
