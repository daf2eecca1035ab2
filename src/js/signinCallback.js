/**
 * The sign-in window's last page, of the toolbar's own origin: it hands the identity provider's answer (this page's
 * address, with the code and the state) to the toolbar, which checks and exchanges it, then closes the window. It does
 * not close itself: the toolbar, seeing the window closed before the answer reached it, would take the sign-in for
 * abandoned.
 * Two ways, since either may be cut: postMessage to the window that opened this one, addressed to this origin only
 * (a provider's Cross-Origin-Opener-Policy may sever the opener), and a BroadcastChannel of this origin (which does
 * not reach a toolbar framed by another site when the browser partitions storage by top-level site).
 * https://html.spec.whatwg.org/multipage/web-messaging.html#posting-messages
 */
(function () {
  'use strict';
  var message = { type: 'media-toolbar-signin', url: window.location.href };
  if (window.opener && window.opener !== window) {
    try {
      window.opener.postMessage(message, window.location.origin);
    } catch (e) {
      // The opener is gone or elsewhere: the channel below may still reach the toolbar.
    }
  }
  if (typeof BroadcastChannel === 'function') {
    var channel = new BroadcastChannel('media-toolbar-signin');
    channel.postMessage(message);
    channel.close();
  }
  // The code is single-use and now handed over: keep it out of the window's history.
  window.history.replaceState(null, '', window.location.pathname);
  document.getElementById('signin-status').textContent =
    'Returning to the toolbar… If this window stays open, close it and press Sign in in the toolbar again.';
})();
