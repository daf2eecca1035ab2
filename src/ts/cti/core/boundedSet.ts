/**
 * A set that keeps only its latest `capacity` entries: adding past that forgets the oldest. For memories of
 * ended calls, which a shift of calls must not grow without end. Adding an entry again makes it the newest.
 */
export class BoundedSet<T> {
  /** A Set iterates in insertion order: the first entry is the oldest. */
  private readonly entries = new Set<T>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`A bounded set holds at least one entry, not ${capacity}.`);
  }

  add(value: T): void {
    this.entries.delete(value);
    this.entries.add(value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.values().next().value as T);
  }

  has(value: T): boolean {
    return this.entries.has(value);
  }

  clear(): void {
    this.entries.clear();
  }
}
