/**
 * `npm run check-config -- FILE...`: checks a site's files before they go live, each with the checks its own program
 * runs at start (no second copy of the rules):
 * - a toolbar configuration (config/toolbar.json): the toolbar's resolveConfig(), then each vendor section's parser;
 * - a bridge configuration: the bridge's resolveConfig() (its JSON schema and the rules a schema cannot say);
 * - the nginx site's variables (deploy/nginx/site.example.json): parseSite(), which `npm run nginx-conf` runs;
 * - a generated nginx configuration: its Content-Security-Policy.
 * With a toolbar configuration and an nginx site (variables or generated file) together, the policy is held to the
 * configuration: Fusion in frame-ancestors, the UEF client in script-src, the bridge in connect-src, the CCP in
 * frame-src. Every problem is printed with its file and key.
 */
import { CONFIG_FILE, DEFAULTS, resolveConfig as resolveToolbarConfig, type ToolbarConfig } from '../../src/ts/cti/config/toolbarConfig';
import { VENDOR_NAMES, type VendorName } from '../../src/ts/cti/vendor/registry';
import { parseGenesysOptions } from '../../src/ts/cti/vendor/genesys/genesysOptions';
import { parseAmazonOptions } from '../../src/ts/cti/vendor/amazon/amazonOptions';
import { DEFAULT_CONFIG } from '../../server/src/config';
import { ConfigError, resolveConfig as resolveBridgeConfig } from '../../server/src/loadConfig';
import { allows, effectiveSources, parsePolicy, type Policy } from './contentSecurityPolicy';
import { SITE_KEYS, parseSite, policyHeader, siteOrigin, sitePolicy, type Problem } from './nginxSite';

export type FileKind = 'toolbar' | 'bridge' | 'site' | 'nginx';

export interface FileReport {
  readonly file: string;
  readonly kind: FileKind | undefined;
  readonly problems: readonly Problem[];
}

/** Each vendor's section parser, the one its handler runs (registry.ts). The type makes a new vendor name one here. */
const VENDOR_PARSERS: Readonly<Record<Exclude<VendorName, 'none'>, (raw: Readonly<Record<string, unknown>>) => { ok: true } | { ok: false; errors: readonly string[] }>> = {
  genesys: parseGenesysOptions,
  amazon: parseAmazonOptions,
};

const KNOWN_KEYS: Readonly<Record<Exclude<FileKind, 'nginx'>, readonly string[]>> = {
  toolbar: [...Object.keys(DEFAULTS), ...VENDOR_NAMES],
  bridge: Object.keys(DEFAULT_CONFIG),
  site: SITE_KEYS,
};

/** Which kind of file this is, by its keys (JSON) or its syntax (nginx); undefined when it cannot be told. */
export function detectKind(text: string): FileKind | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return /\bserver\s*\{/.test(text) ? 'nginx' : undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const keys = Object.keys(parsed);
  const scores = (Object.keys(KNOWN_KEYS) as Exclude<FileKind, 'nginx'>[]).map((kind) => ({ kind, known: keys.filter((key) => KNOWN_KEYS[kind].includes(key)).length }));
  scores.sort((a, b) => b.known - a.known);
  const [best, second] = scores;
  return best && best.known > 0 && best.known !== second?.known ? best.kind : undefined;
}

/** What a page at `selfOrigin` is: where relative settings resolve. */
const PLACEHOLDER_ORIGIN = 'https://toolbar.invalid';

function toolbarProblems(file: unknown, selfOrigin: string): { problems: Problem[]; config?: ToolbarConfig } {
  const resolved = resolveToolbarConfig(file, '', `${selfOrigin}/index.html`);
  if (!resolved.ok) return { problems: resolved.errors.map(splitKey) };
  const problems: Problem[] = [];
  // The toolbar checks the section of the vendor it drives at start; a URL parameter (vendor=…) can pick another, so
  // every section present is checked the same way.
  const sections = new Set<string>([resolved.config.vendor, ...Object.keys(resolved.config.vendorOptions)]);
  for (const name of sections) {
    if (name === 'none') continue;
    const parsed = VENDOR_PARSERS[name as Exclude<VendorName, 'none'>](resolved.config.vendorOptions[name] ?? {});
    if (!parsed.ok) problems.push(...parsed.errors.map(splitKey));
  }
  return { problems, config: resolved.config };
}

