/** The machine the figures were measured on. */
import os from 'node:os';
import type { Machine } from './results';

export function describeMachine(chromium?: string): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    ...(chromium !== undefined ? { chromium } : {}),
  };
}
