import { BoundedSet } from '../../src/ts/cti/core/boundedSet';

describe('BoundedSet', () => {
  it('forgets the oldest entry past its capacity', () => {
    const set = new BoundedSet<string>(2);
    set.add('a');
    set.add('b');
    set.add('c');
    expect([set.has('a'), set.has('b'), set.has('c')]).toEqual([false, true, true]);
  });

  it('makes an entry added again the newest', () => {
    const set = new BoundedSet<string>(2);
    set.add('a');
    set.add('b');
    set.add('a');
    set.add('c');
    expect([set.has('a'), set.has('b'), set.has('c')]).toEqual([true, false, true]);
  });

  it('clears', () => {
    const set = new BoundedSet<string>(3);
    set.add('a');
    set.add('b');
    set.clear();
    expect(set.has('b')).toBe(false);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a capacity of %p', (capacity) => {
    expect(() => new BoundedSet<string>(capacity)).toThrow(RangeError);
  });
});
