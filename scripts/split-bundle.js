/**
 * Splits the release bundle in two, so that the toolbar's link to Fusion does not wait for its view:
 *   js/bundle.js        the core: main.js's own code and every module the link to Fusion and the vendor needs
 *                       (what src/js/main.js requires but the view, and what the parts scripts/lazy-bundles.js made
 *                       need of the bundle, with all they load), about a quarter of it
 *   js/view-<hash>.js   the view: root.ts with JET, Preact and the Redwood components, everything else the release
 *                       optimizer put in js/bundle.js; main.js asks for it as soon as the link has started
 * The optimizer's output is a list of top-level statements, each defining named modules (define('id', [deps], …));
 * they are parted here as they are, byte for byte, so what runs is what the optimizer built (the CSS it inlined is
 * already in css/app.css: scripts/component-styles.js). The view is declared to RequireJS with its
 * `bundles` configuration (https://requirejs.org/docs/api.html#config-bundles) at the end of js/bundle.js:
 * main.js's require() of root then fetches it. index.html does not preload it: the view's download, its compilation
 * and its run then came while the core arrived and the link to Fusion ran, on the same cores; without the preload
 * (and with main.js's one require() for the language and the link), Fusion had the toolbar's first agent state 56 ms
 * sooner and the view was shown 46 ms later (24 paired loads; the README's "What limits them", "The view after the
 * link").
 * main.js runs the core's modules before it sets the agent's language (ojL10n's locale), so the core may load no
 * translation bundle; the view's are loaded in that language.
 * Usage: require('./split-bundle').splitBundle(webDir), by the after_build hook for release builds, after
 * scripts/lazy-bundles.js (whose parts exclude every module of the whole bundle), scripts/redwood-subset.js (which
 * reads the whole bundle) and scripts/component-styles.js, and before js/bundle.js is named after its content.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const acorn = require('acorn');
const { contentName } = require('./hash-release-assets');
const { isStyleInjection } = require('./component-styles');

/** The name the optimizer gives main.js's module (after the bundle, `${name}-temp`); its code comes just before it. */
const MAIN_MODULE = 'bundle-temp';
/** What main.js requires once the link to Fusion is up: the view. Everything else it requires is the core's. */
const VIEW_ENTRY = 'root';
/** JET's translation bundle plugin (ojL10n!…), which reads the locale main.js configures. */
const TRANSLATIONS_PLUGIN = 'ojL10n';
/** Module ids RequireJS provides itself, never defined in a bundle. */
const BUILT_IN = new Set(['require', 'exports', 'module']);

/** Every node of an ESTree tree, depth first. */
function* nodesOf(node) {
  if (node === null || typeof node !== 'object') return;
  if (typeof node.type === 'string') yield node;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'range') continue;
    if (Array.isArray(value)) for (const item of value) yield* nodesOf(item);
    else if (value !== null && typeof value === 'object') yield* nodesOf(value);
  }
}

/**
 * The define() calls of a statement: [{ id, deps }]. The optimizer names every module it writes, a UMD library's too
 * (define('preact', …) inside the library's own wrapper); a define() without a name could not be placed, and is refused.
 */
function definesIn(statement, source) {
  const found = [];
  for (const node of nodesOf(statement)) {
    if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'define') continue;
    const [first, second] = node.arguments;
    if (!first || first.type !== 'Literal' || typeof first.value !== 'string') {
      const excerpt = source.slice(node.start, Math.min(node.end, node.start + 120));
      throw new Error(`split-bundle: a define() without a module id in js/bundle.js: ${excerpt}`);
    }
    const deps = second && second.type === 'ArrayExpression' ? second.elements.filter((e) => e && e.type === 'Literal' && typeof e.value === 'string').map((e) => e.value) : [];
    found.push({ id: first.value, deps });
  }
  return found;
}

