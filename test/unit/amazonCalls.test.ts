import type { EndedBy } from '../../src/ts/cti/core/types';
import { type ContactFacts, type ContactRecord, type ContactStage, type Sighting, dialable, displayNumber, endedBy, interpret, isActive, noteLegs, sameNumber } from '../../src/ts/cti/vendor/amazon/amazonCalls';

function contactRecord(overrides: Partial<ContactRecord> = {}): ContactRecord {
  return {
    contactId: 'c1',
    eventId: 'c1',
    direction: 'inbound',
    phoneNumber: '+16505550100',
    stage: 'offered',
    announced: true,
    endRequested: false,
    firstToLeave: null,
    ...overrides,
  };
}

const facts = (state: string | null, agentLeg: string | null = null, customerLeg: string | null = null): ContactFacts => ({ state, agentLeg, customerLeg });

describe('endedBy', () => {
  type Row = [string, ContactStage, Pick<ContactRecord, 'endRequested' | 'firstToLeave'>, ContactFacts, EndedBy];
  const nobody = { endRequested: false, firstToLeave: null };

  it.each<Row>([
    // The toolbar asked: whatever Streams shows next, the agent ended it.
    ['the toolbar declined it; it vanished', 'offered', { endRequested: true, firstToLeave: null }, facts(null), 'agent'],
    ['the toolbar declined it; it was rejected', 'offered', { endRequested: true, firstToLeave: null }, facts('rejected', 'disconnected', 'connected'), 'agent'],
    ['the toolbar hung up; both legs ended together', 'connected', { endRequested: true, firstToLeave: null }, facts('ended', 'disconnected', 'disconnected'), 'agent'],
    ['the toolbar hung up after the customer had left', 'connected', { endRequested: true, firstToLeave: 'customer' }, facts('ended', 'disconnected', 'disconnected'), 'agent'],
    // A leg seen leaving first while the contact was up.
    ['the customer\'s leg left first', 'connected', { endRequested: false, firstToLeave: 'customer' }, facts('ended', 'disconnected', 'disconnected'), 'customer'],
    ['the agent\'s leg left first (hung up in the CCP)', 'connected', { endRequested: false, firstToLeave: 'agent' }, facts('ended', 'disconnected', 'disconnected'), 'agent'],
    ['the caller\'s leg left while it rang, then it was missed', 'offered', { endRequested: false, firstToLeave: 'customer' }, facts('missed', 'disconnected', 'disconnected'), 'customer'],
    // Answered, nothing seen before the end: the last snapshot's legs.
    ['answered; the customer\'s leg is still up at the end', 'connected', nobody, facts('ended', 'disconnected', 'connected'), 'agent'],
    ['answered; both legs ended together', 'connected', nobody, facts('ended', 'disconnected', 'disconnected'), 'customer'],
    ['answered; the contact vanished', 'connected', nobody, facts(null), 'customer'],
    // Offered, nothing seen before the end: the contact's final state.
    ['offered; rejected in the CCP', 'offered', nobody, facts('rejected', 'disconnected', 'connected'), 'agent'],
    ['offered; rang out (missed)', 'offered', nobody, facts('missed', 'disconnected', 'disconnected'), 'system'],
    ['offered; the line failed (error)', 'offered', nobody, facts('error', 'disconnected', 'disconnected'), 'system'],
    ['offered; the contact vanished (the caller hung up)', 'offered', nobody, facts(null), 'customer'],
    ['offered; left in a still-active state', 'offered', nobody, facts('connecting', 'connecting', 'connected'), 'customer'],
    ['offered; went straight to ended', 'offered', nobody, facts('ended', 'disconnected', 'disconnected'), 'customer'],
  ])('%s → %s', (_case, stage, seen, atEnd, expected) => {
    expect(endedBy(contactRecord({ stage, ...seen }), atEnd)).toBe(expected);
  });
});

