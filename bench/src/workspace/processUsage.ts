/**
 * What a process on this machine uses, read from Linux's /proc (proc(5): https://man7.org/linux/man-pages/man5/proc.5.html):
 * its CPU time (/proc/<pid>/stat, utime + stime in clock ticks), its open files (/proc/<pid>/fd) and the open-file
 * limit the benchmark's processes inherit (/proc/self/limits, "Max open files": what `ulimit -n` sets).
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
