'use strict';
/**
 * Before every build (and so every `ojet serve`).
 *
 * The toolbar's styles are plain CSS over the Redwood theme, so there is no Sass to compile: say so to the
 * tooling, which otherwise warns "Sass compile skipped: sass … is not installed. To install it, run ojet add sass."
 * on every build and sends newcomers chasing a package the project does not need.
 */
const { buildOauth4webapiAmd } = require('../build-oauth4webapi');

module.exports = async function (configObj) {
  if (configObj.opts) configObj.opts.sassCompile = false;
  // oauth4webapi as an AMD module, which path_mapping.json then copies like any library (scripts/build-oauth4webapi.js).
  await buildOauth4webapiAmd();
  return configObj;
};
