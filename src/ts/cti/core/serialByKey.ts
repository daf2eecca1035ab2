/**
 * Runs tasks one after another per key, each once the one before it settled: keypad digits must reach the vendor
 * in the order the agent pressed them, even when the vendor answers the first request after the second is made.
 * A key leaves the map once its last task settled, so the map is as small as the requests under way.
 */
export class SerialByKey<T> {
  private readonly tails = new Map<string, Promise<T>>();

  run(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const next = previous ? previous.then(task, task) : task();
    this.tails.set(key, next);
    const forget = (): void => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  }
}
