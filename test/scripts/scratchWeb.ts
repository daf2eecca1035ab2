import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A release build's folder of a test's own making, in a temporary directory: its files written and read by their path in it. */
export class ScratchWeb {
  readonly dir: string;

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  write(relative: string, text: string): void {
    mkdirSync(join(this.dir, relative, '..'), { recursive: true });
    writeFileSync(join(this.dir, relative), text);
  }

  read(relative: string): string {
    return readFileSync(join(this.dir, relative), 'utf8');
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
