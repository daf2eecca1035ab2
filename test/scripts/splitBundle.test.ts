/** @jest-environment node */
/**
 * scripts/split-bundle.js on a small release bundle of its own making, shaped as the optimizer writes one: what goes
 * to the core and what to the view, what it tells RequireJS and index.html, and the bundles it refuses rather than
 * part wrongly. The real release build is split, served and run in a browser by test/e2e/productionServing.https.e2e.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { ScratchWeb } from './scratchWeb';

// A plain Node script with no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { splitBundle } = require('../../scripts/split-bundle') as {
  splitBundle: (webDir: string) => { core: { file: string; bytes: number; modules: number }; view: { file: string; bytes: number; modules: number } };
};

const INDEX = `<!DOCTYPE html>
<html>
  <head>
    <link rel="stylesheet" href="css/app.css" type="text/css"/>
  </head>
  <body>
<script type='text/javascript' src='js/libs/require/require.js'></script>
<script type='text/javascript' src='js/bundle.js'></script>
  </body>
</html>
`;

/** require-css's injection, as its css-builder writes it at the end of a build; scripts/component-styles.js takes it out first. */
const STYLE_INJECTION =
  "(function(c){var d=document,a='appendChild',i='styleSheet',s=d.createElement('style');s.type='text/css';d.getElementsByTagName('head')[0][a](s);s[i]?s[i].cssText=c:s[a](d.createTextNode(c));})('.oj-button{color:red}');";

/**
 * A bundle as the optimizer writes it (each file's statements, `;` between files, main.js's code before its name), once
 * scripts/component-styles.js has moved require-css's injection out (the empty statement it leaves).
 */
const BUNDLE = [
  `define('protocol/jsonRecord',["require","exports"],(function(require,e){e.isRecord=function(r){return typeof r==="object"}}));`,
  `var __awaiter=this&&this.__awaiter||function(){};define('cti/core/errors',["require","exports","../../protocol/jsonRecord"],(function(require,e,r){e.messageOf=String}));`,
  `define('i18n/language',["require","exports"],(function(require,e){e.chooseLanguage=function(){return "en"}}));`,
  `var __awaiter=this&&this.__awaiter||function(){};define('toolbarApp',["require","exports","./cti/core/errors"],(function(require,e,r){e.startToolbar=function(){}}));`,
  `function start(e,t){var s=t.startToolbar();require(["./root"],function(r){r.showToolbar(s)})}require(["i18n/language","./toolbarApp"],function(e,t){start(e,t)});`,
  `define("bundle-temp", function(){});`,
  `!function(n,t){"function"==typeof define&&define.amd?define('preact',["exports"],t):t(n.preact={})}(this,(function(n){n.h=function(){}}));`,
  `define('css!oj-c/button/button-styles',[],function(){});`,
  `define('oj-c/button/button',["require","exports","preact","css!oj-c/button/button-styles.css","ojL10n!ojtranslations/nls/ojtranslations"],(function(require,e){}));`,
  `define('ojL10n',[],function(){return {load:function(){}}});`,
  `define('ojtranslations/nls/ojtranslations',{root:{"oj-message":{error:"Error"}}});`,
  `var __awaiter=this&&this.__awaiter||function(){};define('root',["require","exports","preact","oj-c/button/button","./cti/core/errors"],(function(require,e){e.showToolbar=function(){}}));`,
  '',
  `requirejs.config({bundles:{"phonenumbers-0123456789abcdef":["libphonenumber-js"]}});`,
].join('\n;');

/** A part scripts/lazy-bundles.js made, which the bundle's `bundles` configuration names. */
const PART = 'js/phonenumbers-0123456789abcdef.js';

let web: ScratchWeb;

/** The module ids a file defines, in order, by running it with a define() that records them. */
function definedBy(source: string): string[] {
  const ids: string[] = [];
  const define = Object.assign((id: unknown) => ids.push(String(id)), { amd: {} });
  runInNewContext(source, { define, require: () => undefined, requirejs: { config: () => undefined } });
  return ids;
}

/** The `bundles` configurations a file gives RequireJS, merged. */
function bundlesIn(source: string): Record<string, string[]> {
  const bundles: Record<string, string[]> = {};
  runInNewContext(source, {
    define: Object.assign(() => undefined, { amd: {} }),
    require: () => undefined,
    requirejs: { config: (config: { bundles?: Record<string, string[]> }) => Object.assign(bundles, config.bundles) },
  });
  return bundles;
}

function viewFile(): string {
  const views = readdirSync(join(web.dir, 'js')).filter((name) => name.startsWith('view-'));
  if (views.length !== 1) throw new Error(`expected one view file, found ${views.join(', ') || 'none'}`);
  return `js/${views[0] ?? ''}`;
}

beforeEach(() => {
  web = new ScratchWeb('split-bundle-');
  web.write('index.html', INDEX);
  web.write('js/bundle.js', BUNDLE);
  web.write(PART, `define('libphonenumber-js',["exports"],(function(e){e.parse=function(){}}));`);
});

afterEach(() => {
  web.remove();
});

