/**
 * What a stretch of work cost the process it ran in, from the process's own accounting, so that the figure does not
 * depend on the machine being idle (a process that waits for a core is not charged for the wait):
 * - CPU time, user and system, of every thread of the process: process.cpuUsage(), getrusage(2), in microseconds
 *   (https://nodejs.org/api/process.html#processcpuusagepreviousvalue). /proc/<pid>/stat (processUsage.ts) counts in
 *   clock ticks of 10 ms, too coarse for a window of a few hundred milliseconds of CPU.
 * - Bytes allocated on the V8 heap: what the heap in use grew by, plus what every collection in between freed, each
 *   collection's heap before and after read by v8.GCProfiler (https://nodejs.org/api/v8.html#class-v8gcprofiler).
 *   V8 counts no total of allocated bytes that Node exposes, so this is it; memory outside the heap (the contents of
 *   Buffers and ArrayBuffers, sockets' kernel buffers) is not in it.
 * Runs inside the measured process; its parent asks for it over the IPC channel.
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';

export interface ProcessCost {
  /** Wall time the window lasted. */
  readonly windowMs: number;
  /** CPU time, user and system, over the window. */
  readonly cpuMs: number;
  /** Bytes allocated on the V8 heap over the window. */
  readonly heapAllocatedBytes: number;
  /** Collections in the window, and their pauses' total. */
  readonly gcCount: number;
  readonly gcPauseMs: number;
  /** Of them, full collections (mark-sweep-compact), whose marking also runs on helper threads of the process. */
  readonly majorGcCount: number;
}

/** One collection: its kind, the heap in use before and after it, and its pause (µs, as GCProfiler reports it). */
export interface Collection {
  /** V8's name for it: Scavenge, MarkSweepCompact, IncrementalMarking, ProcessWeakCallbacks… */
  readonly type: string;
  readonly usedBefore: number;
  readonly usedAfter: number;
  readonly pauseUs: number;
}

/**
 * Bytes allocated between two readings of the heap in use: its growth, plus what each collection in between freed
 * (a collection frees, nothing else shrinks the heap in use).
 */
export function heapAllocated(usedAtStart: number, usedAtEnd: number, collections: readonly Collection[]): number {
  const freed = collections.reduce((sum, collection) => sum + (collection.usedBefore - collection.usedAfter), 0);
  return usedAtEnd - usedAtStart + freed;
}

export class CostMeter {
  private window: { readonly startedAt: number; readonly cpu: NodeJS.CpuUsage; readonly used: number; readonly profiler: GCProfiler } | undefined;

  /** Opens a window (one at a time: a second start restarts it). */
  start(): void {
    this.window?.profiler.stop();
    const profiler = new GCProfiler();
    profiler.start();
    this.window = { startedAt: performance.now(), used: getHeapStatistics().used_heap_size, cpu: process.cpuUsage(), profiler };
  }

  /** Closes the window: what it cost. */
  stop(): ProcessCost {
    const window = this.window;
    if (!window) throw new Error('no cost window is open: start one first');
    // Read before the profiler hands its records over, so that they (allocated by stop()) are not counted.
    const cpu = process.cpuUsage(window.cpu);
    const used = getHeapStatistics().used_heap_size;
    const windowMs = performance.now() - window.startedAt;
    const collections: Collection[] = window.profiler.stop().statistics.map((gc) => ({
      type: gc.gcType,
      usedBefore: gc.beforeGC.heapStatistics.usedHeapSize,
      usedAfter: gc.afterGC.heapStatistics.usedHeapSize,
      pauseUs: gc.cost,
    }));
    this.window = undefined;
    return {
      windowMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      heapAllocatedBytes: heapAllocated(window.used, used, collections),
      gcCount: collections.length,
      gcPauseMs: collections.reduce((sum, collection) => sum + collection.pauseUs, 0) / 1000,
      majorGcCount: collections.filter((collection) => collection.type === 'MarkSweepCompact').length,
    };
  }
}

/** The parent's request over the IPC channel: open or close the window. */
export interface CostRequest {
  readonly kind: 'cost';
  readonly action: 'start' | 'stop';
}

export type CostReply = { readonly kind: 'cost' } & ({ readonly started: true } | { readonly cost: ProcessCost } | { readonly failed: string });

/** The measured process's answer to a CostRequest. */
export function answerCost(meter: CostMeter, request: CostRequest): CostReply {
  try {
    if (request.action === 'stop') return { kind: 'cost', cost: meter.stop() };
    meter.start();
    return { kind: 'cost', started: true };
  } catch (error) {
    return { kind: 'cost', failed: error instanceof Error ? error.message : String(error) };
  }
}
