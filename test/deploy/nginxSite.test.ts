/**
 * @jest-environment node
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parsePolicy } from '../../deploy/src/contentSecurityPolicy';
import { parseSite, policyHeader, renderSite, sitePolicy, siteOrigin, type SiteVariables } from '../../deploy/src/nginxSite';

const ROOT = join(__dirname, '../..');
const TEMPLATE = readFileSync(join(ROOT, 'deploy/nginx/toolbar.conf.template'), 'utf8');
const EXAMPLE: unknown = JSON.parse(readFileSync(join(ROOT, 'deploy/nginx/site.example.json'), 'utf8'));

function site(overrides: Record<string, unknown> = {}): SiteVariables {
  const parsed = parseSite({ ...(EXAMPLE as Record<string, unknown>), ...overrides });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.site;
}

describe('the nginx site', () => {
  it('takes the example variables as they are', () => {
    expect(parseSite(EXAMPLE).ok).toBe(true);
  });

  it('names every bad variable by its key', () => {
    const parsed = parseSite({
      ...(EXAMPLE as Record<string, unknown>),
      serverName: 'toolbar example',
      fusionOrigins: ['http://abcd.fa.us2.oraclecloud.com', 'https://x.example.com/path'],
      bridgeUpstreams: ['127.0.0.1'],
      bridgeTimeoutSeconds: 20,
      root: '/srv/my toolbar',
      amazonInstanceOrigin: 'example.my.connect.aws',
      sslCert: '/x',
    });
    expect(parsed.ok).toBe(false);
    const keys = parsed.ok ? [] : parsed.problems.map((problem) => problem.key);
    expect(keys.sort()).toEqual(['amazonInstanceOrigin', 'bridgeTimeoutSeconds', 'bridgeUpstreams[0]', 'fusionOrigins[0]', 'fusionOrigins[1]', 'root', 'serverName', 'sslCert'].sort());
  });

  it('composes the policy the toolbar needs: Fusion may frame it, the UEF CDN may script it, no eval', () => {
    const header = policyHeader(sitePolicy(site()));
    const policy = parsePolicy(header);
    expect(policy.get('frame-ancestors')).toEqual(['https://abcd.fa.us2.oraclecloud.com']);
    expect(policy.get('script-src')).toEqual(["'self'", 'https://static.oracle.com']);
    expect(policy.get('connect-src')).toEqual(["'self'", 'wss://toolbar.example.com']);
    expect(policy.get('frame-src')).toEqual(["'none'"]);
    expect(header).not.toContain('unsafe-eval');
  });

  it('with Amazon Connect, frames and fetches the instance, and still scripts only itself and Oracle', () => {
    const policy = parsePolicy(policyHeader(sitePolicy(site({ amazonInstanceOrigin: 'https://example.my.connect.aws', connectOrigins: ['https://idp.example.com'] }))));
    expect(policy.get('frame-src')).toEqual(['https://example.my.connect.aws']);
    expect(policy.get('connect-src')).toEqual(["'self'", 'wss://toolbar.example.com', 'https://example.my.connect.aws', 'https://idp.example.com']);
    expect(policy.get('script-src')).toEqual(["'self'", 'https://static.oracle.com']);
  });

  it('puts a port other than 443 in the origin', () => {
    expect(siteOrigin(site())).toBe('https://toolbar.example.com');
    expect(siteOrigin(site({ httpsPort: 8443 }))).toBe('https://toolbar.example.com:8443');
  });

  it('renders the template with the policy, each source explained, and the bridge proxied with upgrade', () => {
    const conf = renderSite(TEMPLATE, site());
    expect(conf).not.toMatch(/\{\{/);
    expect(conf).toContain(`add_header Content-Security-Policy "${policyHeader(sitePolicy(site()))}" always;`);
    expect(conf).toContain("# script-src https://static.oracle.com: Oracle's UI Events Framework client");
    expect(conf).toContain('server 127.0.0.1:8087;');
    expect(conf).toMatch(/location = \/genesysWs \{[^}]*proxy_set_header Upgrade \$http_upgrade;[^}]*proxy_read_timeout 90s;/);
    expect(conf).toContain('add_header Referrer-Policy "strict-origin-when-cross-origin" always;');
    expect(conf).toContain('listen 80;');
  });

  it('leaves out the bridge without one, and the redirect without an http port', () => {
    const conf = renderSite(TEMPLATE, site({ bridgeUpstreams: [], httpPort: null }));
    expect(conf).not.toContain('genesysWs');
    expect(conf).not.toContain('upstream toolbar_bridge');
    expect(conf).not.toContain('return 301');
  });
});
