/**
 * Requests to the vendor that are under way, by key (e.g. "hangupCall:c1"): the same request asked for again while
 * it runs (Fusion's button and the toolbar's at once) joins the running one instead of reaching the vendor twice.
 */
export class InFlightRequests<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** The running request of this key, or a new one. `run` must not reject: failures are results here. */
  once(key: string, run: () => Promise<T>): Promise<T> {
    const running = this.running.get(key);
    if (running) return running;
    const result = run();
    this.running.set(key, result);
    void result.then(() => this.running.delete(key));
    return result;
  }

  has(key: string): boolean {
    return this.running.has(key);
  }

  /** The running request of this key, without starting one. */
  current(key: string): Promise<T> | undefined {
    return this.running.get(key);
  }

  /** Requests under way. Read only by its test, which shows that finished requests are not held. */
  get size(): number {
    return this.running.size;
  }
}
