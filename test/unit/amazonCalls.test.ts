import { type AgentMessage, inEnglish, say } from '../../src/ts/cti/core/agentMessages';
import type { EndedBy } from '../../src/ts/cti/core/types';
import {
  type ContactFacts,
  type ContactRecord,
  type ContactStage,
  type Sighting,
  DECLINE_CLICK_COUNTS_MS,
  declineClicked,
  dialable,
  noteMute,
  displayNumber,
  endedBy,
  interpret,
  isActive,
  noteLegs,
  sameNumber,
} from '../../src/ts/cti/vendor/amazon/amazonCalls';
import { contactRecord } from '../support/amazonContactRecord';


/** When the facts below are read, on the handler's clock (ms). */
const AT = 1_000_000;
const facts = (state: string | null, agentLeg: string | null = null, customerLeg: string | null = null, at = AT): ContactFacts => ({ at, state, agentLeg, customerLeg });

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
    ['offered; rang out (missed), the caller still on the line', 'offered', nobody, facts('missed', 'disconnected', 'connected'), 'system'],
    // Real voice contacts (https://github.com/amazon-connect/amazon-connect-streams/issues/391, #977): a ring that rang
    // out and one declined in the CCP both end 'error' with the caller still on the line; only a known decline is the agent's.
    ['offered; error, the caller still on the line (rang out, or declined in the CCP)', 'offered', nobody, facts('error', 'disconnected', 'connected'), 'system'],
    ['offered; error, the caller still on the line, declined by the agent', 'offered', { endRequested: true, firstToLeave: null }, facts('error', 'disconnected', 'connected'), 'agent'],
    ['offered; error, the caller\'s connection gone (the caller hung up)', 'offered', nobody, facts('error', 'disconnected', 'disconnected'), 'customer'],
    ['offered; missed, the caller\'s connection gone', 'offered', nobody, facts('missed', 'disconnected', 'disconnected'), 'customer'],
    ['offered; rejected, the caller\'s connection gone (Amazon also files an abandon as rejected)', 'offered', nobody, facts('rejected', 'disconnected', 'disconnected'), 'customer'],
    ['offered; the contact vanished (the caller hung up)', 'offered', nobody, facts(null), 'customer'],
    ['offered; left in a still-active state', 'offered', nobody, facts('connecting', 'connecting', 'connected'), 'customer'],
    ['offered; went straight to ended', 'offered', nobody, facts('ended', 'disconnected', 'disconnected'), 'customer'],
  ])('%s → %s', (_case, stage, seen, atEnd, expected) => {
    expect(endedBy(contactRecord({ stage, ...seen }), atEnd)).toBe(expected);
  });
});

