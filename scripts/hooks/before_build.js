'use strict';
/**
 * The toolbar's styles are plain CSS over the Redwood theme, so there is no Sass to compile: say so to the
 * tooling, which otherwise warns "Sass compile skipped: sass … is not installed. To install it, run ojet add sass."
 * on every build and sends newcomers chasing a package the project does not need.
 */
module.exports = async function (configObj) {
  if (configObj.opts) configObj.opts.sassCompile = false;
  return configObj;
};
