'use strict';
/**
 * Before the release build's RequireJS optimizer runs: src/js/main.js loads the toolbar (root) only once it has
 * chosen the agent's language, from inside a require() callback, which the optimizer does not follow
 * (findNestedDependencies is off by default: https://github.com/requirejs/r.js/blob/master/build/example.build.js).
 * Naming root here puts it and everything it loads into the bundle, as before.
 */
module.exports = async function (context) {
  const requireJs = context.requireJs;
  requireJs.include = [...(requireJs.include ?? []), 'root'];
  return context;
};
