/**
 * What a process on this machine uses, read from Linux's /proc (proc(5): https://man7.org/linux/man-pages/man5/proc.5.html):
 * its CPU time (/proc/<pid>/stat, utime + stime in clock ticks), its open files (/proc/<pid>/fd) and the open-file
 * limit the benchmark's processes inherit (/proc/self/limits, "Max open files": what `ulimit -n` sets); and whether a
 * scale step's processes fit within that limit, checked before the step starts.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** sysconf(_SC_CLK_TCK), through getconf; 100 on every Linux the bench has met. */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    if (!Number.isInteger(value) || value <= 0) throw new Error(`getconf CLK_TCK said "${value}", not a number of ticks per second`);
    ticksPerSecond = value;
  }
  return ticksPerSecond;
}

/** The CPU time the process has used so far (user and system), in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`cannot read the CPU time of process ${pid} from /proc/${pid}/stat`);
  return (ticks / clockTicks()) * 1000;
}

/** The files (sockets included) the process has open. */
export function openFiles(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** The soft limit on open files of this process, which the processes it starts inherit. */
export function openFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  if (soft === 'unlimited') return Number.POSITIVE_INFINITY;
  const value = Number(soft);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`cannot read the open-file limit from /proc/self/limits ("${line ?? ''}")`);
  return value;
}

/** What one process of a scale step holds open: files per agent (its sockets), and a spare for everything else. */
export interface OpenFilesNeeded {
  /** The process, as the refusal names it: "the bridge process". */
  readonly process: string;
  readonly perAgent: number;
  readonly spare: number;
  /** What the files per agent are: "a WebSocket per session". */
  readonly what: string;
}

/** The most agents whose files fit within `limit` in every one of these processes. */
export function mostAgentsWithin(limit: number, needs: readonly OpenFilesNeeded[]): number {
  return Math.min(...needs.map((need) => Math.floor((limit - need.spare) / need.perAgent)));
}

/**
 * Why a step of `agents` cannot run within the open-file limit (each process has its own, `limit`), naming each
 * process that would run out, how many files it would need and the most agents that fit; undefined if it can run.
 * Beyond the limit a process cannot accept or open a socket (EMFILE): the step would fail part-way, as sessions.
 */
export function openFilesRefusal(label: string, agents: number, needs: readonly OpenFilesNeeded[], limit: number): string | undefined {
  const over = needs
    .map((need) => ({ need, files: agents * need.perAgent + need.spare }))
    .filter(({ files }) => files > limit)
    .map(({ need, files }, index) => `${thousands(files)}${index === 0 ? ' open files' : ''} in ${need.process} (${need.what}, and ${thousands(need.spare)} to spare)`);
  if (over.length === 0) return undefined;
  return (
    `${label}: ${thousands(agents)} agents need about ${over.join(' and ')}, and the open-file limit (ulimit -n) is ${thousands(limit)} per process: ` +
    `raise it, or ask for at most ${thousands(mostAgentsWithin(limit, needs))} agents`
  );
}

function thousands(value: number): string {
  return value.toLocaleString('en-US');
}
