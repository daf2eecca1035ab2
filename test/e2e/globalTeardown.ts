import { readFileSync, rmSync } from 'fs';
import type { E2eGlobals } from './globalSetup';
import { PID_FILE } from './server';

export default async function globalTeardown(): Promise<void> {
  const pid = Number(readFileSync(PID_FILE, 'utf8'));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
  rmSync(PID_FILE, { force: true });
  await (globalThis as E2eGlobals).e2eWorkspace?.stop();
}
