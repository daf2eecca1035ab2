/** @jest-environment node */
/** A process's own cost over a measured window: its CPU time and what it allocated on the V8 heap. */
import { CostMeter, answerCost, heapAllocated } from '../../bench/src/processCost';

describe('heap allocation', () => {
  test('the heap in use grew by what was allocated less what the collections freed', () => {
    // 10 MB in use at the start, 12 at the end; two collections freed 30 and 25 MB: 57 MB were allocated.
    const mb = 1_000_000;
    const collections = [
      { type: 'Scavenge', usedBefore: 40 * mb, usedAfter: 10 * mb, pauseUs: 900 },
      { type: 'MarkSweepCompact', usedBefore: 36 * mb, usedAfter: 11 * mb, pauseUs: 800 },
    ];
    expect(heapAllocated(10 * mb, 12 * mb, collections)).toBe(57 * mb);
    expect(heapAllocated(10 * mb, 12 * mb, [])).toBe(2 * mb);
  });

  test('a window over real work counts at least what the work kept, and the CPU it took', () => {
    const meter = new CostMeter();
    meter.start();
    // 2,000 arrays of 1,000 numbers kept to the end: at least 8 MB of elements, allocated whatever the collections do.
    const kept: number[][] = [];
    for (let index = 0; index < 2000; index += 1) kept.push(Array.from({ length: 1000 }, (_, n) => n + index + 0.5));
    const cost = meter.stop();
    expect(kept).toHaveLength(2000);
    expect(cost.heapAllocatedBytes).toBeGreaterThanOrEqual(2000 * 1000 * 8);
    expect(cost.cpuMs).toBeGreaterThan(0);
    expect(cost.windowMs).toBeGreaterThan(0);
    expect(cost.gcCount).toBeGreaterThanOrEqual(0);
  });

  test('the IPC answer: started, the cost, or why not', () => {
    const meter = new CostMeter();
    expect(answerCost(meter, { kind: 'cost', action: 'stop' })).toEqual({ kind: 'cost', failed: 'no cost window is open: start one first' });
    expect(answerCost(meter, { kind: 'cost', action: 'start' })).toEqual({ kind: 'cost', started: true });
    expect(answerCost(meter, { kind: 'cost', action: 'stop' })).toMatchObject({ kind: 'cost', cost: { cpuMs: expect.any(Number), heapAllocatedBytes: expect.any(Number) } });
  });
});
