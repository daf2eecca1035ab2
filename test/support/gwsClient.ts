/**
 * What tests need to play a GWS client from Node: plain JSON requests with Node's own HTTP client (a jsdom page's
 * fetch has CORS), an agent's access token from the fake GWS, and a token service that hands the page that token as
 * `genesys.tokenUrl` would.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** A request with Node's own HTTP client; the answer's body parsed as JSON when it is JSON, else kept as text. */
export function nodeRequest(url: string, method: string, body?: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers: { ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }), ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // Not JSON: kept as text.
        }
        resolve({ status: response.statusCode ?? 0, body: parsed });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

export function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface GwsClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The agent's access token, by the fake's password grant (OAuth 2's resource owner credentials, client in Basic). */
export async function gwsAccessToken(gwsUrl: string, client: GwsClientCredentials, userName: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'password', username: userName, password: userName, scope: '*' }).toString();
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
  const answer = await nodeRequest(`${gwsUrl}/auth/v3/oauth/token`, 'POST', form, { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` });
  const token = (answer.body as { access_token?: unknown }).access_token;
  if (answer.status !== 200 || typeof token !== 'string') throw new Error(`GWS gave no token for ${userName}: ${answer.status}`);
  return token;
}

/**
 * The token service an identity provider would be: it knows the agent (here by the query, `?agent=`) and answers the
 * page `{token}` from `tokens`, or 401. Resolves with its URL and server.
 */
export async function startTokenService(pageOrigin: string, tokens: ReadonlyMap<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    response.setHeader('Access-Control-Allow-Origin', pageOrigin);
    response.setHeader('Access-Control-Allow-Credentials', 'true');
    const agent = new URL(request.url ?? '/', 'http://tokens').searchParams.get('agent') ?? '';
    const token = tokens.get(agent);
    if (token === undefined) response.writeHead(401).end();
    else response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token }));
  });
  return { url: `${await listen(server)}/token`, server };
}
