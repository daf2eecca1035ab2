import { readFileSync, rmSync } from 'fs';
import { PID_FILE } from './server';

export default async function globalTeardown(): Promise<void> {
  const pid = Number(readFileSync(PID_FILE, 'utf8'));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
  rmSync(PID_FILE, { force: true });
}
