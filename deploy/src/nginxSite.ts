/**
 * The production site for Debian's nginx: the variables a site sets (deploy/nginx/site.example.json), the
 * Content-Security-Policy they make, and deploy/nginx/toolbar.conf.template filled with them. The policy is composed
 * here, source by source, each with the reason it is allowed; the generated file carries those reasons as comments.
 * Which sources the toolbar needs was read off Chromium's CSP violation reports against the release build.
 */

export interface SiteVariables {
  /** The toolbar's host name, as in Fusion's toolbar URL: https://<serverName>/index.html. */
  readonly serverName: string;
  /** The HTTPS port (443). Another port becomes part of the toolbar's origin. */
  readonly httpsPort: number;
  /** The plain HTTP port that only redirects to HTTPS (80); null: none. */
  readonly httpPort: number | null;
  /** PEM files: the certificate chain and its key. */
  readonly certificate: string;
  readonly certificateKey: string;
  /** The release build: the folder `npm run build:release` writes (web/), copied to the server. */
  readonly root: string;
  /** The origins of the Fusion pages that frame the toolbar, e.g. https://abcd.fa.us2.oraclecloud.com. */
  readonly fusionOrigins: readonly string[];
  /** Where the toolbar's uefClientUrl loads Oracle's UEF client from. */
  readonly uefClientOrigin: string;
  /** host:port of each Genesys bridge instance, proxied at /genesys/events and /genesysWs; empty: no Genesys. */
  readonly bridgeUpstreams: readonly string[];
  /** nginx's read and send timeouts on the bridge's connections, in seconds: above the bridge's ping interval. */
  readonly bridgeTimeoutSeconds: number;
  /** Amazon Connect: the instance's origin (amazon.ccpUrl's), e.g. https://example.my.connect.aws; null: no Amazon. */
  readonly amazonInstanceOrigin: string | null;
  /** Further origins the toolbar fetches from (an identity provider's token endpoint, a bridge on another host). */
  readonly connectOrigins: readonly string[];
}

export const SITE_DEFAULTS = {
  httpsPort: 443,
  httpPort: 80,
  uefClientOrigin: 'https://static.oracle.com',
  bridgeUpstreams: [] as readonly string[],
  // Three times the bridge's default websocket.pingIntervalMs (30 s): an idle session is pinged well before nginx
  // would close it (nginx's own default is 60 s: https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout).
  bridgeTimeoutSeconds: 90,
  amazonInstanceOrigin: null,
  connectOrigins: [] as readonly string[],
} as const;

export const SITE_KEYS = [
  'serverName',
  'httpsPort',
  'httpPort',
  'certificate',
  'certificateKey',
  'root',
  'fusionOrigins',
  'uefClientOrigin',
  'bridgeUpstreams',
  'bridgeTimeoutSeconds',
  'amazonInstanceOrigin',
  'connectOrigins',
] as const;

export interface Problem {
  readonly key: string;
  readonly message: string;
}

