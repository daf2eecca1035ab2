/** @jest-environment node */
/**
 * scripts/minify-loader.js on the RequireJS the release build copies: the minified loader keeps its licence and still
 * works as a loader (run in a bare context, it defines and loads a module), and a build without it is refused.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';

// A plain Node script with no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { minifyLoader } = require('../../scripts/minify-loader') as {
  minifyLoader: (webDir: string) => { path: string; before: number; after: number };
};

const LOADER = 'js/libs/require/require.js';
let web: string;

beforeEach(() => {
  web = mkdtempSync(join(tmpdir(), 'minify-loader-'));
});

afterEach(() => {
  rmSync(web, { recursive: true, force: true });
});

describe('the release build’s module loader, minified', () => {
  test('is a fraction of the size, keeps its licence, and still defines and loads modules', async () => {
    mkdirSync(join(web, 'js/libs/require'), { recursive: true });
    copyFileSync(require.resolve('requirejs/require.js'), join(web, LOADER));

    const result = minifyLoader(web);

    const minified = readFileSync(join(web, LOADER), 'utf8');
    expect(result).toEqual({ path: LOADER, before: readFileSync(require.resolve('requirejs/require.js'), 'utf8').length, after: minified.length });
    expect(result.after).toBeLessThan(result.before / 3);
    expect(minified).toMatch(/@license RequireJS [\d.]+ Copyright jQuery Foundation/);
    // RequireJS runs without a document too (its "in a web worker / other environment" path), so a bare context will do.
    const context = createContext({ setTimeout, clearTimeout, console });
    runInContext(minified, context);
    const loaded = new Promise((resolve, reject) => {
      runInContext(
        `define('greeting', [], function () { return 'hello'; });
         require(['greeting'], function (greeting) { done(greeting); }, fail);`,
        Object.assign(context, { done: resolve, fail: reject }),
      );
    });
    await expect(loaded).resolves.toBe('hello');
  });

  test('refuses a build without the loader, naming it', () => {
    expect(() => minifyLoader(web)).toThrow(`minify-loader: the release build has no ${LOADER}`);
  });
});
