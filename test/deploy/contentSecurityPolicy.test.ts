/**
 * @jest-environment node
 */
import { allows, effectiveSources, parsePolicy } from '../../deploy/src/contentSecurityPolicy';

const SELF = 'https://toolbar.example.com';

describe('Content-Security-Policy matching', () => {
  it('parses directives, the first of a name winning', () => {
    const policy = parsePolicy("default-src 'self'; script-src 'self' https://static.oracle.com ;; script-src *");
    expect(policy.get('script-src')).toEqual(["'self'", 'https://static.oracle.com']);
    expect(policy.get('default-src')).toEqual(["'self'"]);
  });

  it("'self' is the page's origin, and wss on the same host and port", () => {
    const policy = parsePolicy("connect-src 'self'");
    expect(allows(policy, 'connect-src', `${SELF}/genesys/events`, SELF)).toBe(true);
    expect(allows(policy, 'connect-src', 'wss://toolbar.example.com/genesysWs', SELF)).toBe(true);
    expect(allows(policy, 'connect-src', 'ws://toolbar.example.com/genesysWs', SELF)).toBe(false);
    expect(allows(policy, 'connect-src', 'https://toolbar.example.com:8443/x', SELF)).toBe(false);
    expect(allows(policy, 'connect-src', 'https://bridge.example.com/x', SELF)).toBe(false);
  });

  it('host sources match scheme, host, wildcard subdomains and ports', () => {
    const policy = parsePolicy('frame-src https://*.my.connect.aws; connect-src https://idp.example.com:8443 bridge.example.com');
    expect(allows(policy, 'frame-src', 'https://example.my.connect.aws/ccp-v2/', SELF)).toBe(true);
    expect(allows(policy, 'frame-src', 'https://my.connect.aws/ccp-v2/', SELF)).toBe(false);
    expect(allows(policy, 'frame-src', 'http://example.my.connect.aws/ccp-v2/', SELF)).toBe(false);
    expect(allows(policy, 'connect-src', 'https://idp.example.com:8443/token', SELF)).toBe(true);
    expect(allows(policy, 'connect-src', 'https://idp.example.com/token', SELF)).toBe(false);
    // Without a scheme, the page's own: https, and its WebSocket upgrade.
    expect(allows(policy, 'connect-src', 'wss://bridge.example.com/genesysWs', SELF)).toBe(true);
    expect(allows(policy, 'connect-src', 'http://bridge.example.com/genesys/events', SELF)).toBe(false);
  });

  it('an https source admits wss, an http source its https upgrade, a scheme source its scheme', () => {
    const policy = parsePolicy('connect-src https://bridge.example.com http://legacy.example.com; script-src https:');
    expect(allows(policy, 'connect-src', 'wss://bridge.example.com/genesysWs', SELF)).toBe(true);
    expect(allows(policy, 'connect-src', 'https://legacy.example.com/x', SELF)).toBe(true);
    expect(allows(policy, 'script-src', 'https://anything.example.org/a.js', SELF)).toBe(true);
    expect(allows(policy, 'script-src', 'http://anything.example.org/a.js', SELF)).toBe(false);
  });

  it('falls back to default-src, frame-src through child-src; frame-ancestors has no fallback', () => {
    const policy = parsePolicy("default-src 'self'; child-src https://ccp.example.com");
    expect(effectiveSources(policy, 'script-src')?.directive).toBe('default-src');
    expect(allows(policy, 'script-src', 'https://static.oracle.com/x.js', SELF)).toBe(false);
    expect(allows(policy, 'frame-src', 'https://ccp.example.com/ccp-v2/', SELF)).toBe(true);
    expect(effectiveSources(policy, 'frame-ancestors')).toBeUndefined();
    expect(allows(policy, 'frame-ancestors', 'https://evil.example.org', SELF)).toBe(true);
  });

  it("'none' allows nothing, keywords are not addresses, and a source path limits the path", () => {
    const policy = parsePolicy("frame-src 'none'; script-src 'unsafe-inline' 'sha256-abc='; connect-src https://api.example.com/bridge/");
    expect(allows(policy, 'frame-src', 'https://ccp.example.com/', SELF)).toBe(false);
    expect(allows(policy, 'script-src', 'https://toolbar.example.com/a.js', SELF)).toBe(false);
    expect(allows(policy, 'connect-src', 'https://api.example.com/bridge/genesys/events', SELF)).toBe(true);
    expect(allows(policy, 'connect-src', 'https://api.example.com/other', SELF)).toBe(false);
  });
});
