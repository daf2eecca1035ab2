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
  // The page's two lines in the toolbar's languages (as resources/nls/*/callMessages): the toolbar's own language
  // when its window is still the opener (same origin), else the browser's first supported one.
  var WORDS = {
    en: { signingIn: 'Signing in…', returning: 'Returning to the toolbar… If this window stays open, close it and press Sign in in the toolbar again.' },
    de: { signingIn: 'Anmeldung läuft…', returning: 'Zurück zur Symbolleiste… Wenn dieses Fenster geöffnet bleibt, schließen Sie es und klicken Sie in der Symbolleiste erneut auf „Anmelden“.' },
    ja: { signingIn: 'サインインしています…', returning: 'ツールバーに戻っています… このウィンドウが開いたままの場合は、閉じてからツールバーでもう一度「サインイン」をクリックしてください。' },
  };
  function languageOf(tag) {
    var primary = String(tag || '').toLowerCase().split(/[-_]/)[0];
    return Object.prototype.hasOwnProperty.call(WORDS, primary) ? primary : null;
  }
  function chosenLanguage() {
    try {
      var toolbar = window.opener && window.opener !== window ? languageOf(window.opener.document.documentElement.lang) : null;
      if (toolbar) return toolbar;
    } catch (e) {
      // The opener is of another origin, or gone: the browser's languages decide.
    }
    var tags = navigator.languages || [navigator.language];
    for (var i = 0; i < tags.length; i++) {
      if (languageOf(tags[i])) return languageOf(tags[i]);
    }
    return 'en';
  }
  var language = chosenLanguage();
  var words = WORDS[language];
  document.documentElement.lang = language;
  document.title = words.signingIn;
  var status = document.getElementById('signin-status');
  status.textContent = words.signingIn;
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
  status.textContent = words.returning;
})();