describe('noteLegs', () => {
  it.each<[string, ContactFacts, ContactRecord['firstToLeave']]>([
    ['the customer\'s leg gone while the contact is up', facts('connected', 'connected', 'disconnected'), 'customer'],
    ['the agent\'s leg gone while the contact is up', facts('connected', 'disconnected', 'connected'), 'agent'],
    ['the caller\'s leg gone while it rings', facts('connecting', 'connecting', 'disconnected'), 'customer'],
    ['both gone in one snapshot of a contact still up: the customer is read first', facts('connected', 'disconnected', 'disconnected'), 'customer'],
    ['both legs up', facts('connected', 'connected', 'connected'), null],
    ['legs gone in a snapshot of an ended contact: the end decides, not this', facts('ended', 'disconnected', 'connected'), null],
    ['a vanished contact', facts(null), null],
  ])('%s → %s', (_case, seen, expected) => {
    const call = Object.freeze(contactRecord({ stage: 'connected' }));
    expect(noteLegs(call, seen).firstToLeave).toBe(expected);
    expect(call.firstToLeave).toBeNull();
  });

  it('keeps the first leg seen leaving', () => {
    const call = contactRecord({ stage: 'connected' });
    const agentGone = noteLegs(call, facts('connected', 'disconnected', 'connected'));
    expect(noteLegs(agentGone, facts('connected', 'disconnected', 'disconnected')).firstToLeave).toBe('agent');
  });
});

describe('isActive', () => {
  it.each([
    ['incoming', true],
    ['pending', true],
    ['connecting', true],
    ['connected', true],
    ['paused', true],
    ['ended', false],
    ['missed', false],
    ['rejected', false],
    ['error', false],
    ['init', false],
    ['weird', false],
  ])('%s → %s', (state, active) => {
    expect(isActive(state)).toBe(active);
  });

  it('a vanished contact (null) is not active', () => {
    expect(isActive(null)).toBe(false);
  });
});

describe('displayNumber', () => {
  it.each<[unknown, string]>([
    ['+16505550100', '+16505550100'],
    ['  +44 20 7123 4567 ', '+44 20 7123 4567'],
    ['', 'anonymous'],
    ['   ', 'anonymous'],
    [null, 'anonymous'],
    [undefined, 'anonymous'],
    [16505550100, 'anonymous'],
  ])('%j → %j', (number, shown) => {
    expect(displayNumber(number)).toBe(shown);
  });
});

describe('sameNumber', () => {
  it.each<[string, string, boolean]>([
    ['+16505550100', '+16505550100', true],
    ['+1 650 555 0100', '+16505550100', true],
    ['+1 (650) 555-0100', '16505550100', true],
    ['+16505550100', '+16505550101', false],
    ['+33142685300', '+16505550100', false],
    ['anonymous', 'anonymous', false],
    ['', '', false],
  ])('%j and %j → %s', (a, b, same) => {
    expect(sameNumber(a, b)).toBe(same);
  });
});

describe('dialable', () => {
  it.each([
    ['+1 650 555 0100', '+16505550100'],
    ['+44 (20) 7946-0958', '+442079460958'],
    ['+33.1.42.68.53.00', '+33142685300'],
    ['+16505550100', '+16505550100'],
  ])('%s is dialed as %s', (written, dialed) => {
    expect(dialable(written)).toBe(dialed);
  });
});

describe('endedBy: a caller who hangs up while it rings, as real voice contacts show it', () => {
  it.each([
    ['error', 'disconnected', 'connecting', 'customer'],
    ['missed', 'disconnected', 'connecting', 'customer'],
    ['missed', 'disconnected', 'disconnected', 'system'],
    ['error', 'connected', 'disconnected', 'system'],
  ] as const)('%s with the customer leg %s and the agent leg %s → %s', (state, customerLeg, agentLeg, who) => {
    const call: ContactRecord = { contactId: 'c1', eventId: 'c1', direction: 'inbound', phoneNumber: '+16505550100', stage: 'offered', announced: true, endRequested: false, firstToLeave: null };
    expect(endedBy(call, { state, customerLeg, agentLeg })).toBe(who);
  });
});

