/**
 * Callable observables over @preact/signals-core (https://github.com/preactjs/signals), shaped as the view model's
 * Knockout observables were: `x()` reads, `x(value)` writes, `x.subscribe(fn)` hears later changes. A read through
 * the call reads the signal's `.value`, so a computed or a watch that calls it depends on it.
 *
 * Semantics relied on, as signals-core has them (packages/core/src/index.ts there):
 * - a write of a value `===` to the current one changes nothing and notifies no one (Knockout skipped such writes
 *   for primitives only, and notified every write of an object): write a new array or object to be seen;
 * - inside `batch(fn)`, and while effects run, dependents run once, after the last write.
 */
import { type ReadonlySignal, batch, computed as computedSignal, effect, signal, untracked } from '@preact/signals-core';

export { batch };

/** A value that can be read and watched, not written. */
export interface Computed<T> {
  /** The value; inside `computed` or `watch`, a dependency. */
  (): T;
  /** The value, without becoming a dependency. */
  peek(): T;
  /**
   * Calls `fn` with each later value, not the current one (Knockout's `subscribe`, not signals-core's, which calls at
   * once), once per batch; returns the unsubscribe. `fn`'s own reads are not tracked.
   */
  subscribe(fn: (value: T) => void): () => void;
}

/** A value that can be read, written (`x(value)`) and watched. */
export interface Observable<T> extends Computed<T> {
  (value: T): void;
}

function subscribeLater<T>(source: ReadonlySignal<T>, fn: (value: T) => void): () => void {
  let last = source.peek();
  return effect(() => {
    const value = source.value;
    // The first run is the subscription itself; a later run whose value is back where it was (written and written
    // back within one flush of effects) is no change either.
    if (value === last) return;
    last = value;
    untracked(() => fn(value));
  });
}

export function observable<T>(initial: T): Observable<T> {
  const state = signal(initial);
  // By the count of arguments, so that `x(undefined)` writes.
  function access(...args: [] | [T]): T | undefined {
    if (args.length === 0) return state.value;
    state.value = args[0];
    return undefined;
  }
  return Object.assign(access, {
    peek: () => state.peek(),
    subscribe: (fn: (value: T) => void) => subscribeLater(state, fn),
  }) as Observable<T>;
}

/** A value made from observables read in `fn`; recomputed when read after one of them changed (lazily, cached). */
export function computed<T>(fn: () => T): Computed<T> {
  const derived = computedSignal(fn);
  return Object.assign(() => derived.value, {
    peek: () => derived.peek(),
    subscribe: (fn: (value: T) => void) => subscribeLater(derived, fn),
  });
}

/** Runs `fn` now and again whenever an observable it read changes (signals-core's `effect`); returns the stop. */
export function watch(fn: () => void): () => void {
  const dispose = effect(() => {
    fn();
  });
  return () => dispose();
}
