'use strict';
/**
 * Before the release build's RequireJS optimizer runs: src/js/main.js loads the toolbar (toolbarApp, then root) only
 * once it has chosen the agent's language, from inside require() callbacks, which the optimizer does not follow
 * (findNestedDependencies is off by default: https://github.com/requirejs/r.js/blob/master/build/example.build.js).
 * Naming them here puts them and everything they load into the bundle.
 */
module.exports = async function (context) {
  const requireJs = context.requireJs;
  requireJs.include = [...(requireJs.include ?? []), 'toolbarApp', 'root'];
  return context;
};