/** "genesys.bridgeUrl: must …" → { key: 'genesys.bridgeUrl', message: 'must …' }. */
function splitKey(error: string): Problem {
  const colon = error.indexOf(': ');
  return colon > 0 ? { key: error.slice(0, colon), message: error.slice(colon + 2) } : { key: '(config)', message: error };
}

function bridgeProblems(file: unknown): Problem[] {
  try {
    resolveBridgeConfig(file);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

/** The site an nginx file describes: its server_name and port, and its Content-Security-Policy header. */
export function readNginxSite(text: string): { selfOrigin?: string; policy?: string; problems: Problem[] } {
  const problems: Problem[] = [];
  const withoutComments = text.replace(/#[^\n]*/g, '');
  const policies = [...withoutComments.matchAll(/add_header\s+Content-Security-Policy\s+"([^"]*)"/g)].map((match) => match[1] ?? '');
  if (policies.length === 0) problems.push({ key: 'Content-Security-Policy', message: 'no add_header Content-Security-Policy "…" in the file' });
  if (new Set(policies).size > 1) problems.push({ key: 'Content-Security-Policy', message: 'the file sets more than one policy; check one site per file' });
  const sslServer = /server\s*\{[^}]*?listen\s+(?:\[[^\]]*\]:|[\d.]+:)?(\d+)\s+[^;]*\bssl\b[^}]*?server_name\s+([^\s;]+)/.exec(withoutComments);
  if (!sslServer) problems.push({ key: 'server_name', message: 'no server block that listens with ssl and names its server_name' });
  const port = sslServer?.[1];
  const selfOrigin = sslServer ? `https://${sslServer[2]}${port === '443' ? '' : `:${port}`}` : undefined;
  return { ...(selfOrigin ? { selfOrigin } : {}), ...(policies[0] !== undefined ? { policy: policies[0] } : {}), problems };
}

/** A policy's own soundness: Fusion must be the only one allowed to frame the toolbar. */
function framingProblems(policy: Policy, fusionOrigins: readonly string[], selfOrigin: string): Problem[] {
  const problems: Problem[] = [];
  const ancestors = effectiveSources(policy, 'frame-ancestors');
  if (!ancestors) return [{ key: 'csp.frame-ancestors', message: 'is missing: any site could frame the toolbar, and Fusion must be named there' }];
  for (const source of ancestors.sources) {
    if (source === "'none'") problems.push({ key: 'csp.frame-ancestors', message: "is 'none': Fusion could not frame the toolbar" });
    else if (source === '*' || /^[a-z]+:$/i.test(source) || source.includes('*')) problems.push({ key: 'csp.frame-ancestors', message: `${source} lets other sites frame the toolbar: name Fusion's origin` });
    else if (!source.startsWith('https://') && source !== "'self'") problems.push({ key: 'csp.frame-ancestors', message: `${source} is not an https origin: Fusion is served over https` });
  }
  for (const origin of fusionOrigins) {
    if (!allows(policy, 'frame-ancestors', origin, selfOrigin)) problems.push({ key: 'csp.frame-ancestors', message: `does not allow Fusion at ${origin}` });
  }
  return problems;
}

/** The policy against what the toolbar's configuration makes the page load, fetch and frame. */
export function policyProblems(policy: Policy, config: ToolbarConfig, selfOrigin: string): Problem[] {
  const problems: Problem[] = [];
  const need = (directive: string, url: string, why: string): void => {
    if (!allows(policy, directive, url, selfOrigin)) problems.push({ key: `csp.${directive}`, message: `does not allow ${new URL(url).origin} (${why})` });
  };
  need('script-src', config.uefClientUrl, `uefClientUrl: ${config.uefClientUrl}`);
  need('connect-src', `${selfOrigin}/${CONFIG_FILE}`, `the toolbar's configuration, ${CONFIG_FILE}`);
  const sections = new Set<string>([config.vendor, ...Object.keys(config.vendorOptions)]);
  if (sections.has('genesys')) {
    const genesys = parseGenesysOptions(config.vendorOptions.genesys ?? {});
    if (genesys.ok) {
      need('connect-src', genesys.options.eventsUrl, `genesys.bridgeUrl: ${genesys.options.bridgeUrl}`);
      need('connect-src', genesys.options.wsUrl, `the bridge's WebSocket, ${genesys.options.wsUrl}`);
      if (genesys.options.tokenUrl) need('connect-src', genesys.options.tokenUrl, `genesys.tokenUrl: ${genesys.options.tokenUrl}`);
      // The sign-in fetches the provider's discovery document and token endpoint from the page (its endpoints may be on
      // other hosts its discovery names, which only the provider knows: the issuer is the one this file can check).
      const signIn = genesys.options.signIn;
      if (signIn) need('connect-src', `${signIn.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, `genesys.signIn.issuer: ${signIn.issuer}`);
    }
  }
  if (sections.has('amazon')) {
    const amazon = parseAmazonOptions(config.vendorOptions.amazon ?? {});
    if (amazon.ok) need('frame-src', amazon.options.ccpUrl, `amazon.ccpUrl: Streams frames the CCP, ${amazon.options.ccpUrl}`);
  }
  return problems;
}

export interface CheckInput {
  readonly file: string;
  readonly text: string;
  /** Given by --toolbar, --bridge, --site or --nginx; otherwise detected. */
  readonly kind?: FileKind;
}

/**
 * Checks every file, then each toolbar configuration against each nginx site among them. fusionOrigins (--fusion-origin)
 * are the Fusion pages that must be allowed to frame the toolbar, besides a site file's own.
 */
export function checkFiles(inputs: readonly CheckInput[], fusionOrigins: readonly string[] = []): FileReport[] {
  const reports: FileReport[] = [];
  const sites: { file: string; selfOrigin: string; policy: Policy; fusionOrigins: readonly string[] }[] = [];
  const toolbars: { file: string; raw: unknown }[] = [];
  for (const input of inputs) {
    const kind = input.kind ?? detectKind(input.text);
    if (kind === undefined) {
      reports.push({ file: input.file, kind, problems: [{ key: '(file)', message: 'cannot tell which configuration this is: name it with --toolbar, --bridge, --site or --nginx' }] });
      continue;
    }
    let raw: unknown;
    if (kind !== 'nginx') {
      try {
        raw = JSON.parse(input.text);
      } catch (error) {
        reports.push({ file: input.file, kind, problems: [{ key: '(file)', message: `is not JSON: ${error instanceof Error ? error.message : String(error)}` }] });
        continue;
      }
    }
    if (kind === 'toolbar') {
      toolbars.push({ file: input.file, raw });
      reports.push({ file: input.file, kind, problems: toolbarProblems(raw, PLACEHOLDER_ORIGIN).problems });
    } else if (kind === 'bridge') {
      reports.push({ file: input.file, kind, problems: bridgeProblems(raw) });
    } else if (kind === 'site') {
      const parsed = parseSite(raw);
      if (!parsed.ok) {
        reports.push({ file: input.file, kind, problems: parsed.problems });
        continue;
      }
      const selfOrigin = siteOrigin(parsed.site);
      const policy = parsePolicy(policyHeader(sitePolicy(parsed.site)));
      sites.push({ file: input.file, selfOrigin, policy, fusionOrigins: parsed.site.fusionOrigins });
      reports.push({ file: input.file, kind, problems: framingProblems(policy, [...parsed.site.fusionOrigins, ...fusionOrigins], selfOrigin) });
    } else {
      const site = readNginxSite(input.text);
      const problems = [...site.problems];
      if (site.policy !== undefined && site.selfOrigin !== undefined) {
        const policy = parsePolicy(site.policy);
        sites.push({ file: input.file, selfOrigin: site.selfOrigin, policy, fusionOrigins: [] });
        problems.push(...framingProblems(policy, fusionOrigins, site.selfOrigin));
      }
      reports.push({ file: input.file, kind, problems });
    }
  }
  for (const toolbar of toolbars) {
    for (const site of sites) {
      const checked = toolbarProblems(toolbar.raw, site.selfOrigin);
      if (!checked.config) continue; // its own problems are reported already
      const problems = policyProblems(site.policy, checked.config, site.selfOrigin);
      if (problems.length > 0) {
        const index = reports.findIndex((report) => report.file === site.file);
        const report = reports[index];
        if (report) reports[index] = { ...report, problems: [...report.problems, ...problems.map((problem) => ({ ...problem, message: `${problem.message}, which ${toolbar.file} needs` }))] };
      }
    }
  }
  return reports;
}
