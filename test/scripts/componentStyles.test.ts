/** @jest-environment node */
/**
 * scripts/component-styles.js on a small release build shaped as the optimizer and require-css's builder write one:
 * the injected CSS goes to the end of css/app.css, and the injection leaves the bundle. The real release build is
 * served and styled in a browser, under a policy with no 'unsafe-inline', by test/e2e/productionServing.https.e2e.ts.
 */
import { ScratchWeb } from './scratchWeb';

// A plain Node script with no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { moveComponentStyles } = require('../../scripts/component-styles') as { moveComponentStyles: (webDir: string) => number };

const INDEX = `<!DOCTYPE html>
<html>
  <head>
<link rel="stylesheet" href="css/redwood-subset.css" id="redwoodstyles" />
    <link rel="stylesheet" href="css/app.css" type="text/css"/>
    <link rel="preload" href="config/toolbar.json" as="fetch" crossorigin="anonymous">
  </head>
  <body></body>
</html>
`;

const APP = '.toolbar{display:flex}\n';
const CSS = '.oj-button{color:red}\n.oj-button:hover{content:"it\\u2019s"}';

/** require-css's injection, as its css-builder writes it at the end of a build. */
function injection(literal: string): string {
  return `(function(c){var d=document,a='appendChild',i='styleSheet',s=d.createElement('style');s.type='text/css';d.getElementsByTagName('head')[0][a](s);s[i]?s[i].cssText=c:s[a](d.createTextNode(c));})(${literal});`;
}

const MODULES = [`define('css!oj-c/button/button-styles',[],function(){});`, `define('oj-c/button/button',["require","exports","css!oj-c/button/button-styles.css"],(function(require,e){}));`];
const CONFIG = `requirejs.config({bundles:{"phonenumbers-0123456789abcdef":["libphonenumber-js"]}});`;

let web: ScratchWeb;

beforeEach(() => {
  web = new ScratchWeb('component-styles-');
  web.write('index.html', INDEX);
  web.write('css/app.css', APP);
});

afterEach(() => {
  web.remove();
});

describe('component-styles', () => {
  it('appends the injected CSS to css/app.css, the last style sheet linked, and takes the injection out of the bundle', () => {
    web.write('js/bundle.js', [...MODULES, injection(JSON.stringify(CSS)), CONFIG].join('\n;'));
    expect(moveComponentStyles(web.dir)).toBe(Buffer.byteLength(CSS));
    // After the toolbar's own rules, where the <style> element went (after every link): the same cascade.
    expect(web.read('css/app.css')).toBe(`${APP}/* JET's Core Pack components, moved here from the release bundle (scripts/component-styles.js). */\n${CSS}\n`);
    // Every other statement stays, byte for byte; index.html is as it was.
    expect(web.read('js/bundle.js')).toBe([...MODULES, '', CONFIG].join('\n;'));
    expect(web.read('index.html')).toBe(INDEX);
  });

  it('leaves a bundle that injects no style sheet as it is', () => {
    const bundle = [...MODULES, CONFIG].join('\n;');
    web.write('js/bundle.js', bundle);
    expect(moveComponentStyles(web.dir)).toBe(0);
    expect(web.read('js/bundle.js')).toBe(bundle);
    expect(web.read('css/app.css')).toBe(APP);
  });

  it('refuses an injection it cannot read as one string, two injections, CSS with a relative url(), and an index.html that links another style sheet last, changing nothing', () => {
    const refusals: Array<[string, string, string]> = [
      [injection("'.a{}'+x"), INDEX, "component-styles: require-css's injection in js/bundle.js is not given one string of CSS"],
      [`${injection("'.a{}'")}\n;${injection("'.b{}'")}`, INDEX, "component-styles: js/bundle.js injects style sheets 2 times; require-css's builder writes one injection"],
      [injection(JSON.stringify('.a{background:url(images/a.png)}')), INDEX, 'component-styles: the components’ CSS refers to a relative url(), which would no longer resolve against the page'],
      [
        injection(JSON.stringify(CSS)),
        INDEX.replace('</head>', '<link rel="stylesheet" href="css/extra.css">\n</head>'),
        "component-styles: index.html must link css/app.css last, where the components' <style> element went (it links css/redwood-subset.css, css/app.css, css/extra.css)",
      ],
    ];
    for (const [statement, index, message] of refusals) {
      const bundle = [...MODULES, statement, CONFIG].join('\n;');
      web.write('js/bundle.js', bundle);
      web.write('index.html', index);
      expect(() => moveComponentStyles(web.dir)).toThrow(message);
      expect(web.read('js/bundle.js')).toBe(bundle);
      expect(web.read('css/app.css')).toBe(APP);
    }
  });

  it('keeps absolute and data: addresses in url(), which resolve the same from a style sheet', () => {
    const css = '.a{background:url(data:image/png;base64,AAAA)}.b{background:url("/images/b.png")}.c{mask:url(#m)}';
    web.write('js/bundle.js', [...MODULES, injection(JSON.stringify(css)), CONFIG].join('\n;'));
    moveComponentStyles(web.dir);
    expect(web.read('css/app.css')).toContain(css);
  });
});
