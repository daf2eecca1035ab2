/**
 * Sessions routed by DN: Map<dn, Set<Session>>, so an event finds its sessions in O(1) whatever the number of
 * agents. It also owns the DN's registration with T-Server: registered when the DN's first session arrives,
 * unregistered when its last one leaves (as WWE does: a DN is registered while its agent's desktop is connected).
 */
import type { TelephonyBackend } from '../backend/telephonyBackend';
import { messageOf } from './failure';
import type { Session } from './session';
import type { WarningLog } from './warningLog';

interface DnRoute {
  readonly sessions: Set<Session>;
  /** Settles when the DN's registration is done; every session of the DN waits on it before its snapshot. */
  readonly registration: Promise<void>;
}

export class SessionRegistry {
  private readonly routes = new Map<string, DnRoute>();
  /** Unregistrations in flight, so that a DN re-registered right after its last session left is not undone. */
  private readonly unregistering = new Map<string, Promise<void>>();

  constructor(
    private readonly backend: TelephonyBackend,
    /** Called once a DN's last session has left and the DN is unregistered: what was known of its calls is stale. */
    private readonly onDnReleased: (dn: string) => void,
    private readonly log: WarningLog,
  ) {}

  /**
   * Adds a session at once (so it starts collecting its DN's events) and resolves when its DN is registered.
   * Rejects when T-Server refuses the registration; the caller then closes the session.
   */
  add(session: Session): Promise<void> {
    const route = this.routes.get(session.dn) ?? this.openRoute(session.dn);
    route.sessions.add(session);
    return route.registration;
  }

  remove(session: Session): void {
    const route = this.routes.get(session.dn);
    if (!route?.sessions.delete(session) || route.sessions.size > 0) return;
    this.routes.delete(session.dn);
    const dn = session.dn;
    const unregistration = route.registration
      .then(
        () => this.backend.unregister(dn),
        () => undefined, // never registered: nothing to undo
      )
      .then(
        () => this.onDnReleased(dn),
        (error: unknown) => this.log.warn({ dn, err: messageOf(error) }, 'unregistering the DN failed'),
      )
      .finally(() => {
        if (this.unregistering.get(dn) === unregistration) this.unregistering.delete(dn);
      });
    this.unregistering.set(dn, unregistration);
  }

  /**
   * Makes sure T-Server sends the DN's events, for a command that needs a registered DN even when no session is open
   * for it. Such a session-less registration stays until a session of the DN comes and goes; there
   * is at most one per configured agent.
   */
  async ensureRegistered(dn: string): Promise<void> {
    // A per-agent backend (GWS) opened the agent's session when it identified them: nothing to register, and a
    // registration would hold that session as if a bridge session did, never letting it go.
    if (this.backend.agentSessions !== undefined) return;
    const route = this.routes.get(dn);
    if (route) return route.registration;
    await this.unregistering.get(dn);
    await this.backend.register(dn);
  }

  /** The agent whose sessions are on the DN, if any (a DN's sessions are one agent's: see socketRoute). */
  holderOf(dn: string): string | undefined {
    return this.routes.get(dn)?.sessions.values().next().value?.agent.agentId;
  }

  sessionsOf(dn: string): ReadonlySet<Session> | undefined {
    return this.routes.get(dn)?.sessions;
  }

  /** Every DN with sessions, each with its sessions. */
  *routesByDn(): IterableIterator<[string, ReadonlySet<Session>]> {
    for (const [dn, route] of this.routes) yield [dn, route.sessions];
  }

  allSessions(): Session[] {
    const sessions: Session[] = [];
    for (const route of this.routes.values()) sessions.push(...route.sessions);
    return sessions;
  }

  private openRoute(dn: string): DnRoute {
    const previous = this.unregistering.get(dn) ?? Promise.resolve();
    const route: DnRoute = {
      sessions: new Set(),
      registration: previous.then(async () => {
        await this.backend.register(dn);
      }),
    };
    // A refused registration reaches each session through add(). Here the route is dropped so that the DN's next
    // session tries again rather than inherit the failure (this handler also keeps the rejection from counting as
    // unhandled when every session left before it settled).
    route.registration.catch(() => {
      if (this.routes.get(dn) === route) this.routes.delete(dn);
    });
    this.routes.set(dn, route);
    return route;
  }
}
