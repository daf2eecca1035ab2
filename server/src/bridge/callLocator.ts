/**
 * Which registered DNs each live call is on, learnt from T-Server's events and snapshots. It exists to tell a
 * command on another agent's call (403 FORBIDDEN) from one on a call that does not exist (404 UNKNOWN_CALL)
 * without asking T-Server about every DN. A call leaves the index when it is released or abandoned at a DN, and a
 * DN's calls leave it when the DN is unregistered, so its size follows the live calls of connected agents.
 * A call on a DN that nobody has registered is unknown here; such a command gets 404.
 */
import type { TCall, TCallEvent } from '../backend/telephonyBackend';

export class CallLocator {
  private readonly dnsByCall = new Map<string, Set<string>>();
  private readonly callsByDn = new Map<string, Set<string>>();

  /** Updates the index from a call event at a DN. */
  observe(event: TCallEvent): void {
    if (event.name === 'EventReleased' || event.name === 'EventAbandoned') {
      this.unlink(event.call.connId, event.thisDN);
    } else if (event.name === 'EventPartyChanged') {
      this.unlink(event.previousConnId, event.thisDN);
      this.link(event.call.connId, event.thisDN);
    } else {
      this.link(event.call.connId, event.thisDN);
    }
  }

  /** Replaces what is known of a DN's calls with T-Server's snapshot of it. */
  reset(dn: string, calls: readonly TCall[]): void {
    this.forgetDn(dn);
    for (const call of calls) this.link(call.connId, dn);
  }

  forgetDn(dn: string): void {
    const connIds = this.callsByDn.get(dn);
    if (!connIds) return;
    for (const connId of [...connIds]) this.unlink(connId, dn);
  }

  /** Whether the call is known to be on some DN other than `dn`. */
  isOnAnotherDn(connId: string, dn: string): boolean {
    const dns = this.dnsByCall.get(connId);
    if (!dns) return false;
    return dns.size > (dns.has(dn) ? 1 : 0);
  }

  /** How many calls the index holds (for tests of its bound). */
  get size(): number {
    return this.dnsByCall.size;
  }

  private link(connId: string, dn: string): void {
    addTo(this.dnsByCall, connId, dn);
    addTo(this.callsByDn, dn, connId);
  }

  private unlink(connId: string, dn: string): void {
    removeFrom(this.dnsByCall, connId, dn);
    removeFrom(this.callsByDn, dn, connId);
  }
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  const values = index.get(key);
  if (values) values.add(value);
  else index.set(key, new Set<string>().add(value));
}

/** Removes the value and, with it, a key left with no values: nothing stays behind for an ended call. */
function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const values = index.get(key);
  if (!values) return;
  values.delete(value);
  if (values.size === 0) index.delete(key);
}