describe('interpret: what the core hears of one contact', () => {
  const fresh = (overrides: Partial<ContactRecord> = {}): ContactRecord => contactRecord({ announced: false, ...overrides });
  /**
   * Reports written short: 'incoming', 'connected', 'ended ringing customer', 'error'. Each sighting is interpreted on
   * the record the one before returned, as the handler keeps it; every record is frozen, so a rule that changed one
   * in place would throw.
   */
  const short = (first: ContactRecord, sightings: Array<[Sighting, ContactFacts]>): { reports: string[]; clear: boolean[] } => {
    const reports: string[] = [];
    const clear: boolean[] = [];
    let record = Object.freeze(first);
    for (const [sighting, atThatMoment] of sightings) {
      const interpretation = interpret(record, sighting, atThatMoment);
      for (const event of interpretation.reports) reports.push(event.type === 'ended' ? `ended ${event.phase} ${event.endedBy}` : event.type);
      clear.push(interpretation.clear);
      record = Object.freeze(interpretation.record);
    }
    return { reports, clear };
  };

  it.each<[string, Partial<ContactRecord>, Array<[Sighting, ContactFacts]>, string[], boolean[]]>([
    ['rings twice: announced once', {}, [['ringing', facts('connecting')], ['ringing', facts('connecting')]], ['incoming'], [false, false]],
    ['a placed call is announced dialing', { direction: 'outbound' }, [['ringing', facts('connecting')]], ['dialing'], [false]],
    ['answered without a ring seen: announced first', {}, [['answered', facts('connected')]], ['incoming', 'connected'], [false]],
    ['answered twice: connected once', {}, [['ringing', facts('connecting')], ['answered', facts('connected')], ['answered', facts('connected')]], ['incoming', 'connected'], [false, false, false]],
    [
      'after-call work, then ENDED too: one end, nothing cleared (Fusion wraps up)',
      {},
      [['answered', facts('connected')], ['over', facts('ended', 'disconnected', 'disconnected')], ['over', facts('ended', 'disconnected', 'disconnected')]],
      ['incoming', 'connected', 'ended connected customer'],
      [false, false, false],
    ],
    ['rang out: ended by the system and cleared', {}, [['ringing', facts('connecting')], ['over', facts('missed', 'disconnected', 'disconnected')]], ['incoming', 'ended ringing system'], [false, true]],
    ['an end event while still up: nothing yet', {}, [['ringing', facts('connecting')], ['over', facts('connected')]], ['incoming'], [false, false]],
    ['removed while ringing: the caller hung up', {}, [['ringing', facts('connecting')], ['removed', facts('connecting')]], ['incoming', 'ended ringing customer'], [false, false]],
    ['removed after its end: nothing more', {}, [['ringing', facts('connecting')], ['over', facts('rejected', 'disconnected')], ['removed', facts(null)]], ['incoming', 'ended ringing agent'], [false, true, false]],
    ['a refresh notes the leg that left first', { stage: 'connected', announced: true }, [['refreshed', facts('connected', 'connected', 'disconnected')], ['over', facts('ended', 'disconnected', 'disconnected')]], ['ended connected customer'], [false, false]],
  ])('%s', (_case, record, sightings, reports, clear) => {
    expect(short(fresh(record), sightings)).toEqual({ reports, clear });
  });

  it.each<[string, ContactFacts, string[], boolean]>([
    ['ringing', facts('connecting'), ['incoming'], false],
    ['talking (a reload during a call)', facts('connected', 'connected', 'connected'), ['incoming', 'connected'], false],
    ['on hold', facts('paused', 'connected', 'connected'), ['incoming', 'connected'], false],
    ['in after-call work', facts('ended', 'disconnected', 'disconnected'), ['incoming', 'connected', 'ended connected customer'], false],
    ['failed before it was shown (a dial)', facts('error', 'disconnected', 'disconnected'), ['incoming', 'ended ringing system'], true],
    ['in a state Streams does not know', facts('queued'), ['error', 'incoming'], false],
  ])('first seen %s', (_case, atFirstSight, reports, clear) => {
    expect(short(fresh(), [['firstSeen', atFirstSight]])).toEqual({ reports, clear: [clear] });
  });

  it('returns the record that follows and leaves the one it was given as it was', () => {
    const ringingCall = contactRecord({ announced: false });
    const before = { ...ringingCall };
    const { record } = interpret(ringingCall, 'answered', facts('connected', 'connected', 'connected'));
    expect(ringingCall).toEqual(before);
    expect(record).toEqual({ ...before, announced: true, stage: 'connected' });
    const customerLeft = interpret(record, 'refreshed', facts('connected', 'connected', 'disconnected')).record;
    expect(customerLeft).toEqual({ ...record, firstToLeave: 'customer' });
    expect(record.firstToLeave).toBeNull();
  });
});