describe('split-bundle', () => {
  it('keeps in js/bundle.js main.js and the modules the link to Fusion loads, and moves the rest to a view file named after its content', () => {
    const split = splitBundle(web.dir);
    expect(definedBy(web.read('js/bundle.js'))).toEqual(['protocol/jsonRecord', 'cti/core/errors', 'i18n/language', 'toolbarApp', 'bundle-temp']);
    expect(web.read('js/bundle.js')).toContain('require(["i18n/language","./toolbarApp"]');
    const view = viewFile();
    expect(view).toMatch(/^js\/view-[0-9a-f]{16}\.js$/);
    expect(definedBy(web.read(view))).toEqual(['preact', 'css!oj-c/button/button-styles', 'oj-c/button/button', 'ojL10n', 'ojtranslations/nls/ojtranslations', 'root']);
    expect(split).toEqual({
      core: { file: 'js/bundle.js', bytes: Buffer.byteLength(web.read('js/bundle.js')), modules: 5 },
      view: { file: view, bytes: Buffer.byteLength(web.read(view)), modules: 6 },
    });
  });

  it('moves a module with the statements before it (TypeScript’s helpers)', () => {
    splitBundle(web.dir);
    const core = web.read('js/bundle.js');
    const view = web.read(viewFile());
    // One helper for each of the core's two TypeScript modules that carry one, one for root.
    expect(core.match(/var __awaiter/g)).toHaveLength(2);
    expect(view.match(/var __awaiter/g)).toHaveLength(1);
    expect(view.indexOf('var __awaiter')).toBeLessThan(view.indexOf("define('root'"));
  });

  it('tells RequireJS which file holds the view’s modules, keeps the lazy parts’ configuration, and leaves index.html as it is', () => {
    splitBundle(web.dir);
    const view = viewFile();
    const name = view.replace(/^js\//, '').replace(/\.js$/, '');
    expect(bundlesIn(web.read('js/bundle.js'))).toEqual({
      'phonenumbers-0123456789abcdef': ['libphonenumber-js'],
      [name]: ['preact', 'css!oj-c/button/button-styles', 'oj-c/button/button', 'ojL10n', 'ojtranslations/nls/ojtranslations', 'root'],
    });
    // No preload of the view: main.js's require() of root fetches it once the link to Fusion has started.
    expect(web.read('index.html')).toBe(INDEX);
  });

  it('loses no statement: the two files hold every module of the bundle once', () => {
    splitBundle(web.dir);
    const all = [...definedBy(web.read('js/bundle.js')), ...definedBy(web.read(viewFile()))];
    expect(all.sort()).toEqual(definedBy(BUNDLE).sort());
    expect(new Set(all).size).toBe(all.length);
  });

  it('refuses a bundle whose core would load the view', () => {
    web.write('js/bundle.js', BUNDLE.replace(`define('toolbarApp',["require","exports","./cti/core/errors"]`, `define('toolbarApp',["require","exports","./cti/core/errors","./root"]`));
    expect(() => splitBundle(web.dir)).toThrow('split-bundle: the core loads root: something it imports imports the view');
    expect(readdirSync(join(web.dir, 'js')).sort()).toEqual(['bundle.js', 'phonenumbers-0123456789abcdef.js']);
  });

  it('refuses a module neither part loads, a define() without a name, and a statement it does not know at the end', () => {
    web.write('js/bundle.js', `define('stray',[],function(){});\n;${BUNDLE}`);
    expect(() => splitBundle(web.dir)).toThrow('split-bundle: js/bundle.js defines modules neither the core nor the view loads: stray');
    web.write('js/bundle.js', `define(["exports"],function(){});\n;${BUNDLE}`);
    expect(() => splitBundle(web.dir)).toThrow('split-bundle: a define() without a module id in js/bundle.js: define(["exports"],function(){})');
    web.write('js/bundle.js', `${BUNDLE}\n;window.surprise=1;`);
    expect(() => splitBundle(web.dir)).toThrow('split-bundle: js/bundle.js ends with a statement it does not know: window.surprise=1;');
    // Nothing was written: the build fails with the bundle as the optimizer left it.
    expect(readdirSync(join(web.dir, 'js')).sort()).toEqual(['bundle.js', 'phonenumbers-0123456789abcdef.js']);
    expect(web.read('index.html')).toBe(INDEX);
  });

  it('keeps in the core what a part loaded when needed takes from the bundle, since the part may load before the view', () => {
    web.write(PART, `define('libphonenumber-js',["exports","preact"],(function(e){e.parse=function(){}}));`);
    splitBundle(web.dir);
    expect(definedBy(web.read('js/bundle.js'))).toEqual(['protocol/jsonRecord', 'cti/core/errors', 'i18n/language', 'toolbarApp', 'bundle-temp', 'preact']);
    expect(definedBy(web.read(viewFile()))).not.toContain('preact');
  });

  it('refuses a main.js that does not require the view', () => {
    web.write('js/bundle.js', BUNDLE.replace('require(["./root"],function(r){r.showToolbar(s)})', 'void 0'));
    expect(() => splitBundle(web.dir)).toThrow('split-bundle: main.js does not require root: the view would never load');
  });

  it('refuses a core that loads translation bundles, which main.js runs before it sets the agent’s language', () => {
    web.write('js/bundle.js', BUNDLE.replace(`define('toolbarApp',["require","exports","./cti/core/errors"]`, `define('toolbarApp',["require","exports","./cti/core/errors","ojL10n!ojtranslations/nls/ojtranslations"]`));
    expect(() => splitBundle(web.dir)).toThrow('split-bundle: the core loads translation bundles (toolbarApp), which main.js runs before it sets the agent’s language');
    expect(readdirSync(join(web.dir, 'js')).sort()).toEqual(['bundle.js', 'phonenumbers-0123456789abcdef.js']);
  });

  it('refuses a bundle that still injects the components’ style sheets, which scripts/component-styles.js moves out first', () => {
    web.write('js/bundle.js', BUNDLE.replace('\n;\n;requirejs.config', `\n;${STYLE_INJECTION}\n;requirejs.config`));
    expect(() => splitBundle(web.dir)).toThrow('split-bundle: js/bundle.js still injects the components’ style sheets; scripts/component-styles.js moves them to css/app.css first');
  });
});
