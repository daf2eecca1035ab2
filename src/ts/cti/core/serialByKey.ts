/**
 * Runs tasks one after another per key, each once the one before it settled, and tells each how the one before it
 * ended: keypad digits must reach the vendor in the order the agent pressed them, and a key pressed after one that
 * failed must not go out alone (1-2-3 with the 2 refused would send "13", a wrong PIN). A key leaves the map once its
 * last task settled, so the map is as small as the requests under way.
 */
export class SerialByKey<T> {
  private readonly tails = new Map<string, Promise<T>>();

  /** `task` gets the result of the task before it of the same key, or undefined when there was none or it threw. */
  run(key: string, task: (previous: T | undefined) => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const next = previous ? previous.then(task, () => task(undefined)) : task(undefined);
    this.tails.set(key, next);
    const forget = (): void => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  }
}
