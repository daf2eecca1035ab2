/**
 * The development OpenID provider (dev/oidc/devProvider.mjs, oidc-provider) in a process of its own for a test, and
 * a sign-in through its real pages driven over HTTP, as a browser would go: the authorization request with PKCE, the
 * login page, the consent page, the redirect with the code, and the code exchanged at the token endpoint. Nothing is
 * minted by the test: every token comes from the provider.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonLineWith, startProcess } from './startScripts';

const PROVIDER = join(__dirname, '../../dev/oidc/devProvider.mjs');
const START_TIMEOUT_MS = 20_000;

export const REDIRECT_URI = 'http://127.0.0.1:8000/signin-callback.html';

export interface ProviderOptions {
  readonly clientId?: string;
  /** agentId → DN (any other user name signs in without a DN). */
  readonly accounts?: Readonly<Record<string, { readonly dn?: string }>>;
  readonly redirectUris?: readonly string[];
  readonly idTokenTtlSeconds?: number;
  /** A fixed port (to come back on after stop(), as a provider that was down does). Default: a free one. */
  readonly port?: number;
  /**
   * PEM files: serve HTTPS with this certificate (the issuer is then https://127.0.0.1:PORT). signIn() and refresh()
   * go through Node's fetch, which trusts only the system's certificate authorities: a browser drives such a provider.
   */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
}

export interface Tokens {
  readonly id_token: string;
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly expires_in: number;
}

export class DevProvider {
  private constructor(
    private readonly stopProcess: () => Promise<unknown>,
    readonly issuer: string,
    readonly clientId: string,
    readonly dnClaim: string,
  ) {}

  get jwksUri(): string {
    return `${this.issuer}/jwks`;
  }

  get port(): number {
    return Number(new URL(this.issuer).port);
  }

  static async start(options: ProviderOptions = {}): Promise<DevProvider> {
    const args = [PROVIDER, '--port', String(options.port ?? 0)];
    if (options.clientId !== undefined) args.push('--client-id', options.clientId);
    for (const uri of options.redirectUris ?? [REDIRECT_URI]) args.push('--redirect-uri', uri);
    if (options.tls !== undefined) args.push('--tls-cert', options.tls.certFile, '--tls-key', options.tls.keyFile);
    if (options.idTokenTtlSeconds !== undefined) args.push('--id-token-ttl', String(options.idTokenTtlSeconds));
    if (options.accounts !== undefined) {
      const file = join(mkdtempSync(join(tmpdir(), 'oidc-accounts-')), 'accounts.json');
      writeFileSync(file, JSON.stringify(options.accounts));
      args.push('--accounts', file);
    }
    const started = await startProcess({
      name: 'the OpenID provider',
      args,
      readyLine: (line) => jsonLineWith('issuer')(line) as { issuer: string; clientId: string; dnClaim: string } | undefined,
      timeoutMs: START_TIMEOUT_MS,
      output: null,
    });
    return new DevProvider(started.stop, started.ready.issuer, started.ready.clientId, started.ready.dnClaim);
  }

  /** Stops the provider and resolves once its process has exited (its port is free, its keys gone). */
  async stop(): Promise<void> {
    await this.stopProcess();
  }

  /**
   * Signs a user in through the provider's own login and consent pages and exchanges the code (public client, PKCE),
   * as the toolbar's sign-in window does.
   */
  async signIn(login: string, scope = 'openid profile genesys offline_access'): Promise<Tokens> {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const state = randomBytes(16).toString('base64url');
    const authorize = new URL(`${this.issuer}/auth`);
    for (const [key, value] of Object.entries({
      client_id: this.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      // offline_access (a refresh token) is granted only with consent asked for (OpenID Connect Core 1.0, §11).
      prompt: 'consent',
    })) {
      authorize.searchParams.set(key, value);
    }
    const back = new URL(await this.passPages(authorize.href, login));
    if (back.searchParams.get('state') !== state) throw new Error(`the provider came back without the state: ${back.href}`);
    const code = back.searchParams.get('code');
    if (code === null) throw new Error(`the provider came back without a code: ${back.href}`);
    return this.token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier });
  }

  /**
   * What the sign-in window does: from the authorization request through the provider's login page (any password)
   * and consent page, to the redirect back to the client. Resolves with that redirect's URL (code and state in it).
   */
  async passPages(authorizationUrl: string, login: string): Promise<string> {
    const browser = new CookieBrowser();
    let response = await browser.get(authorizationUrl);
    for (let step = 0; step < 10; step += 1) {
      const redirect = response.redirect === undefined ? undefined : new URL(response.redirect, this.issuer);
      if (redirect && redirect.origin !== this.issuer) return redirect.href;
      if (redirect) {
        response = await browser.get(redirect.href);
        continue;
      }
      // A page of the provider's: the login form (prompt=login) or the consent form (prompt=consent).
      const action = /<form[^>]*action="([^"]+)"/.exec(response.body)?.[1];
      const prompt = /name="prompt" value="([a-z]+)"/.exec(response.body)?.[1];
      if (action === undefined || prompt === undefined) throw new Error(`unexpected page from the provider (${response.status}): ${response.body.slice(0, 500)}`);
      const form: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt };
      response = await browser.post(new URL(action.replace(/&amp;/g, '&'), this.issuer).href, form);
    }
    throw new Error('the provider did not come back to the client within 10 pages');
  }

  /** A refresh token grant: new tokens (the ID token included) for the same sign-in. */
  refresh(refreshToken: string): Promise<Tokens> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  private async token(grant: Record<string, string>): Promise<Tokens> {
    const response = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...grant, client_id: this.clientId }),
    });
    const body = (await response.json()) as Tokens & { error?: string; error_description?: string };
    if (!response.ok) throw new Error(`the token endpoint refused: ${body.error ?? response.status} ${body.error_description ?? ''}`);
    return body;
  }
}

/** Just enough of a browser for the provider's pages: cookies by name, redirects followed by the caller. */
class CookieBrowser {
  private readonly cookies = new Map<string, string>();

  get(url: string): Promise<{ status: number; redirect?: string; body: string }> {
    return this.request(url, { method: 'GET' });
  }

  post(url: string, form: Record<string, string>): Promise<{ status: number; redirect?: string; body: string }> {
    return this.request(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  }

  private async request(url: string, init: RequestInit): Promise<{ status: number; redirect?: string; body: string }> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string> | undefined), ...(cookie ? { Cookie: cookie } : {}) } });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    const location = response.headers.get('location');
    return { status: response.status, ...(location !== null ? { redirect: location } : {}), body: await response.text() };
  }
}
