/**
 * One agent's cookies for GWS: the session cookie GWS issues (WORKSPACE_SESSIONID), the simulator's WWE_CODE, CometD's
 * BAYEUX_BROWSER. Each agent has a jar of its own, shared by its REST requests and its CometD session, and never by
 * another agent: sessions that share a BAYEUX_BROWSER cookie are taken by the CometD server for tabs of one browser,
 * and Genesys' simulator then delays their notifications (about 1.7 s, seen with its cometd-nodejs-server).
 *
 * All cookies are for the one GWS the bridge talks to, so Domain and Path are not kept; an expired cookie or one set
 * to an empty value is removed. Values are never logged.
 */
export class CookieJar {
  private readonly values = new Map<string, string>();

  /** Takes one Set-Cookie header's cookie. */
  store(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const equals = pair.indexOf('=');
    if (equals <= 0) return;
    const name = pair.slice(0, equals).trim();
    const value = pair.slice(equals + 1).trim();
    const expired = attributes.some((attribute) => {
      const [key = '', setting = ''] = attribute.split('=').map((part) => part.trim());
      if (/^max-age$/i.test(key)) return Number(setting) <= 0;
      if (/^expires$/i.test(key)) return Date.parse(setting) <= Date.now();
      return false;
    });
    if (expired || value === '') this.values.delete(name);
    else this.values.set(name, value);
  }

  set(name: string, value: string): void {
    this.values.set(name, value);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** name=value pairs, as a Cookie header lists them. */
  pairs(): string[] {
    return [...this.values].map(([name, value]) => `${name}=${value}`);
  }

  /** The Cookie header, or undefined when the jar is empty. */
  header(): string | undefined {
    return this.values.size === 0 ? undefined : this.pairs().join('; ');
  }
}
