/**
 * Cuts the release build's Redwood theme to what the toolbar uses. index.html links JET's two theme files,
 * css/redwood/<v>/web/redwood.min.css (about 900 KB) and css/theme-redwood/<v>/web/theme.css (about 120 KB), for a
 * toolbar that uses a handful of oj-* classes, the --oj-* variables of its own style sheet, and the variables and
 * classes that the Core Pack buttons (oj-c-button, oj-c-toggle-button) name from the release bundle; parsing the whole
 * theme is tens of milliseconds of main-thread work on every cold load. PurgeCSS keeps the rules whose selectors name
 * a word found in index.html, the bundle or the toolbar's style sheet, and writes them as css/redwood-subset.css, which
 * then replaces the two theme <link>s; scripts/hash-release-assets.js (run next) names it after its content.
 *
 * The full theme files stay in the output: test/e2e/redwoodSubset.https.e2e.ts puts them back in place of the subset
 * and checks that every element of the toolbar is styled exactly as before.
 *
 * Options (https://purgecss.com/configuration.html):
 * - the two theme files are given as one raw input, in the order index.html links them, so that a variable defined in
 *   one and used in the other is seen as used;
 * - variables: drop the custom properties nothing uses. PurgeCSS sees only the var() uses inside the CSS it purges,
 *   while the bundle carries the Core Pack components' own CSS (inlined by require-css) that uses many more, so every
 *   --name written in the content files is safelisted (safelist.variables). PurgeCSS 8.0.0 keeps a safelisted
 *   variable's declaration but not the variables its value refers to (--oj-core-success-3 is
 *   rgb(var(--oj-palette-success-rgb-120)), and the palette went: the toolbar's link dot lost its colour), and follows
 *   a chain only as far as the order of declarations lets it. So the safelist is closed here instead: a first pass
 *   without `variables` cuts the rules; every variable named by the content or by a var() in a kept rule, and every
 *   variable their declarations refer to, transitively, is safelisted; a second pass drops the other variables;
 * - fontFace, keyframes: drop the @font-face and @keyframes nothing names.
 * JET reads some rules by class name (.oj-theme-json, .oj-focus-config): the bundle names them, so they are kept.
 *
 * Usage: await require('./redwood-subset').redwoodSubset(webDir), run by the after_build hook for release builds. It
 * throws, failing the build, when index.html does not link the theme, the bundle or the app's style sheet as expected,
 * rather than ship the full theme unnoticed.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { PurgeCSS } = require('purgecss');

/** The subset, as index.html refers to it (hash-release-assets.js renames it). */
const SUBSET = 'css/redwood-subset.css';
/** The ids ojet's injector gives the two theme <link>s, in the order they are linked. */
const THEME_LINK_IDS = ['basestyles', 'themestyle'];

/** The tag, and the path in href, of the one element of `html` that `pattern` matches; throws if not exactly one. */
function findOne(html, pattern, what) {
  const found = [...html.matchAll(pattern)];
  if (found.length !== 1) throw new Error(`redwood-subset: index.html should have one ${what}, found ${found.length}`);
  return { tag: found[0][0], href: found[0].groups.href };
}

/** The file at `relative` under webDir, which must exist. */
function readWeb(webDir, relative, what) {
  const file = path.join(webDir, relative);
  if (!fs.existsSync(file)) throw new Error(`redwood-subset: index.html links ${relative} (${what}), which the build did not write`);
  return fs.readFileSync(file, 'utf8');
}

/**
 * A theme file's relative url()s (its fonts and images, next to it) rewritten relative to css/, where the subset is
 * written. data:, fragment (#id), absolute and rooted addresses stay as they are.
 */
