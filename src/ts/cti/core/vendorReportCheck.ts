import type { VendorEvent } from './types';

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
      return text('phoneNumber') ? null : `${event.type} for call ${event.eventId} without a phone number`;
    // A failed dial's code and message are not checked here: an odd one still closes the call (outboundFailure.ts).
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
      return ok ? null : 'agentState without a complete presence';
    }
    case 'link':
      return LINK_STATES.includes(event.status) ? null : `link status "${String(event.status)}"`;
    case 'error':
      return text('message') ? null : 'error without a message';
    default:
      return `unknown report type "${String(e.type)}"`;
  }
}
