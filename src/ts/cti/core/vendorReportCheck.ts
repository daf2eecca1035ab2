import { agentMessageProblem } from './agentMessages';
import { THIRD_PARTY_GONE, THIRD_PARTY_STATES, type VendorEvent } from './types';

const PHASES: readonly string[] = ['ringing', 'connected'];
const ENDED_BY: readonly string[] = ['agent', 'customer', 'system'];
const LINK_STATES: readonly string[] = ['connecting', 'connected', 'reconnecting', 'down'];

/**
 * Handlers are typed, but their reports are built from what a vendor sent over the wire: check the fields the
 * core relies on, and name the first that is wrong (null: the report is usable).
 */
export function vendorReportProblem(event: VendorEvent): string | null {
  const e = event as unknown as Record<string, unknown>;
  const text = (key: string) => typeof e[key] === 'string' && e[key].trim() !== '';
  switch (event.type) {
    case 'incoming':
    case 'dialing':
      if (!text('eventId')) return `${event.type} without a call id`;
      if (!text('phoneNumber')) return `${event.type} for call ${event.eventId} without a phone number`;
      if (event.type === 'incoming' && event.transfer !== undefined) {
        const from = (event.transfer as unknown as Record<string, unknown> | null)?.from;
        if (event.transfer === null || typeof event.transfer !== 'object' || (from !== undefined && typeof from !== 'string')) {
          return `incoming call ${event.eventId} with an unreadable transfer`;
        }
      }
      return null;
    case 'thirdParty': {
      if (!text('eventId')) return 'thirdParty without a call id';
      const party = event.party as unknown as Record<string, unknown> | null;
      if (party === null) {
        return event.gone === undefined || (THIRD_PARTY_GONE as readonly string[]).includes(event.gone) ? null : `third party gone as "${String(event.gone)}"`;
      }
      if (typeof party !== 'object' || typeof party.destination !== 'string' || party.destination.trim() === '') return `thirdParty for call ${event.eventId} without a destination`;
      return (THIRD_PARTY_STATES as readonly string[]).includes(String(party.state)) ? null : `third party in state "${String(party.state)}"`;
    }
    case 'transferred':
      if (!text('eventId')) return 'transferred without a call id';
      return text('destination') ? null : `transferred call ${event.eventId} without a destination`;
    // A failed dial's code and message are not checked here: an odd one still closes the call, and outboundFailure.ts
    // checks the message as agentMessageProblem does the others', putting "no reason given" in the place of a bad one.
    case 'connected':
    case 'held':
    case 'resumed':
    case 'muted':
    case 'unmuted':
    case 'outboundFailed':
      return text('eventId') ? null : `${event.type} without a call id`;
    case 'ended':
      if (!text('eventId')) return 'ended without a call id';
      if (!PHASES.includes(event.phase)) return `ended with phase "${String(event.phase)}"`;
      return ENDED_BY.includes(event.endedBy) ? null : `ended by "${String(event.endedBy)}"`;
    case 'agentState': {
      const p = event.presence as unknown as Record<string, unknown> | undefined;
      const ok = !!p && typeof p.available === 'boolean' && typeof p.loggedIn === 'boolean' && typeof p.stateCode === 'string' && typeof p.displayName === 'string';
      // A bad label is not checked here: the presence is usable without it (presenceLabelProblem).
      return ok ? null : 'agentState without a complete presence';
    }
    case 'link': {
      if (!LINK_STATES.includes(event.status)) return `link status "${String(event.status)}"`;
      const problem = event.detail === undefined ? null : agentMessageProblem(event.detail);
      return problem === null ? null : `link detail: ${problem}`;
    }
    case 'error': {
      const problem = agentMessageProblem(event.message);
      return problem === null ? null : `error: ${problem}`;
    }
    default:
      return `unknown report type "${String(e.type)}"`;
  }
}

/**
 * What is wrong with a presence's label (the toolbar's own words for it), or null. A presence with a bad label is
 * still the agent's state: the core drops the label and shows displayName, rather than lose the state change.
 */
export function presenceLabelProblem(event: Extract<VendorEvent, { type: 'agentState' }>): string | null {
  return event.presence.label === undefined ? null : agentMessageProblem(event.presence.label);
}
