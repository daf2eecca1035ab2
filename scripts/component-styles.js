/**
 * Moves the style sheets of JET's Core Pack components out of the release bundle, to the end of the toolbar's own
 * style sheet, css/app.css.
 * RequireJS's optimizer inlines the CSS the components load through require-css (`css!…`), and require-css's builder
 * appends one statement to the bundle that injects all of it as a <style> element when the bundle runs
 * (https://github.com/guybedford/require-css/blob/master/css-builder.js). In the release build that statement runs
 * with the view (scripts/split-bundle.js), in the middle of the toolbar's handshake with Fusion: its 40 KB of CSS were
 * parsed on the main thread there (about 10 ms in a trace), while Fusion's answers waited. In css/app.css it is parsed
 * while the scripts are still on their way, and needs no 'unsafe-inline' in the policy's style-src. css/app.css is
 * the last style sheet index.html links, and the <style> element went after it: the cascade is the same. Not a file of
 * its own: a seventh request at once would wait for one of the six connections a browser opens to a host over
 * HTTP/1.1, and the scripts wait for every style sheet before them.
 * Usage: require('./component-styles').moveComponentStyles(webDir), by the after_build hook for release builds, after
 * scripts/redwood-subset.js (which reads the components' CSS in the bundle for the variables they use) and before
 * scripts/split-bundle.js and scripts/hash-release-assets.js.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const acorn = require('acorn');

/** The start of require-css's injection, as css-builder.js writes it. */
const INJECTION_START = "(function(c){var d=document,a='appendChild',i='styleSheet',s=d.createElement('style');";
/** The toolbar's own style sheet, as index.html links it before scripts/hash-release-assets.js renames it. */
const APP_CSS = 'css/app.css';

/** Whether a statement's source is require-css's injection of the style sheets its builder inlined. */
function isStyleInjection(text) {
  return text.startsWith(INJECTION_START);
}

/** The href of every <link rel="stylesheet"> of a page, in order. */
function styleSheetsOf(html) {
  return [...html.matchAll(/<link\b[^>]*>/g)].map(([tag]) => tag).filter((tag) => /\brel=["']?stylesheet\b/.test(tag)).map((tag) => /\bhref=["']?([^"'\s>]+)/.exec(tag)?.[1]);
}

/**
 * Appends the injected CSS to css/app.css and takes the injection out of js/bundle.js. Returns the bytes moved, or 0
 * when the bundle injects no style sheet (a build with no such component).
 */
function moveComponentStyles(webDir) {
  const bundlePath = path.join(webDir, 'js', 'bundle.js');
  const source = fs.readFileSync(bundlePath, 'utf8');
  const program = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script' });
  const injections = program.body.filter((statement) => isStyleInjection(source.slice(statement.start, statement.end)));
  if (injections.length === 0) return 0;
  if (injections.length > 1) throw new Error(`component-styles: js/bundle.js injects style sheets ${injections.length} times; require-css's builder writes one injection`);
  const [injection] = injections;
  const call = injection.expression;
  const [css] = call.arguments;
  if (call.arguments.length !== 1 || css.type !== 'Literal' || typeof css.value !== 'string') {
    throw new Error(`component-styles: require-css's injection in js/bundle.js is not given one string of CSS: ${source.slice(injection.start, injection.start + 160)}…`);
  }
  // A relative url() would resolve against css/ rather than the page, as it did in the <style> element.
  if (/url\(\s*(?!['"]?(?:[a-z][a-z0-9+.-]*:|\/|#))/i.test(css.value)) {
    throw new Error('component-styles: the components’ CSS refers to a relative url(), which would no longer resolve against the page');
  }
  const sheets = styleSheetsOf(fs.readFileSync(path.join(webDir, 'index.html'), 'utf8'));
  if (sheets[sheets.length - 1] !== APP_CSS) {
    throw new Error(`component-styles: index.html must link ${APP_CSS} last, where the components' <style> element went (it links ${sheets.join(', ') || 'no style sheet'})`);
  }
  const appPath = path.join(webDir, APP_CSS);
  const app = fs.readFileSync(appPath, 'utf8');
  const moved = `${app.endsWith('\n') || app === '' ? '' : '\n'}/* JET's Core Pack components, moved here from the release bundle (scripts/component-styles.js). */\n${css.value}\n`;
  fs.writeFileSync(appPath, app + moved);
  fs.writeFileSync(bundlePath, source.slice(0, injection.start) + source.slice(injection.end));
  return Buffer.byteLength(css.value);
}

module.exports = { moveComponentStyles, isStyleInjection };
