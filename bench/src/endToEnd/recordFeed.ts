/**
 * Records arriving from elsewhere (the bridge's WebSocket, the Fusion simulator page), kept in order, with a way to
 * wait for the first one that matches. Waiting never polls: a record wakes the waiters as it arrives.
 */

interface Waiter<T> {
  readonly matches: (record: T) => boolean;
  readonly resolve: (record: T) => void;
}

export class TimeoutError extends Error {}

export class RecordFeed<T> {
  private readonly records: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();

  push(record: T): void {
    this.records.push(record);
    for (const waiter of [...this.waiters]) {
      if (waiter.matches(record)) {
        this.waiters.delete(waiter);
        waiter.resolve(record);
      }
    }
  }

  find(matches: (record: T) => boolean): T | undefined {
    return this.records.find(matches);
  }

  /** The first record, already here or still to come, that matches; rejects with TimeoutError naming `what`. */
  waitFor(matches: (record: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const found = this.records.find(matches);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new TimeoutError(`${what}: none within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const waiter: Waiter<T> = {
        matches,
        resolve: (record) => {
          clearTimeout(timer);
          resolve(record);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Forgets what arrived so far (a finished call's records), so that searches stay short over hundreds of calls. */
  clear(): void {
    this.records.length = 0;
  }
}
