/** @jest-environment node */
/**
 * scripts/redwood-subset.js on a small release build of its own making: what it keeps, what it drops, the link it
 * puts in place of the theme's two, and the build it fails rather than ship the full theme unnoticed. The real theme
 * is checked in a browser, state by state (test/e2e/productionServing.https.e2e.ts).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// A plain Node script with no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { redwoodSubset, SUBSET } = require('../../scripts/redwood-subset') as {
  redwoodSubset: (webDir: string) => Promise<{ replaced: string[]; before: { raw: number }; after: { raw: number } }>;
  SUBSET: string;
};

const BASE = 'css/redwood/1.2.3/web/redwood.min.css';
const THEME = 'css/theme-redwood/1.2.3/web/theme.css';
const INDEX = `<!DOCTYPE html>
<html>
  <head>
<!-- injector:theme -->
<link rel="stylesheet" href="${BASE}" id="basestyles" />
<link rel="stylesheet" href="${THEME}" id="themestyle" />
<!-- endinjector -->
    <link rel="stylesheet" href="css/app.css" type="text/css"/>
  </head>
  <body class="oj-web-applayout-body"><span class="oj-typography-body-sm">x</span>
<script type='text/javascript' src='js/libs/require/require.js'></script>
<script type='text/javascript' src='js/bundle.js'></script>
  </body>
</html>
`;

let web: string;

function write(relative: string, text: string): void {
  mkdirSync(dirname(join(web, relative)), { recursive: true });
  writeFileSync(join(web, relative), text);
}

beforeEach(() => {
  web = mkdtempSync(join(tmpdir(), 'redwood-subset-'));
  write('index.html', INDEX);
  write(
    BASE,
    [
      ':root{--palette-green:0,128,0;--palette-red:255,0,0;--unused:1px}',
      // A safelisted variable (named by app.css) whose value names another: both must stay.
      ':root{--oj-core-success-3:rgb(var(--palette-green))}',
      '.oj-web-applayout-body{margin:var(--body-margin)}',
      '.oj-theme-json{font-family:"{}"}',
      '.oj-datagrid{color:red}',
      '.oj-button--primary:hover{color:var(--button-color)}',
      '@font-face{font-family:"JetInternal IconFont";src:url("fonts/internal_iconfont.woff2") format("woff")}',
      '.oj-typography-body-sm{background:url("images/dot.png")}',
    ].join('\n'),
  );
  write(THEME, ':root{--body-margin:var(--space);--space:4px;--button-color:blue}\n.ThemeOnly_x{color:green}\n');
  write('css/app.css', '.toolbar-link{background:var(--oj-core-success-3)}\n');
  // The bundle names .oj-theme-json (JET reads it) and a variable its inlined component CSS uses.
  write('js/bundle.js', 'define([],function(){var c="oj-theme-json";var css=".b{color:var(--oj-c-color)}";});\n');
});

afterEach(() => rmSync(web, { recursive: true, force: true }));

describe('redwood-subset', () => {
  test('keeps the rules and variables the content names, with the variables they refer to, and drops the rest', async () => {
    const result = await redwoodSubset(web);
    const subset = readFileSync(join(web, SUBSET), 'utf8');
    expect(subset).toContain('--oj-core-success-3:rgb(var(--palette-green))');
    expect(subset).toContain('--palette-green:0,128,0');
    expect(subset).toContain('.oj-web-applayout-body{margin:var(--body-margin)}');
    expect(subset).toMatch(/--body-margin:\s*var\(--space\)/);
    expect(subset).toMatch(/--space:\s*4px/);
    expect(subset).toContain('.oj-theme-json');
    // A relative url() now relative to css/, where the subset is.
    expect(subset).toContain('url("redwood/1.2.3/web/images/dot.png")');
    for (const gone of ['--palette-red', '--unused', '.oj-datagrid', '.ThemeOnly_x', '@font-face', '.oj-button--primary', '--button-color']) expect(subset).not.toContain(gone);
    expect(result.replaced).toEqual([BASE, THEME]);
    expect(result.after.raw).toBeLessThan(result.before.raw);
  });

  test('links the subset in place of the two theme files, which stay in the build', async () => {
    await redwoodSubset(web);
    const index = readFileSync(join(web, 'index.html'), 'utf8');
    expect(index).toContain(`<!-- injector:theme -->\n<link rel="stylesheet" href="${SUBSET}" id="redwoodstyles" />\n<!-- endinjector -->`);
    expect(index).not.toContain('redwood.min.css');
    expect(index).not.toContain('theme.css');
    expect(readFileSync(join(web, BASE), 'utf8').length).toBeGreaterThan(0);
    expect(readFileSync(join(web, THEME), 'utf8').length).toBeGreaterThan(0);
  });

  test.each([
    ['the theme link', (index: string) => index.replace(/<link[^>]*id="themestyle"[^>]*>/, ''), 'theme <link id="themestyle">'],
    ['the bundle', (index: string) => index.replace("src='js/bundle.js'", "src='js/main.js'"), 'release bundle <script>'],
    ["the toolbar's style sheet", (index: string) => index.replace('css/app.css', 'css/other.css'), "toolbar's style sheet <link>"],
  ])('fails the build when index.html does not link %s', async (_what, edit, message) => {
    write('index.html', edit(INDEX));
    await expect(redwoodSubset(web)).rejects.toThrow(`redwood-subset: index.html should have one ${message}, found 0`);
  });

  test('fails the build when a linked file is missing', async () => {
    rmSync(join(web, THEME));
    await expect(redwoodSubset(web)).rejects.toThrow(`redwood-subset: index.html links ${THEME} (a Redwood theme file), which the build did not write`);
  });
});
