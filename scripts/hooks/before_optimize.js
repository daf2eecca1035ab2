'use strict';
/**
 * Before the release build's RequireJS optimizer runs: src/js/main.js loads the view (root) only once it has chosen the
 * agent's language, from inside a require() callback, which the optimizer does not follow (findNestedDependencies is
 * off by default: https://github.com/requirejs/r.js/blob/master/build/example.build.js). Naming it here, with the link
 * to Fusion (toolbarApp), puts them and everything they load into the bundle.
 */
module.exports = async function (context) {
  const requireJs = context.requireJs;
  requireJs.include = [...(requireJs.include ?? []), 'toolbarApp', 'root'];
  return context;
};