export type SiteResult = { readonly ok: true; readonly site: SiteVariables } | { readonly ok: false; readonly problems: readonly Problem[] };

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const UPSTREAM = /^(\[[0-9a-f:]+\]|[a-z0-9.-]+):\d{1,5}$/i;
/** Characters nginx would read as syntax, or that would end a quoted header value. */
const UNSAFE_IN_CONF = /[\s;{}"'\\$#]/;

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** An https origin with nothing after it (scheme://host[:port]). */
function httpsOrigin(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.origin === value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Validates a site's variables over SITE_DEFAULTS; every problem names its key. */
export function parseSite(raw: unknown): SiteResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, problems: [{ key: '(site)', message: 'must be a JSON object' }] };
  const input = raw as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const key of Object.keys(input)) {
    if (!(SITE_KEYS as readonly string[]).includes(key)) problems.push({ key, message: `is not a known setting (known: ${SITE_KEYS.join(', ')})` });
  }
  const get = <K extends keyof SiteVariables>(key: K): unknown => (input[key] === undefined ? (SITE_DEFAULTS as Record<string, unknown>)[key] : input[key]);

  const serverName = get('serverName');
  if (typeof serverName !== 'string' || !(HOST_NAME.test(serverName) || IPV4.test(serverName))) {
    problems.push({ key: 'serverName', message: `must be the toolbar's host name (toolbar.example.com), got ${JSON.stringify(serverName)}` });
  }
  const httpsPort = get('httpsPort');
  if (!isPort(httpsPort)) problems.push({ key: 'httpsPort', message: `must be a port number, got ${JSON.stringify(httpsPort)}` });
  const httpPort = get('httpPort');
  if (httpPort !== null && !isPort(httpPort)) problems.push({ key: 'httpPort', message: `must be a port number or null, got ${JSON.stringify(httpPort)}` });
  for (const key of ['certificate', 'certificateKey', 'root'] as const) {
    const value = get(key);
    if (typeof value !== 'string' || !value.startsWith('/') || UNSAFE_IN_CONF.test(value)) {
      problems.push({ key, message: `must be an absolute path without spaces or nginx syntax, got ${JSON.stringify(value)}` });
    }
  }
  const fusionOrigins = get('fusionOrigins');
  if (!Array.isArray(fusionOrigins) || fusionOrigins.length === 0) {
    problems.push({ key: 'fusionOrigins', message: 'must list the https origin of each Fusion that frames the toolbar (e.g. ["https://abcd.fa.us2.oraclecloud.com"])' });
  } else {
    fusionOrigins.forEach((origin, index) => {
      if (!httpsOrigin(origin)) problems.push({ key: `fusionOrigins[${index}]`, message: `must be an https origin (scheme://host[:port], nothing after), got ${JSON.stringify(origin)}` });
    });
  }
  const uefClientOrigin = get('uefClientOrigin');
  if (!httpsOrigin(uefClientOrigin)) problems.push({ key: 'uefClientOrigin', message: `must be an https origin, got ${JSON.stringify(uefClientOrigin)}` });
  const bridgeUpstreams = get('bridgeUpstreams');
  if (!Array.isArray(bridgeUpstreams)) {
    problems.push({ key: 'bridgeUpstreams', message: 'must list host:port of each bridge instance (empty without Genesys)' });
  } else {
    bridgeUpstreams.forEach((upstream, index) => {
      if (typeof upstream !== 'string' || !UPSTREAM.test(upstream)) problems.push({ key: `bridgeUpstreams[${index}]`, message: `must be host:port, got ${JSON.stringify(upstream)}` });
    });
  }
  const bridgeTimeoutSeconds = get('bridgeTimeoutSeconds');
  if (typeof bridgeTimeoutSeconds !== 'number' || !Number.isInteger(bridgeTimeoutSeconds) || bridgeTimeoutSeconds < 35 || bridgeTimeoutSeconds > 3600) {
    problems.push({ key: 'bridgeTimeoutSeconds', message: `must be whole seconds from 35 to 3600, above the bridge's websocket.pingIntervalMs, got ${JSON.stringify(bridgeTimeoutSeconds)}` });
  }
  const amazonInstanceOrigin = get('amazonInstanceOrigin');
  if (amazonInstanceOrigin !== null && !httpsOrigin(amazonInstanceOrigin)) {
    problems.push({ key: 'amazonInstanceOrigin', message: `must be the instance's https origin (https://example.my.connect.aws) or null, got ${JSON.stringify(amazonInstanceOrigin)}` });
  }
  const connectOrigins = get('connectOrigins');
  if (!Array.isArray(connectOrigins)) {
    problems.push({ key: 'connectOrigins', message: 'must be a list of https origins' });
  } else {
    connectOrigins.forEach((origin, index) => {
      if (!httpsOrigin(origin)) problems.push({ key: `connectOrigins[${index}]`, message: `must be an https origin, got ${JSON.stringify(origin)}` });
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    site: {
      serverName: serverName as string,
      httpsPort: httpsPort as number,
      httpPort: httpPort as number | null,
      certificate: get('certificate') as string,
      certificateKey: get('certificateKey') as string,
      root: get('root') as string,
      fusionOrigins: fusionOrigins as string[],
      uefClientOrigin: uefClientOrigin as string,
      bridgeUpstreams: bridgeUpstreams as string[],
      bridgeTimeoutSeconds: bridgeTimeoutSeconds as number,
      amazonInstanceOrigin: amazonInstanceOrigin as string | null,
      connectOrigins: connectOrigins as string[],
    },
  };
}

/** The toolbar's own origin: https://serverName, with the port when it is not 443. */
export function siteOrigin(site: Pick<SiteVariables, 'serverName' | 'httpsPort'>): string {
  return `https://${site.serverName}${site.httpsPort === 443 ? '' : `:${site.httpsPort}`}`;
}

export interface PolicySource {
  readonly source: string;
  /** Why the toolbar needs it: written into the generated configuration as a comment. */
  readonly why: string;
}

export interface PolicyDirective {
  readonly directive: string;
  readonly sources: readonly PolicySource[];
}

/** The site's Content-Security-Policy, each source with its reason. */
export function sitePolicy(site: SiteVariables): readonly PolicyDirective[] {
  const wss = `wss://${siteOrigin(site).slice('https://'.length)}`;
  const amazon = site.amazonInstanceOrigin;
  const bridge = site.bridgeUpstreams.length > 0;
  return [
    { directive: 'default-src', sources: [{ source: "'self'", why: 'anything not named below comes only from the toolbar\'s own server' }] },
    {
      directive: 'script-src',
      sources: [
        {
          source: "'self'",
          why: "the release build's RequireJS modules, and amazon-connect-streams and libphonenumber-js, which the toolbar serves itself. No 'unsafe-eval': the view is drawn by Preact from compiled code (src/ts/view/), with no binding expressions to evaluate",
        },
        { source: site.uefClientOrigin, why: "Oracle's UI Events Framework client, which the toolbar loads from uefClientUrl (Oracle's CDN)" },
      ],
    },
    {
      directive: 'style-src',
      sources: [
        {
          source: "'self'",
          why: "the toolbar's style sheets: its own (css/app-<hash>.css, which ends with its Core Pack components' styles) and the part of Redwood it uses (css/redwood-subset-<hash>.css). No 'unsafe-inline': the release build puts the components' styles in css/app-<hash>.css rather than adding them as a <style> element (scripts/component-styles.js)",
        },
      ],
    },
    { directive: 'img-src', sources: [{ source: "'self'", why: "the toolbar's and Redwood's images" }] },
    { directive: 'font-src', sources: [{ source: "'self'", why: "Redwood's fonts" }] },
    {
      directive: 'connect-src',
      sources: [
        { source: "'self'", why: `the toolbar's configuration (config/toolbar.json)${bridge ? " and the Genesys bridge's REST commands, proxied on this server" : ''}` },
        ...(bridge ? [{ source: wss, why: "the bridge's WebSocket, proxied on this server: 'self' covers wss:// only in browsers that follow CSP Level 3" }] : []),
        ...(amazon ? [{ source: amazon, why: "Amazon Connect: Streams' sign-out (fetch of the instance's /logout) runs in the toolbar's page" }] : []),
        ...site.connectOrigins.map((origin) => ({ source: origin, why: 'a site setting (connectOrigins): an identity provider or a bridge on another host' })),
      ],
    },
    {
      directive: 'frame-src',
      sources: amazon
        ? [{ source: amazon, why: "Amazon Connect: Streams frames the instance's CCP (amazon.ccpUrl) in the toolbar" }]
        : [{ source: "'none'", why: 'without Amazon Connect the toolbar frames nothing' }],
    },
    {
      directive: 'frame-ancestors',
      sources: site.fusionOrigins.map((origin) => ({ source: origin, why: 'Fusion frames the toolbar (its media toolbar); no other site may' })),
    },
    { directive: 'base-uri', sources: [{ source: "'self'", why: 'no page may move the toolbar\'s relative addresses elsewhere' }] },
    { directive: 'form-action', sources: [{ source: "'self'", why: "the dial field's form is handled in the page and never posts elsewhere" }] },
    { directive: 'object-src', sources: [{ source: "'none'", why: 'no plug-ins' }] },
  ];
}

/** The header value: directives joined with "; ". */
export function policyHeader(policy: readonly PolicyDirective[]): string {
  return policy.map(({ directive, sources }) => [directive, ...sources.map((entry) => entry.source)].join(' ')).join('; ');
}

/** The reasons, as nginx comment lines. */
export function policyComments(policy: readonly PolicyDirective[]): string[] {
  return policy.flatMap(({ directive, sources }) => sources.map(({ source, why }) => `# ${directive} ${source}: ${why}`));
}

/** Fills the template's {{name}} places; a place the template names but the site does not fill is an error. */
export function renderSite(template: string, site: SiteVariables): string {
  const policy = sitePolicy(site);
  const values: Record<string, string> = {
    serverName: site.serverName,
    httpsPort: String(site.httpsPort),
    certificate: site.certificate,
    certificateKey: site.certificateKey,
    root: site.root,
    bridgeTimeoutSeconds: String(site.bridgeTimeoutSeconds),
    contentSecurityPolicy: policyHeader(policy),
    contentSecurityPolicyReasons: policyComments(policy).join('\n    '),
    bridgeServers: site.bridgeUpstreams.map((upstream) => `server ${upstream};`).join('\n    '),
  };
  let text = template;
  // Optional blocks: {{#name}} … {{/name}} kept only when the site has that part.
  const present: Record<string, boolean> = { http: site.httpPort !== null, bridge: site.bridgeUpstreams.length > 0 };
  text = text.replace(/\{\{#(\w+)\}\}\n?([\s\S]*?)\{\{\/\1\}\}\n?/g, (_all, name: string, body: string) => {
    if (!(name in present)) throw new Error(`the template has an unknown block {{#${name}}}`);
    return present[name] ? body : '';
  });
  if (site.httpPort !== null) values.httpPort = String(site.httpPort);
  return text.replace(/\{\{(\w+)\}\}/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the template names {{${name}}}, which the site does not fill`);
    return value;
  });
}
