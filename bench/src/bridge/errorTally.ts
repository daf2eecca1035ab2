/** A load generator's errors: a count of each kind, and the first few messages, to say what went wrong. */
export class ErrorTally<K extends string> {
  readonly counts: Record<K, number>;
  readonly samples: string[] = [];

  constructor(
    kinds: readonly K[],
    private readonly maxSamples = 5,
  ) {
    this.counts = Object.fromEntries(kinds.map((kind) => [kind, 0])) as Record<K, number>;
  }

  note(kind: K, message: string): void {
    this.counts[kind] += 1;
    if (this.samples.length < this.maxSamples) this.samples.push(`${kind}: ${message}`);
  }
}
