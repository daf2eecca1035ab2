/**
 * A real OpenID provider for development and tests: oidc-provider (https://github.com/panva/node-oidc-provider, an
 * OpenID Certified implementation) on loopback, so that the toolbar's sign-in and the bridge's token checks meet the
 * same provider a customer's would be, with no home-made token on the way.
 *
 *   node dev/oidc/devProvider.mjs [--port 8090] [--host 127.0.0.1] [--client-id media-toolbar]
 *       [--redirect-uri http://127.0.0.1:8000/signin-callback.html]... [--accounts file.json]
 *       [--id-token-ttl 3600] [--refresh-token-ttl 86400] [--dn-claim genesys_dn]
 *       [--tls-cert cert.pem --tls-key key.pem]
 *
 * It prints one JSON line once it listens ({"issuer", "jwksUri", "clientId"}), then serves until SIGTERM or SIGINT.
 *
 * - Sign-in uses oidc-provider's own development pages (features.devInteractions): any user name and any password
 *   sign in, and a consent page follows. The known agents (agent1 at DN 7001 and agent2 at DN 7002, or those of
 *   --accounts: {"agent1": {"dn": "7001"}, …}) get their DN in the ID token; any other user name signs in as an
 *   account with no DN, which a bridge refuses (an unknown agent, or no DN): a way to try that refusal.
 * - One public client (no secret: a browser cannot keep one), authorization code with PKCE only, refresh tokens when
 *   the scope asks for offline_access.
 * - Claims: `sub` is the user name; scope `profile` adds `preferred_username`; scope `genesys` adds the DN claim.
 *   They are put in the ID token itself (conformIdTokenClaims off), since the ID token is what the toolbar hands the
 *   bridge.
 * - Its signing key is made at start and lives as long as the process: a restart rotates it.
 * - Plain HTTP on loopback by default. With --tls-cert and --tls-key (PEM files) it serves HTTPS and its issuer is
 *   https://host:port, as a real provider's is: for a toolbar served over HTTPS, whose site policy names only https
 *   origins in connect-src.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8090' },
    host: { type: 'string', default: '127.0.0.1' },
    'client-id': { type: 'string', default: 'media-toolbar' },
    'redirect-uri': { type: 'string', multiple: true, default: ['http://127.0.0.1:8000/signin-callback.html'] },
    accounts: { type: 'string' },
    'id-token-ttl': { type: 'string', default: '3600' },
    'refresh-token-ttl': { type: 'string', default: '86400' },
    'dn-claim': { type: 'string', default: 'genesys_dn' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
  },
  strict: true,
});

const DEFAULT_ACCOUNTS = { agent1: { dn: '7001' }, agent2: { dn: '7002' } };

async function readAccounts(file) {
  if (file === undefined) return DEFAULT_ACCOUNTS;
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(file, 'utf8'));
}

function seconds(name) {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of seconds, got ${values[name]}`);
  return value;
}

const accounts = await readAccounts(values.accounts);
const dnClaim = values['dn-claim'];
const tlsCert = values['tls-cert'];
const tlsKey = values['tls-key'];
if ((tlsCert === undefined) !== (tlsKey === undefined)) throw new Error('--tls-cert and --tls-key go together (the certificate and its key, PEM files)');
const tls = tlsCert !== undefined && tlsKey !== undefined ? { cert: readFileSync(tlsCert), key: readFileSync(tlsKey) } : undefined;
const server = tls ? createHttpsServer(tls) : createHttpServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(Number(values.port), values.host, resolve);
});
const { port } = server.address();
const issuer = `${tls ? 'https' : 'http'}://${values.host}:${port}`;

// RS256: what OpenID Connect requires every provider to support for ID tokens (OpenID Connect Discovery 1.0, §3).
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: `dev-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' };

const clientId = values['client-id'];
const redirectUris = values['redirect-uri'];

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      // A browser application cannot keep a secret: PKCE stands in for it (oidc-provider requires PKCE of such clients).
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      redirect_uris: redirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], profile: ['preferred_username'], genesys: [dnClaim] },
  scopes: ['openid', 'offline_access', 'profile', 'genesys'],
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  ttl: {
    IdToken: seconds('id-token-ttl'),
    AccessToken: seconds('id-token-ttl'),
    RefreshToken: seconds('refresh-token-ttl'),
    Interaction: 600,
    Session: 86_400,
    Grant: 86_400,
  },
  // The toolbar's page exchanges the code from its own origin: the origins of the client's redirect URIs may call.
  clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some((uri) => new URL(uri).origin === origin),
  async findAccount(_ctx, id) {
    const known = Object.prototype.hasOwnProperty.call(accounts, id) ? accounts[id] : undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, ...(known?.dn !== undefined ? { [dnClaim]: known.dn } : {}) };
      },
    };
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><title>Sign-in error</title><h1>Sign-in error</h1><pre>${Object.entries(out)
      .map(([key, value]) => `${key}: ${String(value).replace(/[<>&]/g, '')}`)
      .join('\n')}</pre>`;
  },
});
// Development only: the provider may run behind nothing, on loopback, on http unless given a certificate.
provider.on('server_error', (_ctx, error) => process.stderr.write(`oidc-provider: ${error.stack ?? error}\n`));
server.on('request', provider.callback());

process.stdout.write(`${JSON.stringify({ issuer, jwksUri: `${issuer}/jwks`, clientId, redirectUris, dnClaim })}\n`);

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
