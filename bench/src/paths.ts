/** Where things are: the bench is bundled into bench/dist, two levels below the project's root. */
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');
export const BENCH_DIST = join(PROJECT_ROOT, 'bench', 'dist');
/** Logs of the processes the benchmarks start. */
export const BENCH_LOGS = join(PROJECT_ROOT, 'node_modules', '.cache', 'bench');
/** Where the toolbar benchmark puts the release build it serves (bench/src/toolbar/releaseBuild.ts), rebuilt by every run. */
export const TOOLBAR_SERVED_BUILD = join(PROJECT_ROOT, 'node_modules', '.cache', 'bench-toolbar', 'web');
