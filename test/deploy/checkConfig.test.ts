/**
 * @jest-environment node
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { checkFiles, detectKind, type CheckInput } from '../../deploy/src/checkConfig';
import { parseSite, renderSite } from '../../deploy/src/nginxSite';
import { resolveConfig as resolveToolbarConfig } from '../../src/ts/cti/config/toolbarConfig';
import { ConfigError, resolveConfig as resolveBridgeConfig } from '../../server/src/loadConfig';

const ROOT = join(__dirname, '../..');
const TEMPLATE = readFileSync(join(ROOT, 'deploy/nginx/toolbar.conf.template'), 'utf8');
const EXAMPLE_SITE = JSON.parse(readFileSync(join(ROOT, 'deploy/nginx/site.example.json'), 'utf8')) as Record<string, unknown>;
const SHIPPED_TOOLBAR = readFileSync(join(ROOT, 'src/config/toolbar.json'), 'utf8');

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const siteToolbar = { vendor: 'genesys', genesys: { bridgeUrl: 'https://toolbar.example.com' } };

function nginxConf(overrides: Record<string, unknown> = {}): string {
  const parsed = parseSite({ ...EXAMPLE_SITE, ...overrides });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return renderSite(TEMPLATE, parsed.site);
}

function problemsOf(inputs: CheckInput[], fusionOrigins: string[] = []): string[] {
  return checkFiles(inputs, fusionOrigins).flatMap((report) => report.problems.map((problem) => `${report.file}: ${problem.key}`));
}

describe('check-config: which file is which', () => {
  it('tells the toolbar, the bridge, the site variables and nginx apart by their contents', () => {
    expect(detectKind(SHIPPED_TOOLBAR)).toBe('toolbar');
    expect(detectKind(json({ mode: 'secure', port: 8087, agents: { a: { dn: '1' } } }))).toBe('bridge');
    expect(detectKind(json(EXAMPLE_SITE))).toBe('site');
    expect(detectKind(nginxConf())).toBe('nginx');
    expect(detectKind('{}')).toBeUndefined();
    expect(detectKind('hello')).toBeUndefined();
  });

  it('asks to be told when it cannot tell', () => {
    expect(checkFiles([{ file: 'empty.json', text: '{}' }])[0]?.problems[0]?.message).toMatch(/--toolbar, --bridge, --site or --nginx/);
  });
});

describe('check-config: the same checks the toolbar and the bridge run at start', () => {
  it('passes the shipped toolbar configuration and the bridge defaults', () => {
    expect(problemsOf([{ file: 'toolbar.json', text: SHIPPED_TOOLBAR }, { file: 'bridge.json', kind: 'bridge', text: '{}' }])).toEqual([]);
  });

  it('reports every problem of a toolbar configuration, with the toolbar\'s own words', () => {
    const bad = { vendor: 'genesis', phoneLineId: '', colour: 'red', genesys: { bridgeUrl: 'ftp://bridge', reconnectMinMs: 5 } };
    const reports = checkFiles([{ file: 'toolbar.json', kind: 'toolbar', text: json(bad) }]);
    const started = resolveToolbarConfig(bad, '', 'https://toolbar.invalid/index.html');
    expect(started.ok).toBe(false);
    // The top-level problems are the toolbar's resolveConfig() errors, word for word.
    const messages = reports[0]?.problems.map((problem) => `${problem.key}: ${problem.message}`);
    expect(messages).toEqual(started.ok ? [] : [...started.errors]);
    expect(reports[0]?.problems.map((problem) => problem.key).sort()).toEqual(['colour', 'phoneLineId', 'vendor'].sort());
  });

  it('checks each vendor section with its own parser', () => {
    const config = { vendor: 'genesys', genesys: { bridgeUrl: 'ftp://bridge', reconnectMinMs: 5 }, amazon: { region: 'mars' } };
    expect(problemsOf([{ file: 't.json', kind: 'toolbar', text: json(config) }]).sort()).toEqual(
      ['t.json: genesys.bridgeUrl', 't.json: genesys.reconnectMinMs', 't.json: amazon.ccpUrl', 't.json: amazon.region'].sort(),
    );
  });

  it('reports every problem of a bridge configuration as the bridge does', () => {
    const bad = { port: 'eighty', mode: 'secure', simulator: { controlRoutes: true }, trustProxy: ['proxy.example.com'], agents: { a: { dn: '7001' }, b: { dn: '7001' } } };
    let expected: string[] = [];
    try {
      resolveBridgeConfig(bad);
    } catch (error) {
      expected = (error as ConfigError).problems.map((problem) => problem.key);
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(problemsOf([{ file: 'bridge.json', text: json(bad) }])).toEqual(expected.map((key) => `bridge.json: ${key}`));
  });

  it('says a file that is not JSON is not', () => {
    expect(checkFiles([{ file: 'b.json', kind: 'bridge', text: '{ port: 1 }' }])[0]?.problems[0]?.message).toMatch(/^is not JSON/);
  });
});

describe('check-config: the nginx policy against the toolbar configuration', () => {
  it('passes a site generated for the toolbar it serves, from the variables or the generated file', () => {
    expect(problemsOf([{ file: 'toolbar.json', text: json(siteToolbar) }, { file: 'toolbar.conf', text: nginxConf() }])).toEqual([]);
    expect(problemsOf([{ file: 'toolbar.json', text: json(siteToolbar) }, { file: 'site.json', text: json(EXAMPLE_SITE) }])).toEqual([]);
  });

  it('catches a bridge the policy does not let the toolbar reach', () => {
    const toolbar = { vendor: 'genesys', genesys: { bridgeUrl: 'https://bridge.example.net', tokenUrl: 'https://idp.example.net/token' } };
    const reports = checkFiles([{ file: 'toolbar.json', text: json(toolbar) }, { file: 'toolbar.conf', text: nginxConf() }]);
    const messages = reports[1]?.problems.map((problem) => `${problem.key}: ${problem.message}`);
    expect(messages).toEqual([
      "csp.connect-src: does not allow https://bridge.example.net (genesys.bridgeUrl: https://bridge.example.net), which toolbar.json needs",
      "csp.connect-src: does not allow wss://bridge.example.net (the bridge's WebSocket, wss://bridge.example.net/genesysWs), which toolbar.json needs",
      'csp.connect-src: does not allow https://idp.example.net (genesys.tokenUrl: https://idp.example.net/token), which toolbar.json needs',
    ]);
    // Named in connectOrigins, they are allowed.
    const allowed = nginxConf({ connectOrigins: ['https://bridge.example.net', 'https://idp.example.net'] });
    expect(problemsOf([{ file: 'toolbar.json', text: json(toolbar) }, { file: 'toolbar.conf', text: allowed }])).toEqual([]);
  });

  it('catches an identity provider the policy does not let the sign-in reach', () => {
    const toolbar = { vendor: 'genesys', genesys: { bridgeUrl: 'https://bridge.example.net', signIn: { issuer: 'https://login.example.org/tenant', clientId: 'media-toolbar' } } };
    const withBridge = nginxConf({ connectOrigins: ['https://bridge.example.net'] });
    const reports = checkFiles([{ file: 'toolbar.json', text: json(toolbar) }, { file: 'toolbar.conf', text: withBridge }]);
    expect(reports[1]?.problems.map((problem) => `${problem.key}: ${problem.message}`)).toEqual([
      'csp.connect-src: does not allow https://login.example.org (genesys.signIn.issuer: https://login.example.org/tenant), which toolbar.json needs',
    ]);
    const allowed = nginxConf({ connectOrigins: ['https://bridge.example.net', 'https://login.example.org'] });
    expect(problemsOf([{ file: 'toolbar.json', text: json(toolbar) }, { file: 'toolbar.conf', text: allowed }])).toEqual([]);
  });

  it("catches a UEF client the policy would not load, and a CCP it would not frame", () => {
    const toolbar = { vendor: 'amazon', uefClientUrl: 'js/uef-client.js', amazon: { ccpUrl: 'https://example.my.connect.aws/ccp-v2/' } };
    const withoutAmazon = nginxConf({ uefClientOrigin: 'https://static.oracle.com' });
    expect(problemsOf([{ file: 't.json', text: json(toolbar) }, { file: 'n.conf', text: withoutAmazon }])).toEqual(['n.conf: csp.frame-src']);
    const oracleOnly = { ...toolbar, uefClientUrl: 'https://static.oracle.com/cdn/ui-events-framework/libs/ui-events-framework-client.js' };
    const policy = nginxConf({ amazonInstanceOrigin: 'https://example.my.connect.aws' }).replace("; script-src 'self' https://static.oracle.com;", "; script-src 'self';");
    expect(problemsOf([{ file: 't.json', text: json(oracleOnly) }, { file: 'n.conf', text: policy }])).toEqual(['n.conf: csp.script-src']);
  });

  it('holds frame-ancestors to Fusion: missing, a wildcard, plain http or another Fusion are caught', () => {
    const conf = nginxConf();
    const withAncestors = (value: string): string => conf.replaceAll('frame-ancestors https://abcd.fa.us2.oraclecloud.com;', `${value};`);
    expect(problemsOf([{ file: 'n.conf', text: withAncestors('frame-ancestors *') }])).toEqual(['n.conf: csp.frame-ancestors']);
    expect(problemsOf([{ file: 'n.conf', text: withAncestors('frame-ancestors http://abcd.fa.us2.oraclecloud.com') }])).toEqual(['n.conf: csp.frame-ancestors']);
    expect(problemsOf([{ file: 'n.conf', text: withAncestors("frame-ancestors 'none'") }])).toEqual(['n.conf: csp.frame-ancestors']);
    expect(problemsOf([{ file: 'n.conf', text: withAncestors('base-uri https://x.example.com') }])[0]).toBe('n.conf: csp.frame-ancestors');
    expect(problemsOf([{ file: 'n.conf', text: conf }], ['https://efgh.fa.em2.oraclecloud.com'])).toEqual(['n.conf: csp.frame-ancestors']);
    expect(problemsOf([{ file: 'n.conf', text: conf }], ['https://abcd.fa.us2.oraclecloud.com'])).toEqual([]);
  });

  it('says when an nginx file has no policy to check', () => {
    expect(problemsOf([{ file: 'n.conf', kind: 'nginx', text: 'server { listen 443 ssl; server_name t.example.com; }' }])).toEqual(['n.conf: Content-Security-Policy']);
  });
});

describe('npm run check-config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-config-'));
  const cli = join(ROOT, 'deploy/dist/check-config.js');

  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-deploy-tools.js')], { cwd: ROOT });
  });

  function run(...args: string[]): { status: number | null; stdout: string } {
    const result = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout };
  }

  it('exits 0 and says ok for each good file', () => {
    writeFileSync(join(dir, 'toolbar.json'), json(siteToolbar));
    writeFileSync(join(dir, 'toolbar.conf'), nginxConf());
    const result = run('toolbar.json', 'toolbar.conf');
    expect(result.stdout).toBe('toolbar.json: ok (toolbar configuration)\ntoolbar.conf: ok (nginx configuration)\ncheck-config: no problem found\n');
    expect(result.status).toBe(0);
  });

  it('exits 1 and prints every problem by file and key', () => {
    writeFileSync(join(dir, 'bad-toolbar.json'), json({ vendor: 'genesys', genesys: { bridgeUrl: 'https://elsewhere.example.net' } }));
    writeFileSync(join(dir, 'bad-bridge.json'), json({ mode: 'secure', simulator: { controlRoutes: true }, trustProxy: ['proxy.example.com'] }));
    const result = run('bad-toolbar.json', '--bridge', 'bad-bridge.json', 'toolbar.conf', 'missing.json');
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^missing\.json: \(file\): cannot be read/),
        'bad-bridge.json: trustProxy[0]: must be an IP address or CIDR range of a proxy (10.0.0.5, 10.0.0.0/8, ::1), got "proxy.example.com"',
        'bad-bridge.json: simulator.controlRoutes: cannot be true when mode is "secure": secure mode serves no simulator route',
        'bad-toolbar.json: ok (toolbar configuration)',
        expect.stringMatching(/^toolbar\.conf: csp\.connect-src: does not allow https:\/\/elsewhere\.example\.net/),
      ]),
    );
    expect(lines[lines.length - 1]).toMatch(/^check-config: \d+ problems found$/);
  });

  it('exits 2 for a command line it does not understand', () => {
    expect(run().status).toBe(2);
    expect(run('--colour', 'x.json').status).toBe(2);
  });
});
