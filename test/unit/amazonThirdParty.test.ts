/** The rules of an Amazon call's third party, and the quick connects as a directory: pure, read as tables. */
import { type ContactFacts, type ContactRecord, interpret } from '../../src/ts/cti/vendor/amazon/amazonCalls';
import {
  NO_TRANSFER,
  type ThirdPartyFacts,
  customerLeftThirdParty,
  noteThirdParty,
  partyStateOf,
  transferredTo,
} from '../../src/ts/cti/vendor/amazon/amazonThirdParty';
import { MAX_DIRECTORY_ENTRIES, directoryOf } from '../../src/ts/cti/vendor/amazon/amazonDirectory';
import type { VendorEvent } from '../../src/ts/cti/core/types';
import { contactRecord } from '../support/amazonContactRecord';

/** A connected call, frozen: the rules must not change the record they are given. */
function talkingCall(overrides: Partial<ContactRecord> = {}): ContactRecord {
  return Object.freeze(contactRecord({ stage: 'connected', ...overrides }));
}

const party = (state: string | null, connectionId = 'p1', label = '+16505550199'): ThirdPartyFacts => ({ connectionId, state, label });
const facts = (customerLeg: string, thirdParty: ThirdPartyFacts | null, agentLeg = 'connected', state = 'connected'): ContactFacts => ({ at: 0, state, agentLeg, customerLeg, thirdParty });

/** Each facts in turn, on the record the one before left: what the core heard, written short. */
function story(record: ContactRecord, steps: ContactFacts[]): { said: string[]; last: ContactRecord } {
  const said: string[] = [];
  let now = record;
  for (const step of steps) {
    const { record: next, reports } = noteThirdParty(now, step);
    now = Object.freeze(next);
    said.push(...reports.map(short));
  }
  return { said, last: now };
}

function short(event: VendorEvent): string {
  if (event.type === 'thirdParty') return event.party ? `${event.party.destination} ${event.party.state}` : `gone ${event.gone}`;
  if (event.type === 'ended') return `ended ${event.phase} ${event.endedBy}`;
  if (event.type === 'transferred') return `transferred ${event.destination}`;
  return event.type;
}

describe('partyStateOf', () => {
  it.each<[string, string, ThirdPartyFacts | null, string | null]>([
    ['ringing, the customer on hold', 'hold', party('connecting'), 'dialing'],
    ['answered, the customer on hold: a consult', 'hold', party('connected'), 'talking'],
    ['both talking: a conference', 'connected', party('connected'), 'conferenced'],
    ['swapped: the third party waits, the agent is back with the customer', 'connected', party('hold'), 'talking'],
    ['dropped', 'hold', party('disconnected'), null],
    ['unreadable', 'hold', party(null), null],
    ['none', 'connected', null, null],
  ])('%s', (_what, customerLeg, thirdParty, expected) => {
    expect(partyStateOf(facts(customerLeg, thirdParty))).toBe(expected);
  });
});

describe('noteThirdParty', () => {
  it('tells a consult as it goes: placed, answered, joined, gone; a party that talked hung up', () => {
    const { said } = story(talkingCall({ transfer: { ...NO_TRANSFER, nextDestination: 'Billing desk' } }), [
      facts('hold', party('connecting')),
      facts('hold', party('connecting')),
      facts('hold', party('connected')),
      facts('connected', party('connected')),
      facts('connected', party('disconnected')),
    ]);
    expect(said).toEqual(['Billing desk dialing', 'Billing desk talking', 'Billing desk conferenced', 'gone hungUp']);
  });

  it('a party that never talked could not be reached; one the toolbar dropped is cancelled', () => {
    expect(story(talkingCall(), [facts('hold', party('connecting')), facts('hold', party('disconnected'))]).said).toEqual(['+16505550199 dialing', 'gone failed']);
    const placed = story(talkingCall(), [facts('hold', party('connected'))]).last;
    const dropping = talkingCall({ transfer: { ...placed.transfer, cancelRequested: true } });
    const { said, last } = story(dropping, [facts('hold', party('disconnected'))]);
    expect(said).toEqual(['gone cancelled']);
    expect(last.transfer).toEqual(NO_TRANSFER);
  });

  it('a new connection where one was never seen to go: that one went first', () => {
    const { said } = story(talkingCall(), [facts('hold', party('connected', 'p1')), facts('hold', party('connecting', 'p2', 'Claims queue'))]);
    expect(said).toEqual(['+16505550199 talking', 'gone hungUp', 'Claims queue dialing']);
  });

  it('says nothing during a blind transfer, once the agent is out, or for a call not talking', () => {
    expect(story(talkingCall({ transfer: { ...NO_TRANSFER, blindTo: 'Billing desk' } }), [facts('hold', party('connecting'))]).said).toEqual([]);
    expect(story(talkingCall(), [facts('hold', party('connected'), 'disconnected')]).said).toEqual([]);
    expect(story(talkingCall({ stage: 'offered' }), [facts('hold', party('connecting'))]).said).toEqual([]);
    expect(story(talkingCall(), [facts('hold', party('connecting'), 'disconnected', 'ended')]).said).toEqual([]);
  });
});

