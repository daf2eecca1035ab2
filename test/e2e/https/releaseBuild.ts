/**
 * The release build (`npm run build:release`) made in a copy of the project, so that it never touches the web/ that
 * `ojet serve` may be serving to the other browser tests at the same time. The copy holds what the build reads
 * (package.json, oraclejetconfig.json, tsconfig.json, src/, scripts/, protocol/) and links node_modules.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../../..');

/** Builds and resolves the path of the build's web/ folder. */
export async function buildRelease(): Promise<string> {
  const copy = mkdtempSync(join(tmpdir(), 'toolbar-release-'));
  for (const file of ['package.json', 'oraclejetconfig.json', 'tsconfig.json']) cpSync(join(ROOT, file), join(copy, file));
  for (const dir of ['src', 'scripts', 'protocol']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  try {
    await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/@oracle/ojet-cli/bin/ojet'), 'build', '--release'], { cwd: copy, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`the release build failed:\n${stdout}\n${stderr}`, { cause: error });
  }
  return join(copy, 'web');
}