/** requirejs.config({bundles: …}), as scripts/lazy-bundles.js appends it. */
function isBundlesConfig(statement) {
  const call = statement.type === 'ExpressionStatement' ? statement.expression : null;
  return (
    call?.type === 'CallExpression' &&
    call.callee.type === 'MemberExpression' &&
    call.callee.object.name === 'requirejs' &&
    call.callee.property.name === 'config' &&
    call.arguments[0]?.type === 'ObjectExpression' &&
    call.arguments[0].properties.every((p) => p.key?.name === 'bundles')
  );
}

/** The module ids of the literal require([...]) calls in some statements, as RequireJS names them from the base URL. */
function requiredIn(statements) {
  const ids = [];
  for (const statement of statements) {
    for (const node of nodesOf(statement)) {
      if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || !['require', 'requirejs'].includes(node.callee.name)) continue;
      const [first] = node.arguments;
      if (first?.type !== 'ArrayExpression') continue;
      for (const element of first.elements) if (element?.type === 'Literal' && typeof element.value === 'string') ids.push(path.posix.normalize(element.value));
    }
  }
  return ids;
}

/** The parts' names in a requirejs.config({bundles: {name: [ids]}}) statement. */
function partsIn(statement) {
  return statement.expression.arguments[0].properties.flatMap((property) => property.value.properties.map((part) => (part.key.type === 'Literal' ? part.key.value : part.key.name)));
}

/** A module id relative to the module that asks ('./x', '../x') as RequireJS names it. */
function resolve(id, from) {
  if (!id.startsWith('./') && !id.startsWith('../')) return id;
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), id));
}

/**
 * What a plugin's resource ('css!x.css', 'ojL10n!resources/nls/x') is in the bundle: the plugin, and the module its
 * builder wrote, named as the resource with or without the plugin's prefix and the file's extension (require-css
 * writes define('css!x'), JET's ojL10n define('resources/nls/x')). Those the bundle does not define are skipped.
 */
function pluginModules(plugin, resource) {
  const bare = resource.replace(/\.(css|js)$/, '');
  return [plugin, `${plugin}!${resource}`, `${plugin}!${bare}`, resource, bare];
}

/** The modules `entries` load, transitively, among those the bundle defines (the others are files of their own). */
function closure(entries, depsOf) {
  const seen = new Set();
  const stack = [...entries];
  while (stack.length > 0) {
    const id = stack.pop();
    if (seen.has(id) || !depsOf.has(id)) continue;
    seen.add(id);
    for (const dep of depsOf.get(id)) {
      if (BUILT_IN.has(dep)) continue;
      const bang = dep.indexOf('!');
      // A plugin's resource is relative to the module that asks, as a module id is ('css!./x.css').
      if (bang > 0) stack.push(...pluginModules(resolve(dep.slice(0, bang), id), resolve(dep.slice(bang + 1), id)));
      else stack.push(resolve(dep, id));
    }
  }
  return seen;
}

