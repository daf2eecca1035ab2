import { batch, computed, observable, watch } from '../../src/ts/observable';

describe('observable', () => {
  it('reads with a call and writes with a call of one argument, undefined too', () => {
    const x = observable<string | undefined>('a');
    expect(x()).toBe('a');
    x('b');
    expect([x(), x.peek()]).toEqual(['b', 'b']);
    x(undefined);
    expect(x()).toBeUndefined();
  });

  it('calls a subscriber on each later change, not at once, with the new value, until unsubscribed', () => {
    const x = observable(1);
    const heard: number[] = [];
    const stop = x.subscribe((value) => heard.push(value));
    expect(heard).toEqual([]);
    x(2);
    x(3);
    expect(heard).toEqual([2, 3]);
    stop();
    x(4);
    expect(heard).toEqual([2, 3]);
  });

  it('notifies no one of a write equal (===) to the value: a new array or object is a change, the same one is not', () => {
    const list = observable<readonly string[]>(['a']);
    const heard: Array<readonly string[]> = [];
    list.subscribe((value) => heard.push(value));
    list(list()); // the same array
    expect(heard).toHaveLength(0);
    const next = ['a'];
    list(next); // equal contents, another array
    expect(heard).toEqual([next]);
    const count = observable(0);
    const counts: number[] = [];
    count.subscribe((value) => counts.push(value));
    count(0);
    expect(counts).toEqual([]);
  });

  it('calls a subscriber once per batch, with the last value, and not at all when the batch wrote the value back', () => {
    const x = observable('');
    const heard: string[] = [];
    x.subscribe((value) => heard.push(value));
    batch(() => {
      x('a');
      x('b');
      expect(x()).toBe('b'); // read inside the batch: the written value
    });
    expect(heard).toEqual(['b']);
    batch(() => {
      x('');
      x('b');
    });
    expect(heard).toEqual(['b']);
  });

  it('does not call a subscriber for a value written and written back while effects run', () => {
    const trigger = observable(0);
    const region = observable('');
    const heard: string[] = [];
    region.subscribe((value) => heard.push(value));
    const stop = watch(() => {
      if (trigger() === 0) return;
      region('words');
      region('');
    });
    trigger(1);
    expect(heard).toEqual([]);
    stop();
  });

  it('does not track what a subscriber reads', () => {
    const x = observable(0);
    const other = observable('a');
    const heard: Array<[number, string]> = [];
    x.subscribe((value) => heard.push([value, other()]));
    x(1);
    other('b');
    expect(heard).toEqual([[1, 'a']]);
  });

  it('lets a subscriber write what it hears of, read by peek, without a cycle', () => {
    const x = observable(0);
    x.subscribe((value) => {
      if (value < 3) x(x.peek() + 1);
    });
    x(1);
    expect(x()).toBe(3);
  });
});

describe('computed', () => {
  it('recomputes when an observable it read changed, lazily and once per change', () => {
    const first = observable('Lisa');
    const last = observable('Jones');
    let runs = 0;
    const name = computed(() => {
      runs += 1;
      return `${first()} ${last()}`;
    });
    expect(runs).toBe(0);
    expect(name()).toBe('Lisa Jones');
    expect(name()).toBe('Lisa Jones');
    expect(runs).toBe(1);
    last('Smith');
    expect([name(), name.peek(), runs]).toEqual(['Lisa Smith', 'Lisa Smith', 2]);
  });

  it('calls its subscribers when its value changes, not when what it read changed to the same result', () => {
    const text = observable('');
    const empty = computed(() => text().trim() === '');
    const heard: boolean[] = [];
    empty.subscribe((value) => heard.push(value));
    text(' ');
    expect(heard).toEqual([]);
    text('555');
    text('5550');
    expect(heard).toEqual([false]);
  });
});

describe('watch', () => {
  it('runs at once and again when an observable read through the call changes; a peek is not a read', () => {
    const shown = observable('a');
    const peeked = observable(0);
    const seen: string[] = [];
    const stop = watch(() => {
      seen.push(`${shown()} ${peeked.peek()}`);
    });
    expect(seen).toEqual(['a 0']);
    shown('b');
    peeked(1);
    expect(seen).toEqual(['a 0', 'b 0']);
    stop();
    shown('c');
    expect(seen).toEqual(['a 0', 'b 0']);
  });

  it('tracks computeds, and runs once for a batch of writes', () => {
    const a = observable(1);
    const b = observable(2);
    const sum = computed(() => a() + b());
    const seen: number[] = [];
    const stop = watch(() => {
      seen.push(sum());
    });
    batch(() => {
      a(10);
      b(20);
    });
    expect(seen).toEqual([3, 30]);
    stop();
  });
});