function rebaseUrls(css, fromDir) {
  return css.replace(/url\(\s*(["']?)([^"')]+)\1\s*\)/g, (whole, quote, address) => {
    if (/^(?:[a-z][a-z0-9+.-]*:|#|\/)/i.test(address)) return whole;
    return `url(${quote}${path.posix.join(fromDir, address)}${quote})`;
  });
}

const VARIABLE_NAME = /--[A-Za-z0-9_-]+/g;
/**
 * A custom property's declaration, its name and its value: after { or ; (not a class name such as .a--b:hover), up to
 * the next ; or } outside quotes (a JSON value may hold them).
 */
const VARIABLE_DECLARATION = /(?<=[{;]\s*)(--[A-Za-z0-9_-]+)\s*:((?:[^;}'"]|'[^']*'|"[^"]*")*)/g;
const VARIABLE_USE = /var\(\s*(--[A-Za-z0-9_-]+)/g;

/**
 * The variables `css` needs: those named in `named` or by a var() outside a variable's declaration (in a rule's own
 * properties), and, transitively, those that the declarations of needed variables refer to.
 */
function variablesNeeded(css, named) {
  const refersTo = new Map();
  for (const [, name, value] of css.matchAll(VARIABLE_DECLARATION)) {
    const uses = refersTo.get(name) ?? new Set();
    for (const [, used] of value.matchAll(VARIABLE_USE)) uses.add(used);
    refersTo.set(name, uses);
  }
  const outsideDeclarations = css.replace(VARIABLE_DECLARATION, '');
  const needed = new Set([...named, ...[...outsideDeclarations.matchAll(VARIABLE_USE)].map(([, used]) => used)]);
  for (const name of needed) for (const used of refersTo.get(name) ?? []) needed.add(used);
  return [...needed];
}

/** Kilobytes of 1,024 bytes, as the README counts them; one decimal under 10. */
const kb = (bytes) => `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
const brotli = (text) => zlib.brotliCompressSync(Buffer.from(text)).length;

async function redwoodSubset(webDir) {
  const indexPath = path.join(webDir, 'index.html');
  let index = fs.readFileSync(indexPath, 'utf8');

  const links = THEME_LINK_IDS.map((id) =>
    findOne(index, new RegExp(`<link\\b[^>]*\\bhref="(?<href>css/[^"]+\\.css)"[^>]*\\bid="${id}"[^>]*>`, 'g'), `theme <link id="${id}">`),
  );
  // The content: what index.html itself loads, under the names it uses (before or after hash-release-assets).
  const bundle = findOne(index, /<script\b[^>]*\bsrc=(["'])(?<href>js\/bundle[^"']*\.js)\1[^>]*>/g, 'release bundle <script>');
  const appCss = findOne(index, /<link\b[^>]*\bhref=(["'])(?<href>css\/app[^"']*\.css)\1[^>]*>/g, "toolbar's style sheet <link>");
  const content = [
    { raw: index, extension: 'html' },
    { raw: readWeb(webDir, bundle.href, 'the release bundle'), extension: 'js' },
    { raw: readWeb(webDir, appCss.href, "the toolbar's style sheet"), extension: 'css' },
  ];

  const theme = links
    .map(({ href }) => rebaseUrls(readWeb(webDir, href, 'a Redwood theme file'), path.posix.relative('css', path.posix.dirname(href))))
    .join('\n');
  const contentVariables = content.flatMap(({ raw }) => raw.match(VARIABLE_NAME) ?? []);

  const purge = async (css, options) => (await new PurgeCSS().purge({ content, css: [{ raw: css }], fontFace: true, keyframes: true, ...options }))[0].css;
  const rules = await purge(theme, { variables: false });
  const subset = await purge(rules, { variables: true, safelist: { variables: variablesNeeded(rules, contentVariables) } });
  if (!/\.oj-theme-json\b/.test(subset)) throw new Error('redwood-subset: the subset lost .oj-theme-json, which JET reads');
  fs.writeFileSync(path.join(webDir, SUBSET), subset);

  // One link in place of the two: the first's place, the second's line removed.
  index = index.replace(links[0].tag, `<link rel="stylesheet" href="${SUBSET}" id="redwoodstyles" />`);
  index = index.replace(new RegExp(`[ \\t]*${links[1].tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r?\\n?`), '');
  fs.writeFileSync(indexPath, index);

  return { file: SUBSET, replaced: links.map(({ href }) => href), before: { raw: Buffer.byteLength(theme), brotli: brotli(theme) }, after: { raw: Buffer.byteLength(subset), brotli: brotli(subset) } };
}

/** The hook's line: the sizes before and after. */
function describe({ replaced, before, after }) {
  return `Release build: Redwood cut to what the toolbar uses, ${kb(before.raw)} (${kb(before.brotli)} brotli) → ${kb(after.raw)} (${kb(after.brotli)} brotli), in place of ${replaced.join(' and ')}.`;
}

module.exports = { redwoodSubset, describe, SUBSET };
