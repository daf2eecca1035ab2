'use strict';
/**
 * Before ojet compiles the toolbar's TypeScript: bring in the wire protocol the toolbar shares with the Genesys
 * bridge (protocol/, at the top of the repository, owned by neither side).
 *
 * ojet compiles only its staging copy of src/ts (web/ts) and refuses any file outside it (tsc's rootDir). So the
 * protocol's sources are copied to web/ts/protocol/, where tsc compiles them like the toolbar's own into AMD modules
 * web/js/protocol/*.js, and the toolbar's `import … from 'protocol/…'` is pointed at that copy: the module ids stay
 * 'protocol/…', which RequireJS finds under its baseUrl (web/js), in debug and in release (the optimizer bundles them).
 * Outside ojet (the type check, jest, esbuild), tsconfig.json's path mapping sends 'protocol/*' to ./protocol/*.
 * ojet serve watches src/ only: after editing protocol/, save a toolbar file (or restart) to serve the new copy.
 */
const fs = require('fs');
const path = require('path');

const PROTOCOL_DIR = path.resolve(__dirname, '../../protocol');

module.exports = async function (context) {
  const stagedTs = path.resolve(context.opts.stagingPath, 'ts');
  const target = path.join(stagedTs, 'protocol');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  for (const file of fs.readdirSync(PROTOCOL_DIR)) {
    if (file.endsWith('.ts')) fs.copyFileSync(path.join(PROTOCOL_DIR, file), path.join(target, file));
  }
  const tsconfig = context.opts.typescript.tsconfigJson;
  tsconfig.compilerOptions.paths = { ...tsconfig.compilerOptions.paths, 'protocol/*': [`./${context.opts.stagingPath}/ts/protocol/*`] };
  return context;
};