describe('a Reject click Streams broadcast: the agent\'s decline only for an end that follows it closely', () => {
  // Streams broadcasts the click before it asks Amazon Connect (src/api.js, Contact.prototype.reject), so a decline
  // Amazon Connect refused leaves a click behind that must not turn a later ring-out or abandon into a decline.
  const clicked = (msBeforeTheEnd: number, overrides: Partial<ContactRecord> = {}) => contactRecord({ declineClickedAt: AT - msBeforeTheEnd, ...overrides });
  const rangOutOrDeclined = facts('error', 'disconnected', 'connected');

  it.each<[string, ContactRecord, ContactFacts, EndedBy]>([
    ['ended (caller still on the line) just after the click: the decline', clicked(300), rangOutOrDeclined, 'agent'],
    ['ended at the very limit of the window', clicked(DECLINE_CLICK_COUNTS_MS), rangOutOrDeclined, 'agent'],
    ['rang out after the window (the decline was refused): a ring nobody answered', clicked(DECLINE_CLICK_COUNTS_MS + 1), rangOutOrDeclined, 'system'],
    ['vanished just after the click', clicked(300), facts(null), 'agent'],
    ['the caller\'s connection gone at the end, even just after the click: the caller hung up', clicked(300), facts('error', 'disconnected', 'disconnected'), 'customer'],
    ['the caller left while it rang, after the click', clicked(300, { firstToLeave: 'customer' }), rangOutOrDeclined, 'customer'],
    ['answered after a refused decline, then the customer hung up', clicked(300, { stage: 'connected' }), facts('ended', 'disconnected', 'disconnected'), 'customer'],
    ['a placed call (a click says nothing of one: it is not reject()ed)', clicked(300, { direction: 'outbound' }), facts('error', 'disconnected', 'connected'), 'system'],
  ])('%s → %s', (_case, call, atEnd, expected) => {
    expect(endedBy(call, atEnd)).toBe(expected);
  });

  it('declineClicked is false without a click, and for a click later than the facts (another clock\'s moment)', () => {
    expect(declineClicked(contactRecord(), rangOutOrDeclined)).toBe(false);
    expect(declineClicked(clicked(-1), rangOutOrDeclined)).toBe(false);
    expect(declineClicked(clicked(0), rangOutOrDeclined)).toBe(true);
  });

  it('interpret: a click followed closely by the end reports the agent\'s decline; one long before, the system\'s ring-out', () => {
    const end = (call: ContactRecord) => interpret(call, 'over', rangOutOrDeclined).reports;
    expect(end(clicked(1000))).toEqual([{ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'agent' }]);
    expect(end(clicked(DECLINE_CLICK_COUNTS_MS + 10_000))).toEqual([{ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'system' }]);
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

  it.each<[string, ContactRecord['direction'], ContactFacts, ContactRecord['firstToLeave']]>([
    ['an inbound call\'s agent connection gone while it still rings: says nothing (a ring-out drops it too)', 'inbound', facts('connecting', 'disconnected', 'connected'), null],
    ['an inbound call\'s caller gone while it still rings', 'inbound', facts('connecting', 'connecting', 'disconnected'), 'customer'],
    ['a placed call\'s agent connection gone while it is dialed: the agent hung up', 'outbound', facts('connecting', 'disconnected', 'connecting'), 'agent'],
  ])('offered: %s → %s', (_case, direction, seen, expected) => {
    expect(noteLegs(contactRecord({ stage: 'offered', direction }), seen).firstToLeave).toBe(expected);
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
  it.each<[string, string | undefined, string]>([
    ['+1 650 555 0100', undefined, '+16505550100'],
    ['+44 (20) 7946-0958', undefined, '+442079460958'],
    ['+33.1.42.68.53.00', undefined, '+33142685300'],
    ['+16505550100', undefined, '+16505550100'],
    ['  +16505550100  ', undefined, '+16505550100'],
    ['tel:+16505550100', undefined, '+16505550100'],
    ['(650) 555-0100', 'US', '+16505550100'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+33 1 42 68 53 00', 'GB', '+33142685300'],
    ['011 33 1 42 68 53 00', 'US', '+33142685300'],
    ['00 44 20 7946 0958', 'FR', '+442079460958'],
  ])('%s (default country %s) is dialed as %s', (written, country, e164) => {
    expect(dialable(written, country)).toEqual({ ok: true, e164 });
  });

  it.each<[string, string | undefined, AgentMessage, string]>([
    [
      '650 555 0100',
      undefined,
      say('amazonNotInternational', { number: '650 555 0100' }),
      'Amazon Connect cannot dial "650 555 0100": type it with + and the country code (amazon.defaultCountry is not set).',
    ],
    [
      '12345',
      'US',
      say('amazonImplausibleNumberIn', { number: '12345', country: 'US' }),
      'Amazon Connect cannot dial "12345": it is not a phone number of a plausible length (numbers without a country code are taken as US).',
    ],
    ['+1 555', undefined, say('amazonImplausibleNumber', { number: '+1 555' }), 'Amazon Connect cannot dial "+1 555": it is not a phone number of a plausible length.'],
    [
      '+999 1234 5678',
      'US',
      say('amazonImplausibleNumberIn', { number: '+999 1234 5678', country: 'US' }),
      'Amazon Connect cannot dial "+999 1234 5678": it is not a phone number of a plausible length (numbers without a country code are taken as US).',
    ],
    [
      '',
      'US',
      say('amazonImplausibleNumberIn', { number: '', country: 'US' }),
      'Amazon Connect cannot dial "": it is not a phone number of a plausible length (numbers without a country code are taken as US).',
    ],
    [
      '+44 20 7946 0958 ext. 7',
      undefined,
      say('amazonNumberWithExtension', { number: '+44 20 7946 0958 ext. 7', extension: '7' }),
      'Amazon Connect cannot dial the extension of "+44 20 7946 0958 ext. 7" (7): dial the number without it.',
    ],
  ])('%s (default country %s) is refused, naming it', (written, country, problem, english) => {
    expect(dialable(written, country)).toEqual({ ok: false, problem });
    expect(inEnglish(problem)).toBe(english);
  });
});

describe('endedBy: a caller who hangs up while it rings, as real voice contacts show it', () => {
  it.each([
    ['error', 'disconnected', 'connecting', 'customer'],
    ['missed', 'disconnected', 'connecting', 'customer'],
    ['error', 'disconnected', 'disconnected', 'customer'],
    ['missed', 'connected', 'disconnected', 'system'],
    ['error', 'connected', 'disconnected', 'system'],
  ] as const)('%s with the customer leg %s and the agent leg %s → %s', (state, customerLeg, agentLeg, who) => {
    const call: ContactRecord = contactRecord({ stage: 'offered', announced: true });
    expect(endedBy(call, { at: AT, state, customerLeg, agentLeg })).toBe(who);
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
    ['rang out: ended by the system and cleared', {}, [['ringing', facts('connecting')], ['over', facts('error', 'disconnected', 'connected')]], ['incoming', 'ended ringing system'], [false, true]],
    [
      'the agent\'s connection dropped while it still rang, then it ended unanswered: by the system (a ring-out drops it too)',
      {},
      [['ringing', facts('connecting', 'connecting', 'connected')], ['refreshed', facts('connecting', 'disconnected', 'connected')], ['over', facts('error', 'disconnected', 'connected')]],
      ['incoming', 'ended ringing system'],
      [false, false, true],
    ],
    ['an end event while still up: nothing yet', {}, [['ringing', facts('connecting')], ['over', facts('connected')]], ['incoming'], [false, false]],
    ['removed while ringing: the caller hung up', {}, [['ringing', facts('connecting')], ['removed', facts('connecting')]], ['incoming', 'ended ringing customer'], [false, false]],
    ['removed after its end: nothing more', {}, [['ringing', facts('connecting')], ['over', facts('rejected', 'disconnected')], ['removed', facts(null)]], ['incoming', 'ended ringing agent'], [false, true, false]],
    ['a refresh notes the leg that left first', { stage: 'connected', announced: true }, [['refreshed', facts('connected', 'connected', 'disconnected')], ['over', facts('ended', 'disconnected', 'disconnected')]], ['ended connected customer'], [false, false]],
    [
      "the customer's connection on hold and back: held, resumed, each once",
      { stage: 'connected', announced: true },
      [['refreshed', facts('connected', 'connected', 'hold')], ['refreshed', facts('connected', 'connected', 'hold')], ['refreshed', facts('connected', 'connected', 'connected')], ['refreshed', facts('connected', 'connected', 'connected')]],
      ['held', 'resumed'],
      [false, false, false, false],
    ],
    [
      'the customer hangs up while held: no resume, ended by the customer',
      { stage: 'connected', announced: true },
      [['refreshed', facts('connected', 'connected', 'hold')], ['refreshed', facts('connected', 'connected', 'disconnected')], ['over', facts('ended', 'disconnected', 'disconnected')]],
      ['held', 'ended connected customer'],
      [false, false, false],
    ],
    ['a ringing call says nothing of hold', {}, [['ringing', facts('connecting')], ['refreshed', facts('connecting', 'connecting', 'hold')]], ['incoming'], [false, false]],
  ])('%s', (_case, record, sightings, reports, clear) => {
    expect(short(fresh(record), sightings)).toEqual({ reports, clear });
  });

  it.each<[string, ContactFacts, string[], boolean]>([
    ['ringing', facts('connecting'), ['incoming'], false],
    ['talking (a reload during a call)', facts('connected', 'connected', 'connected'), ['incoming', 'connected'], false],
    ['paused', facts('paused', 'connected', 'connected'), ['incoming', 'connected'], false],
    ["with the customer's connection on hold", facts('connected', 'connected', 'hold'), ['incoming', 'connected', 'held'], false],
    ['in after-call work', facts('ended', 'disconnected', 'disconnected'), ['incoming', 'connected', 'ended connected customer'], false],
    ['failed before it was shown', facts('error', 'disconnected', 'connected'), ['incoming', 'ended ringing system'], true],
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

describe('noteMute: the softphone says the agent is muted or not', () => {
  it('reports a change for a talking call, once', () => {
    const talking = contactRecord({ stage: 'connected' });
    const muted = noteMute(talking, true);
    expect(muted.reports).toEqual([{ type: 'muted', eventId: 'c1' }]);
    expect(noteMute(muted.record, true).reports).toEqual([]);
    expect(noteMute(muted.record, false).reports).toEqual([{ type: 'unmuted', eventId: 'c1' }]);
    expect(talking.muted).toBe(false);
  });

  it('says nothing for a call that rings or is over', () => {
    expect(noteMute(contactRecord({ stage: 'offered' }), true).reports).toEqual([]);
    expect(noteMute(contactRecord({ stage: 'ended', muted: true }), false).reports).toEqual([]);
  });
});
