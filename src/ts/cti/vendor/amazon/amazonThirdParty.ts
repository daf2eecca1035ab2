/**
 * The rules of a call's third party with Amazon Connect: what the core hears of a consult leg, a conference and a
 * transfer, read from the contact's connections. Pure, like amazonCalls.ts, whose records these rules advance.
 *
 * What Streams shows (https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md): a third
 * party is a connection of the contact that is neither the initial (the customer's) nor the agent's
 * (contact.getThirdPartyConnections()), one active at a time in a voice contact; contact.addConnection() places it and
 * the customer waits on hold meanwhile; conferenceConnections() joins everyone, which shows as the customer's and the
 * third party's connections both 'connected'. Its connection rings ('connecting') until answered, except that a
 * connection to an agent or a queue is 'connected' once routed there (connection.isConnected(); issue #447), so a
 * consult of another agent talks, as far as anyone can tell, before that agent answers. A connection that drops says
 * nothing of why: a third party that never answered "could not be reached" (busy, refused and unanswered look alike);
 * one that talked hung up.
 *
 * The agent who leaves while a third party is on the line leaves the customer with it (issues #203, #274): a transfer,
 * unless the three were in a conference, which the agent simply leaves. A customer who hangs up during a consult or a
 * conference leaves the agent with the third party: the call is over for the toolbar, and the handler releases the agent
 * (destroys the agent's connection) so that they are free.
 */
import type { EndedBy, EventId, ThirdParty, ThirdPartyGone, VendorEvent } from '../../core/types';
import type { ContactFacts, ContactRecord } from './amazonCalls';

/** The contact's latest third-party connection, as read from Streams. */
export interface ThirdPartyFacts {
  readonly connectionId: string;
  /** The connection's state type ('connecting', 'connected', 'hold', 'disconnected', …); null if unreadable. */
  readonly state: string | null;
  /** What the agent reads for it: its quick connect's name, else its number. */
  readonly label: string;
}

/** The third party as the core was last told of it. */
export interface RecordedThirdParty extends ThirdParty {
  readonly connectionId: string;
}

/** What the handler keeps of a call's third party and of the toolbar's transfer requests on it. */
export interface TransferRecord {
  /** The third party as the core last heard of it; null: none. */
  readonly party: RecordedThirdParty | null;
  /** The name the agent chose for the next third party the toolbar places (a number as typed, a quick connect's name). */
  readonly nextDestination: string | null;
  /** The toolbar dropped the third party: its going is reported as 'cancelled'. */
  readonly cancelRequested: boolean;
  /** A blind transfer to this destination is under way: the consult leg it opens is not news for the core. */
  readonly blindTo: string | null;
}

export const NO_TRANSFER: TransferRecord = { party: null, nextDestination: null, cancelRequested: false, blindTo: null };

interface Step {
  readonly record: ContactRecord;
  readonly reports: readonly VendorEvent[];
}

/** The connection states of a party still on the call (connect.CONNECTION_ACTIVE_STATES, without a supervisor's). */
const ON_THE_CALL = ['connecting', 'connected', 'hold'];

export function partyOnTheCall(party: ThirdPartyFacts | null | undefined): boolean {
  return party !== null && party !== undefined && party.state !== null && ON_THE_CALL.includes(party.state);
}

/** The third party's state as the contract names it, from its connection and the customer's; null when it is gone. */
export function partyStateOf(facts: ContactFacts): ThirdParty['state'] | null {
  const party = facts.thirdParty;
  if (!party || !partyOnTheCall(party)) return null;
  if (party.state === 'connecting') return 'dialing';
  // Both talking: a conference. Otherwise one of them waits on hold (a consult, or the agent back with the customer).
  return party.state === 'connected' && facts.customerLeg === 'connected' ? 'conferenced' : 'talking';
}

function report(eventId: EventId, party: ThirdParty | null, gone?: ThirdPartyGone): VendorEvent {
  if (party === null) return { type: 'thirdParty', eventId, party: null, ...(gone ? { gone } : {}) };
  return { type: 'thirdParty', eventId, party: { destination: party.destination, state: party.state } };
}

/** Why a party the core knew is gone: the toolbar's cancel, or a leg that rang and never talked, or one that talked. */
function goneReason(transfer: TransferRecord, before: RecordedThirdParty): ThirdPartyGone {
  if (transfer.cancelRequested) return 'cancelled';
  return before.state === 'dialing' ? 'failed' : 'hungUp';
}

/**
 * A talking call's third party as Streams now shows it: placed, answered, joined to a conference, or gone, reported when
 * it changed. Nothing while the agent is out of the call or a blind transfer is under way.
 */
export function noteThirdParty(record: ContactRecord, facts: ContactFacts): Step {
  const transfer = record.transfer;
  const nothing: Step = { record, reports: [] };
  if (record.stage !== 'connected' || !isUp(facts) || facts.agentLeg === 'disconnected' || transfer.blindTo !== null) return nothing;
  const state = partyStateOf(facts);
  const before = transfer.party;
  const party = facts.thirdParty;
  if (state === null || !party) {
    if (!before) return nothing;
    return {
      record: { ...record, transfer: { ...transfer, party: null, cancelRequested: false } },
      reports: [report(record.eventId, null, goneReason(transfer, before))],
    };
  }
  const same = before !== null && before.connectionId === party.connectionId;
  if (same && before.state === state) return nothing;
  // A new connection in place of one never seen to go: that one went first.
  const went = before !== null && !same ? [report(record.eventId, null, goneReason(transfer, before))] : [];
  const destination = same ? before.destination : (transfer.nextDestination ?? party.label);
  const now: RecordedThirdParty = { connectionId: party.connectionId, destination, state };
  return {
    record: { ...record, transfer: { ...transfer, party: now, nextDestination: same ? transfer.nextDestination : null, cancelRequested: same ? transfer.cancelRequested : false } },
    reports: [...went, report(record.eventId, now)],
  };
}

/** The contact is still up: connecting or connected (the states in which a third party can come and go). */
function isUp(facts: ContactFacts): boolean {
  return facts.state === 'connected' || facts.state === 'connecting';
}

/**
 * The customer hung up while a third party is on the call: the call is over for the toolbar (the handler then releases
 * the agent, who would otherwise stay with the third party).
 */
export function customerLeftThirdParty(record: ContactRecord, facts: ContactFacts): boolean {
  if (record.stage !== 'connected' || !isUp(facts) || facts.agentLeg === 'disconnected' || facts.customerLeg !== 'disconnected') return false;
  return partyOnTheCall(facts.thirdParty) || record.transfer.party !== null;
}

/**
 * Where the call went, if its end is a transfer: the agent left it (`by`) with the customer and a third party that was
 * being consulted or called for a blind transfer. An agent who leaves a conference merely leaves it.
 */
export function transferredTo(record: ContactRecord, by: EndedBy): string | null {
  if (by !== 'agent' || record.stage !== 'connected') return null;
  if (record.transfer.blindTo !== null) return record.transfer.blindTo;
  const party = record.transfer.party;
  return party && party.state !== 'conferenced' ? party.destination : null;
}