function splitBundle(webDir) {
  const jsDir = path.join(webDir, 'js');
  const bundlePath = path.join(jsDir, 'bundle.js');
  const source = fs.readFileSync(bundlePath, 'utf8');
  const program = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script' });
  // The optimizer separates files with `;`, which the parts' own separators replace.
  const statements = program.body.filter((statement) => statement.type !== 'EmptyStatement').map((statement) => ({ statement, defines: definesIn(statement, source) }));
  const depsOf = new Map();
  for (const { defines } of statements) for (const { id, deps } of defines) depsOf.set(id, deps);
  // The core's entries: main.js, what it requires but the view, and what the parts loaded when needed
  // (scripts/lazy-bundles.js) need of this bundle, since one may load before the view (Amazon's handler, the sign-in).
  const mainAt = statements.findIndex(({ defines }) => defines.some(({ id }) => id === MAIN_MODULE));
  if (mainAt < 0) throw new Error(`split-bundle: js/bundle.js does not define ${MAIN_MODULE} (main.js)`);
  let mainFrom = mainAt;
  while (mainFrom > 0 && (statements[mainFrom - 1]?.defines.length ?? 1) === 0) mainFrom -= 1;
  const required = requiredIn(statements.slice(mainFrom, mainAt).map(({ statement }) => statement));
  if (!required.includes(VIEW_ENTRY)) throw new Error(`split-bundle: main.js does not require ${VIEW_ENTRY}: the view would never load`);
  const partDeps = statements
    .filter(({ statement }) => isBundlesConfig(statement))
    .flatMap(({ statement }) => partsIn(statement))
    .flatMap((part) => {
      const partSource = fs.readFileSync(path.join(jsDir, `${part}.js`), 'utf8');
      const partProgram = acorn.parse(partSource, { ecmaVersion: 'latest', sourceType: 'script' });
      return partProgram.body.flatMap((statement) => definesIn(statement, partSource)).flatMap(({ id, deps }) => deps.map((dep) => resolve(dep, id)));
    });
  const coreEntries = [MAIN_MODULE, ...required.filter((id) => id !== VIEW_ENTRY), ...partDeps.filter((id) => depsOf.has(id))];
  for (const entry of [...coreEntries, VIEW_ENTRY]) {
    if (!depsOf.has(entry)) throw new Error(`split-bundle: js/bundle.js does not define ${entry}, which main.js requires`);
  }
  const core = closure(coreEntries, depsOf);
  if (core.has(VIEW_ENTRY)) throw new Error(`split-bundle: the core loads ${VIEW_ENTRY}: something it imports imports the view`);
  const translated = [...core].filter((id) => depsOf.get(id).some((dep) => dep.startsWith(`${TRANSLATIONS_PLUGIN}!`)));
  if (translated.length > 0) {
    throw new Error(`split-bundle: the core loads translation bundles (${translated.join(', ')}), which main.js runs before it sets the agent’s language`);
  }
  const view = closure([VIEW_ENTRY], depsOf);
  const neither = [...depsOf.keys()].filter((id) => !core.has(id) && !view.has(id));
  if (neither.length > 0) throw new Error(`split-bundle: js/bundle.js defines modules neither the core nor the view loads: ${neither.join(', ')}`);

  const coreParts = [];
  const viewParts = [];
  const viewIds = [];
  const lastDefine = statements.findLastIndex(({ defines }) => defines.length > 0);
  // A statement that defines nothing goes with the next one that does: a module file's prologue (TypeScript's helpers)
  // with its module, main.js's code with its define("bundle-temp"). After the last define() comes what the build
  // appended: the lazy parts' `bundles` configuration.
  let pending = [];
  statements.forEach(({ statement, defines }, index) => {
    const text = source.slice(statement.start, statement.end);
    if (index > lastDefine) {
      if (isBundlesConfig(statement)) coreParts.push(text);
      else if (isStyleInjection(text)) {
        throw new Error('split-bundle: js/bundle.js still injects the components’ style sheets; scripts/component-styles.js moves them to css/app.css first');
      } else throw new Error(`split-bundle: js/bundle.js ends with a statement it does not know: ${text.slice(0, 120)}`);
      return;
    }
    if (defines.length === 0) {
      pending.push(text);
      return;
    }
    const inCore = defines.some(({ id }) => core.has(id));
    if (inCore && defines.some(({ id }) => !core.has(id))) {
      throw new Error(`split-bundle: one statement defines modules of both parts: ${defines.map(({ id }) => id).join(', ')}`);
    }
    (inCore ? coreParts : viewParts).push(...pending, text);
    pending = [];
    if (!inCore) viewIds.push(...defines.map(({ id }) => id));
  });
  const viewSource = viewParts.join('\n;') + '\n';
  const viewName = contentName('view.js', viewSource).replace(/\.js$/, '');
  fs.writeFileSync(path.join(jsDir, `${viewName}.js`), viewSource);
  const coreSource = `${coreParts.join('\n;')}\n;requirejs.config({bundles:${JSON.stringify({ [viewName]: viewIds })}});\n`;
  fs.writeFileSync(bundlePath, coreSource);
  return { core: { file: 'js/bundle.js', bytes: Buffer.byteLength(coreSource), modules: core.size }, view: { file: `js/${viewName}.js`, bytes: Buffer.byteLength(viewSource), modules: viewIds.length } };
}

module.exports = { splitBundle, VIEW_ENTRY };
