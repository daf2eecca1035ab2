import { ENDED_CALLS_REMEMBERED, Engagements } from '../../src/ts/cti/core/engagements';

/** Opens and ends the calls call-1 … call-<count>; a call it already remembers does not open again. */
function endCalls(engagements: Engagements, count: number): void {
  for (let i = 1; i <= count; i++) {
    const engagement = engagements.openCall(`call-${i}`, 'inbound', '555', {});
    if (engagement) engagements.move(engagement, 'ended');
  }
}

describe('Engagements: the memory of ended calls', () => {
  it('refuses to open again a call that ended, and says it ended', () => {
    const engagements = new Engagements(() => 0);
    endCalls(engagements, 1);
    expect(engagements.openCall('call-1', 'inbound', '555', {})).toBeNull();
    expect(engagements.stateOf('call-1')).toBe('ended');
    expect(engagements.all()).toEqual([]);
  });

  it(`remembers the last ${ENDED_CALLS_REMEMBERED} ended calls unless told otherwise: the next one forgets the first`, () => {
    const engagements = new Engagements(() => 0);
    endCalls(engagements, ENDED_CALLS_REMEMBERED);
    expect(engagements.hasEnded('call-1')).toBe(true);
    endCalls(engagements, ENDED_CALLS_REMEMBERED + 1); // calls 1 … 500 are absorbed, call 501 ends
    expect(engagements.hasEnded('call-1')).toBe(false);
    expect(engagements.hasEnded('call-2')).toBe(true);
    expect(engagements.openCall('call-1', 'inbound', '555', {})).not.toBeNull(); // forgotten: a new call
  });

  it('remembers as many ended calls as it is told to', () => {
    const engagements = new Engagements(() => 0, 2);
    endCalls(engagements, 3);
    expect(['call-1', 'call-2', 'call-3'].map((id) => engagements.hasEnded(id))).toEqual([false, true, true]);
  });
});

describe('Engagements: when a call began', () => {
  it('keeps the moment a call opened while its state moves on', () => {
    let now = 1_000;
    const engagements = new Engagements(() => now);
    const engagement = engagements.openCall('call-1', 'inbound', '555', {});
    now = 5_000;
    engagements.move(engagement!, 'connected');
    now = 9_000;
    engagements.move(engagement!, 'wrapup');
    expect(engagements.get('call-1')).toMatchObject({ startedAt: 1_000, stateSince: 9_000, state: 'wrapup' });
    expect(engagements.all().map((e) => e.startedAt)).toEqual([1_000]);
  });
});
