/**
 * The release build's lazily loaded parts, one file each, so that RequireJS fetches a part with one request:
 *   js/phonenumbers-<hash>.js   libphonenumber-js (the view's formatNumber, at the first international number; and
 *                               Amazon Connect's dialing rules)
 *   js/vendor-amazon-<hash>.js  Amazon Connect's handler and its options (src/ts/cti/vendor/amazon/)
 *   js/signin-<hash>.js         the OpenID and Genesys sign-in flows with oauth4webapi (src/ts/cti/signin/)
 * The toolbar loads them with import() (src/ts/cti/vendor/registry.ts, src/ts/toolbarViewModel.ts), which TypeScript
 * compiles to a require() at run time; RequireJS's optimizer does not follow that (findNestedDependencies is off), so
 * js/bundle.js leaves them out. This runs a second pass of the optimizer for each part, over the release build's own
 * minified modules in web/js, with every module js/bundle.js (or an earlier part) already defines mapped to 'empty:',
 * so no module is in two files. Then it tells RequireJS where each module is, with its `bundles` configuration
 * (https://requirejs.org/docs/api.html#config-bundles), appended to js/bundle.js: a require() of any module of a part
 * fetches the part's file. Each part is named after its content (as js/bundle.js is, scripts/hash-release-assets.js),
 * so that a server may cache it for good (deploy/nginx/toolbar.conf.template); js/bundle.js names the current ones.
 * Usage: await require('./lazy-bundles').buildLazyBundles(webDir), by the after_build hook for release builds, before
 * js/bundle.js is named after its content.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { contentName } = require('./hash-release-assets');
// The optimizer the release build's own pass runs: ojet's copy of r.js, whose parser reads ES2020 (oauth4webapi's
// build); the requirejs package's r.js 2.3.7 does not.
const requirejs = require(path.join(path.dirname(require.resolve('@oracle/oraclejet-tooling')), 'lib', 'rjs', 'r.js'));

/** Each part: its file's name (before the hash), and the modules the toolbar asks for, by RequireJS module id. */
const PARTS = [
  { name: 'phonenumbers', include: ['libphonenumber-js'] },
  { name: 'vendor-amazon', include: ['cti/vendor/amazon/amazonOptions', 'cti/vendor/amazon/amazonVendorHandler'] },
  { name: 'signin', include: ['cti/signin/oidcSignIn', 'cti/signin/gwsSignIn', 'cti/signin/signInWindow'] },
];

/**
 * The release paths of the libraries (src/js/path_mapping.json, which the release build's own pass reads too), as
 * RequireJS paths: without `.js`. Those with a version placeholder (JET's own libraries) are in js/bundle.js, never in
 * a part, and are left out.
 */
function libraryPaths() {
  const { libs } = JSON.parse(fs.readFileSync(path.join(__dirname, '../src/js/path_mapping.json'), 'utf8'));
  return Object.fromEntries(
    Object.entries(libs).flatMap(([id, lib]) => {
      const release = lib.release?.path;
      return typeof release === 'string' && release.endsWith('.js') && !release.includes('#{') ? [[id, release.replace(/\.js$/, '')]] : [];
    }),
  );
}

/** The ids of the modules a file defines, as the optimizer names them: define("id", …). */
function definedIn(source) {
  return [...source.matchAll(/\bdefine\(\s*(["'])([^"']+)\1/g)].map((match) => match[2]);
}

function optimize(config) {
  return new Promise((resolve, reject) => requirejs.optimize(config, resolve, reject));
}

async function buildLazyBundles(webDir) {
  const jsDir = path.join(webDir, 'js');
  const bundlePath = path.join(jsDir, 'bundle.js');
  let bundle = fs.readFileSync(bundlePath, 'utf8');
  const defined = new Set(definedIn(bundle));
  const bundles = {};
  for (const part of PARTS) {
    for (const id of part.include) {
      if (defined.has(id)) throw new Error(`lazy-bundles: ${id} is in js/bundle.js already: something imports it statically`);
    }
    const out = path.join(jsDir, `${part.name}.js`);
    const paths = libraryPaths();
    for (const id of defined) paths[id] = 'empty:';
    await optimize({
      baseUrl: jsDir,
      paths,
      include: part.include,
      out,
      // The modules are minified already, by the release build.
      optimize: 'none',
      logLevel: 4, // silent: a failure rejects
    });
    const source = fs.readFileSync(out, 'utf8');
    const ids = definedIn(source);
    const missing = part.include.filter((id) => !ids.includes(id));
    if (missing.length > 0) throw new Error(`lazy-bundles: ${part.name}.js lacks ${missing.join(', ')}`);
    const hashed = contentName(part.name + '.js', source).replace(/\.js$/, '');
    fs.renameSync(out, path.join(jsDir, `${hashed}.js`));
    bundles[hashed] = ids;
    for (const id of ids) defined.add(id);
  }
  bundle += `\n;requirejs.config({bundles:${JSON.stringify(bundles)}});\n`;
  fs.writeFileSync(bundlePath, bundle);
  return bundles;
}

module.exports = { buildLazyBundles, PARTS };
