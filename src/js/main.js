/**
 * @license
 * Copyright (c) 2014, 2025, Oracle and/or its affiliates.
 * Licensed under The Universal Permissive License (UPL), Version 1.0
 * as shown at https://oss.oracle.com/licenses/upl/
 * @ignore
 */
'use strict';

/**
 * Example of Require.js boostrap javascript
 */


(function () {
    // Fusion frames the toolbar from another site. A browser that blocks third-party storage (Chromium does with
    // third-party cookies blocked) throws on any read of window.sessionStorage there, and JET 19 reads it unguarded
    // whenever a component registers a busy state, so no oj-c component would render. JET uses sessionStorage
    // only for debug switches; an in-memory stand-in keeps the toolbar working and stores nothing.
    try {
      void window.sessionStorage;
    } catch (blocked) {
      var values = new Map();
      var memoryStorage = {
        get length() { return values.size; },
        key: function (i) { var keys = Array.from(values.keys()); return i >= 0 && i < keys.length ? keys[i] : null; },
        getItem: function (k) { return values.has(String(k)) ? values.get(String(k)) : null; },
        setItem: function (k, v) { values.set(String(k), String(v)); },
        removeItem: function (k) { values.delete(String(k)); },
        clear: function () { values.clear(); }
      };
      Object.defineProperty(window, 'sessionStorage', { value: memoryStorage, configurable: true });
    }

    // The "oj_whenReady" global variable enables a strategy that the busy context whenReady,
    // will implicitly add a busy state, until the application calls applicationBootstrapComplete
    // on the busy state context.
    window["oj_whenReady"] = true;

    requirejs.config(
    {
      baseUrl: 'js',

      paths:
      /* DO NOT MODIFY
      ** All paths are dynamicaly generated from the path_mappings.json file.
      ** Add any new library dependencies in path_mappings json file
      */
      // injector:mainReleasePaths
      {
        'ojs': 'libs/oj/19.0.0/debug',
        'ojL10n': 'libs/oj/19.0.0/ojL10n',
        'ojtranslations': 'libs/oj/19.0.0/resources',
          'knockout': 'libs/knockout/knockout-3.5.1.debug',
  'jquery': 'libs/jquery/jquery-3.7.1',
  'jqueryui-amd': 'libs/jquery/jqueryui-amd-1.14.1',
  'text': 'libs/require/text',
  'hammerjs': 'libs/hammer/hammer-2.0.8',
  'signals': 'libs/js-signals/signals',
  'ojdnd': 'libs/dnd-polyfill/dnd-polyfill-1.0.2',
  'css': 'libs/require-css/css.min',
  'css-builder': 'libs/require-css/css-builder',
  'normalize': 'libs/require-css/normalize',
  '@oracle/oraclejet-preact': 'libs/oraclejet-preact/amd',
  'preact': 'libs/preact/dist/preact.umd',
  'preact/hooks': 'libs/preact/hooks/dist/hooks.umd',
  'preact/compat': 'libs/preact/compat/dist/compat.umd',
  'preact/jsx-runtime': 'libs/preact/jsx-runtime/dist/jsxRuntime.umd',
  'proj4': 'libs/proj4js/dist/proj4-src',
  'touchr': 'libs/touchr/touchr'
  ,
        'chai': 'libs/chai/chai-4.5.0',
      }
      // endinjector
    }
  );
}());

/**
 * Start the toolbar in the agent's language. The choice is i18n/language.js's (compiled from src/ts/i18n/language.ts,
 * where it is tested): the URL's ?lang=, else the browser's languages, else English. It is made before anything loads
 * a translation bundle, so that the toolbar's bundles and JET's own strings (ojL10n reads its locale from this
 * configuration) are in that language, and the page's lang says so.
 * First the link to Fusion and the vendor (toolbarApp), which needs none of the view's modules and loads no
 * translation bundle (the release build refuses a core that does: scripts/split-bundle.js), so it comes in the same
 * require() as the language: the configuration, the UEF client and Fusion's handshake then go on while the view's
 * modules (JET, Preact, the Redwood components) arrive, run and render (root). The release build bundles both through
 * scripts/hooks/before_optimize.js, as the optimizer does not follow a require() nested in a callback, and then parts
 * them (scripts/split-bundle.js: the link in js/bundle.js, the view in js/view-<hash>.js, fetched by the require() of
 * root), so that the link starts before the view has arrived.
 */
function start(chosen, app) {
  document.documentElement.lang = chosen;
  requirejs.config({ config: { ojL10n: { locale: chosen } } });
  var started = app.startToolbar();
  require(['./root'], function (root) { root.showToolbar(started); }, function (err) {
    notLoaded(err);
    // The link to Fusion runs, but there is no view to answer a call in: once the vendor is connected, the agent is
    // made not available, so that no call is offered to a toolbar the agent cannot see.
    started.then(function (start) {
      if (!start.ok) return;
      start.stopped.then(function () { return start.core.setAvailability(false, 'toolbar'); });
    });
  });
}

/**
 * A file the toolbar needs did not load (the server, a proxy, a deployment missing a file): say so on the page rather
 * than leave the agent an empty frame. In English: the translations may be what did not load.
 */
function notLoaded(err) {
  var what = err && err.requireModules ? err.requireModules.join(', ') : String(err);
  console.error('[toolbar] could not load ' + what, err);
  var line = document.createElement('p');
  line.className = 'toolbar-load-error';
  line.setAttribute('role', 'alert');
  line.textContent = 'The toolbar could not load (' + what + '). Reload the page; if this stays, tell your administrator.';
  document.body.insertBefore(line, document.body.firstChild);
}

require(
  ['i18n/language', './toolbarApp'],
  function (language, app) {
    start(language.chooseLanguage(window.location.search, navigator.languages && navigator.languages.length > 0 ? navigator.languages : [navigator.language]), app);
  },
  notLoaded
);
