/**
 * Content-Security-Policy: reading a policy, and asking whether it lets a page of one origin use an address in one
 * directive. Enough of CSP Level 3's matching for what the toolbar needs (origins, 'self', scheme and host sources,
 * wildcard hosts and ports, the ws/wss upgrade), so that `npm run check-config` can hold an nginx site to the
 * toolbar's configuration. https://www.w3.org/TR/CSP3/#match-url-to-source-expression
 */

export type Policy = ReadonlyMap<string, readonly string[]>;

/** `default-src 'self'; script-src 'self' https://x` → directive → its sources (names lower-cased, last one wins). */
export function parsePolicy(header: string): Policy {
  const policy = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter((token) => token !== '');
    // The first occurrence of a directive wins; later ones are ignored (CSP3 §2.2.1, "parse a serialized CSP").
    if (name !== undefined && !policy.has(name.toLowerCase())) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

/** Directives a fetch falls back to when its own is absent (CSP3 §6.8.3, "get the effective directive"). */
const FALLBACKS: Readonly<Record<string, readonly string[]>> = {
  'script-src': ['script-src', 'default-src'],
  'style-src': ['style-src', 'default-src'],
  'connect-src': ['connect-src', 'default-src'],
  'img-src': ['img-src', 'default-src'],
  'font-src': ['font-src', 'default-src'],
  'frame-src': ['frame-src', 'child-src', 'default-src'],
  // frame-ancestors has no fallback: absent, any page may frame.
  'frame-ancestors': ['frame-ancestors'],
};

/** The sources that govern `directive`, or undefined when nothing does (everything allowed). */
export function effectiveSources(policy: Policy, directive: string): { readonly directive: string; readonly sources: readonly string[] } | undefined {
  for (const name of FALLBACKS[directive] ?? [directive]) {
    const sources = policy.get(name);
    if (sources) return { directive: name, sources };
  }
  return undefined;
}

/** Whether the policy of a page at `selfOrigin` lets it use `url` in `directive`. */
export function allows(policy: Policy, directive: string, url: string, selfOrigin: string): boolean {
  const governing = effectiveSources(policy, directive);
  if (!governing) return true;
  const target = new URL(url);
  const self = new URL(selfOrigin);
  return governing.sources.some((source) => sourceMatches(source, target, self));
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };

function portOf(url: URL): string {
  return url.port !== '' ? url.port : (DEFAULT_PORTS[url.protocol] ?? '');
}

/** CSP3's scheme-part match: a source's scheme also admits its secure upgrade, and http(s) admit ws(s). */
function schemeMatches(sourceScheme: string, urlScheme: string): boolean {
  const admitted: Readonly<Record<string, readonly string[]>> = {
    'http:': ['http:', 'https:', 'ws:', 'wss:'],
    'https:': ['https:', 'wss:'],
    'ws:': ['ws:', 'wss:', 'http:', 'https:'],
    'wss:': ['wss:', 'https:'],
  };
  return (admitted[sourceScheme] ?? [sourceScheme]).includes(urlScheme);
}

function sourceMatches(rawSource: string, url: URL, self: URL): boolean {
  const source = rawSource.toLowerCase();
  if (source === "'none'") return false;
  if (source === "'self'") {
    // 'self' is the page's origin, its secure upgrade, and the WebSocket schemes on the same host and port.
    return url.hostname === self.hostname && schemeMatches(self.protocol, url.protocol) && (portOf(url) === portOf(self) || (self.protocol === 'http:' && url.protocol === 'https:' && portOf(url) === '443'));
  }
  if (source === '*') return ['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) || url.protocol === self.protocol;
  if (source.startsWith("'")) return false; // 'unsafe-inline', nonces, hashes: not about addresses
  const scheme = /^([a-z][a-z0-9+.-]*:)$/.exec(source);
  if (scheme?.[1] !== undefined) return schemeMatches(scheme[1], url.protocol);
  const host = /^(?:([a-z][a-z0-9+.-]*:)\/\/)?(\*|\*\.[^:/]+|[^:/*]+)(?::(\d+|\*))?(\/.*)?$/.exec(source);
  if (!host) return false;
  const [, sourceScheme, sourceHost = '', sourcePort, sourcePath] = host;
  if (sourceScheme !== undefined ? !schemeMatches(sourceScheme, url.protocol) : !schemeMatches(self.protocol, url.protocol)) return false;
  if (sourceHost === '*') {
    // matches any host
  } else if (sourceHost.startsWith('*.')) {
    if (!url.hostname.endsWith(sourceHost.slice(1))) return false;
  } else if (url.hostname !== sourceHost) {
    return false;
  }
  if (sourcePort !== '*') {
    const expected = sourcePort ?? DEFAULT_PORTS[sourceScheme ?? self.protocol] ?? '';
    // A source on the default port of its scheme also admits the default port of the upgraded scheme.
    const port = portOf(url);
    if (port !== expected && !(sourcePort === undefined && port === DEFAULT_PORTS[url.protocol])) return false;
  }
  if (sourcePath !== undefined && sourcePath !== '/') {
    return sourcePath.endsWith('/') ? url.pathname.startsWith(sourcePath) : url.pathname === sourcePath;
  }
  return true;
}
