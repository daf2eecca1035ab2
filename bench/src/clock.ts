/** Now, on the clock every process on the machine shares (epoch milliseconds with a fraction), as the bridge stamps events. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
