/**
 * The release build the toolbar benchmark serves: `ojet build --release` into web/, copied to a directory of the
 * benchmark's own (so that a later build into web/, such as `ojet serve`'s debug build, cannot change it mid-run),
 * with the development tools that host the toolbar (Fusion simulator, UEF stand-in, CCP emulator) built beside it.
 * The release build itself carries none of them; they are served from the same root, as `ojet serve` serves them.
 */
import { spawn } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Log } from '../log';
import { PROJECT_ROOT, TOOLBAR_SERVED_BUILD } from '../paths';

/** Builds the release, copies it and adds the dev tools; returns the directory to serve. */
export async function prepareReleaseBuild(log: Log): Promise<string> {
  const root = PROJECT_ROOT;
  const served = TOOLBAR_SERVED_BUILD;
  log('toolbar: building the release (ojet build --release)…');
  const started = performance.now();
  await run(process.execPath, [join(root, 'node_modules', '@oracle', 'ojet-cli', 'bin', 'ojet'), 'build', '--release'], root);
  for (const left of ['simulator.html', 'ccp-emulator.html', 'dev']) {
    if (existsSync(join(root, 'web', left))) throw new Error(`toolbar load: the release build carries web/${left}; it must leave the development tools out`);
  }
  await rm(served, { recursive: true, force: true });
  await cp(join(root, 'web'), served, { recursive: true });
  // scripts/build-dev-tools.js finds dev/ from its own location, so it is loaded from the project at run time, not bundled.
  const { buildDevTools } = createRequire(join(root, 'package.json'))('./scripts/build-dev-tools.js') as {
    buildDevTools: (webDir: string) => Promise<string>;
  };
  await buildDevTools(served);
  log(`toolbar: release build ready in ${((performance.now() - started) / 1000).toFixed(1)} s, served from ${served}`);
  return served;
}

/** Runs a command, keeping its output (ojet is chatty, and stdout is the results table's); a failure shows its tail. */
function run(command: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolveRun();
      else reject(new Error(`toolbar load: \`ojet build --release\` failed (${signal ?? `exit code ${code}`}):\n${output.trim()}`));
    });
  });
}
