'use strict';
/**
 * After every build: a development build gets the Fusion simulator, the UEF stand-in and the CCP emulator
 * (web/simulator.html, web/ccp-emulator.html, web/dev/); a release build must not carry them, so they are removed
 * from its output, the parts the toolbar loads only when it needs them get a file each (scripts/lazy-bundles.js),
 * its Redwood theme is cut to what the toolbar uses (scripts/redwood-subset.js), its module loader is minified
 * (scripts/minify-loader.js), the Core Pack components' CSS goes to its style sheet (scripts/component-styles.js), the bundle is parted into the link to Fusion and the view (scripts/split-bundle.js),
 * and its own entry points, that cut theme among them, are named after their content
 * (scripts/hash-release-assets.js).
 */
const path = require('path');
const fs = require('fs');
const { buildDevTools } = require('../build-dev-tools');
const { hashReleaseAssets } = require('../hash-release-assets');
const { buildLazyBundles } = require('../lazy-bundles');
const { splitBundle } = require('../split-bundle');
const { moveComponentStyles } = require('../component-styles');
const { redwoodSubset, describe } = require('../redwood-subset');
const { minifyLoader } = require('../minify-loader');

module.exports = async function (configObj) {
  const webDir = path.resolve(__dirname, '../../web');
  if (configObj.buildType === 'release') {
    fs.rmSync(path.join(webDir, 'dev'), { recursive: true, force: true });
    fs.rmSync(path.join(webDir, 'simulator.html'), { force: true });
    fs.rmSync(path.join(webDir, 'ccp-emulator.html'), { force: true });
    console.log('Release build: development tools left out.');
    // Before js/bundle.js is named after its content: it gets the parts' names.
    const parts = await buildLazyBundles(webDir);
    console.log(`Release build: loaded when needed, ${Object.keys(parts).map((part) => `js/${part}.js`).join(', ')}.`);
    // Before the renaming: the subset is one of the files named after their content.
    console.log(describe(await redwoodSubset(webDir)));
    const loader = minifyLoader(webDir);
    console.log(`Release build: ${loader.path} minified, ${Math.round(loader.before / 1024)} KB → ${Math.round(loader.after / 1024)} KB.`);
    // After the subset, which reads the components' CSS in the bundle for the variables it uses.
    const styles = moveComponentStyles(webDir);
    console.log(`Release build: the Core Pack components' styles (${Math.round(styles / 1024)} KB) moved from js/bundle.js to css/app.css.`);
    // After the parts (they leave out every module of the whole bundle) and the subset (it reads the whole bundle for
    // the classes the components use), before js/bundle.js is named after its content.
    const split = splitBundle(webDir);
    console.log(
      `Release build: js/bundle.js split, the core ${Math.round(split.core.bytes / 1024)} KB (${split.core.modules} modules) and ${split.view.file} ${Math.round(split.view.bytes / 1024)} KB (${split.view.modules}).`,
    );
    const renamed = hashReleaseAssets(webDir);
    console.log(`Release build: ${Object.values(renamed).join(', ')} named after their content.`);
  } else {
    await buildDevTools(webDir);
    console.log('Development tools built: web/simulator.html, web/ccp-emulator.html, web/dev/.');
  }
  return configObj;
};