describe('how a call with a third party ends', () => {
  const consulting = talkingCall({ transfer: { ...NO_TRANSFER, party: { connectionId: 'p1', destination: 'Billing desk', state: 'talking' } } });
  const conference = talkingCall({ transfer: { ...NO_TRANSFER, party: { connectionId: 'p1', destination: 'Billing desk', state: 'conferenced' } } });

  it.each<[string, ContactRecord, 'agent' | 'customer' | 'system', string | null]>([
    ['the agent leaves a consult: a transfer', consulting, 'agent', 'Billing desk'],
    ['the agent leaves a conference: no transfer', conference, 'agent', null],
    ['the customer leaves a consult: no transfer', consulting, 'customer', null],
    ['the agent leaves during a blind transfer', talkingCall({ transfer: { ...NO_TRANSFER, blindTo: '+1 650 555 0199' } }), 'agent', '+1 650 555 0199'],
    ['the agent hangs up a call with nobody else', talkingCall(), 'agent', null],
    ['a ringing call declined', talkingCall({ stage: 'offered', transfer: { ...NO_TRANSFER, blindTo: 'x' } }), 'agent', null],
  ])('%s', (_what, record, by, destination) => {
    expect(transferredTo(record, by)).toBe(destination);
  });

  it('the customer who leaves a third party with the agent: the call ends by the customer, and the agent is released', () => {
    const left = facts('disconnected', party('connected'));
    expect(customerLeftThirdParty(consulting, left)).toBe(true);
    expect(customerLeftThirdParty(talkingCall(), facts('disconnected', null))).toBe(false); // a plain hang-up: the contact ends by itself
    expect(customerLeftThirdParty(consulting, facts('disconnected', party('connected'), 'disconnected'))).toBe(false);
    const { reports, release, clear, record } = interpret(consulting, 'refreshed', left);
    expect(reports.map(short)).toEqual(['ended connected customer']);
    expect([release, clear, record.stage]).toEqual([true, false, 'ended']);
    // The contact's own end, after the release, is no news.
    expect(interpret(record, 'over', { ...left, state: 'ended', agentLeg: 'disconnected' }).reports).toEqual([]);
  });

  it('the agent who left a consult (the agent leg first, then after-contact work): transferred, not ended', () => {
    const out = interpret(consulting, 'refreshed', facts('hold', party('connected'), 'disconnected'));
    expect(out.reports).toEqual([]);
    const end = interpret(out.record, 'over', facts('disconnected', party('disconnected'), 'disconnected', 'ended'));
    expect(end.reports.map(short)).toEqual(['transferred Billing desk']);
    expect(end.clear).toBe(false); // after-contact work waits for Fusion's wrap-up
  });

  it('a call transferred in is announced as one', () => {
    const { reports } = interpret(talkingCall({ stage: 'offered', announced: false, transferredIn: true }), 'ringing', facts('connected', null, 'connecting', 'connecting'));
    expect(reports).toEqual([{ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100', transfer: {} }]);
  });
});

describe('directoryOf', () => {
  const arn = (n: number) => `arn:aws:connect:us-east-1:123456789012:instance/i/transfer-destination/${n}`;

  it("keeps Amazon Connect's order, names each kind, and keeps each endpoint for the transfer", () => {
    const endpoints = [
      { endpointARN: arn(1), type: 'agent', name: 'Maria Garcia' },
      { endpointARN: arn(2), type: 'queue', name: ' Claims queue ' },
      { endpointARN: arn(3), type: 'phone_number', name: 'Billing desk', phoneNumber: '+16505550199' },
    ];
    const { entries, endpoints: byId } = directoryOf(endpoints);
    expect(entries).toEqual([
      { id: arn(1), name: 'Maria Garcia', kind: 'agent' },
      { id: arn(2), name: 'Claims queue', kind: 'queue' },
      { id: arn(3), name: 'Billing desk', kind: 'number' },
    ]);
    expect(byId.get(arn(3))).toBe(endpoints[2]);
  });

  it('leaves out what it cannot offer: no id, an id with spaces, no name, an unknown type, a repeat, a non-object', () => {
    const { entries } = directoryOf([
      { type: 'agent', name: 'No id' },
      { endpointARN: 'has spaces', type: 'agent', name: 'Spaced' },
      { endpointARN: arn(1), type: 'agent', name: '  ' },
      { endpointARN: arn(2), type: 'email', name: 'Mailbox' },
      { endpointARN: arn(3), type: 'queue', name: 'Claims queue' },
      { endpointARN: arn(3), type: 'queue', name: 'Claims queue again' },
      'Billing desk',
      null,
    ]);
    expect(entries).toEqual([{ id: arn(3), name: 'Claims queue', kind: 'queue' }]);
    expect(directoryOf(undefined).entries).toEqual([]);
    expect(directoryOf(Array.from({ length: MAX_DIRECTORY_ENTRIES + 5 }, (_, i) => ({ endpointARN: arn(i), type: 'agent', name: `Agent ${i}` }))).entries).toHaveLength(MAX_DIRECTORY_ENTRIES);
  });
});
