/**
 * One agent's REST requests to GWS (node:http and node:https): the agent's credentials and cookies on each, a
 * timeout on each, and every way it can fail as a GwsRequestError (gwsFailures.ts). It never logs: a failure names
 * the operation and what GWS answered, never a header, token or cookie. Node's own HTTP client rather than the global
 * fetch, which an embedding environment may replace (the bridge's tests run it beside a browser's polyfill).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { CookieJar } from './cookieJar';
import { GwsRequestError, type GwsFailure } from './gwsFailures';

export interface RestOptions {
  /** GWS's base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Headers every request carries (Authorization, x-api-key). */
  readonly headers: () => Readonly<Record<string, string>>;
  readonly jar: CookieJar;
  /** Told of every answer and every failure to get one: whether GWS could be reached. */
  readonly onReach?: (reached: boolean) => void;
}

/** Status codes of a successful answer: 0 done, 1 accepted (its outcome follows as notifications). */
const SUCCESS_CODES = new Set([0, 1]);

/** The most of a plain-text error body a failure quotes. */
const QUOTED_BODY_CHARS = 200;

/** The largest answer read (current-session carries the agent's whole configuration: some hundred KiB). */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** A request that got no (whole) answer. */
export class NoAnswer extends Error {
  constructor(readonly failure: GwsFailure) {
    super(failure.kind);
    this.name = 'NoAnswer';
  }
}

/**
 * One HTTP exchange; rejects with NoAnswer for a request that got no (whole) answer. A request reset on a kept-alive
 * connection before any answer is sent again: the server closed that idle connection as the request went out on it,
 * so the request was never taken (https://nodejs.org/api/http.html#requestreusedsocket). Each attempt takes another
 * connection (the pool drops a reset one), so this ends at a new connection, whose reset is final; all within the
 * one timeout.
 */
export async function exchange(url: URL, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt(url, method, headers, body, timeoutMs, deadline);
    } catch (error) {
      if (!(error instanceof StaleConnection)) throw error;
    }
  }
}

/** A kept-alive connection was reset before any answer came on it. */
class StaleConnection extends Error {}

/** One try of an exchange, until the exchange's deadline (a failure names the exchange's whole timeout). */
function attempt(url: URL, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number, deadline: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let failure: GwsFailure | undefined;
    let answered = false;
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          failure = { kind: 'notJson', status: response.statusCode ?? 0 };
          request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', () => undefined);
    });
    const timer = setTimeout(() => {
      failure = { kind: 'timeout', ms: timeoutMs };
      request.destroy();
    }, Math.max(1, deadline - Date.now()));
    request.on('error', (error: Error & { code?: unknown }) => {
      clearTimeout(timer);
      if (failure === undefined && !answered && request.reusedSocket && error.code === 'ECONNRESET') {
        reject(new StaleConnection());
        return;
      }
      reject(new NoAnswer(failure ?? { kind: 'unreachable', detail: typeof error.code === 'string' ? error.code : error.message }));
    });
    request.on('close', () => {
      clearTimeout(timer);
      if (failure !== undefined) reject(new NoAnswer(failure));
    });
    request.end(body);
  });
}

/**
 * Whether GWS answers at all, asked without credentials: any HTTP answer, a refusal included, is GWS. Resolves
 * undefined when it answered, else why not.
 */
export async function unreachableBecause(baseUrl: string, timeoutMs: number): Promise<string | undefined> {
  try {
    await exchange(new URL(`${baseUrl}/workspace/v3/current-session`), 'GET', { Accept: 'application/json' }, undefined, timeoutMs);
    return undefined;
  } catch (error) {
    const known = error instanceof NoAnswer ? error.failure : undefined;
    return known?.kind === 'unreachable' ? known.detail : known?.kind === 'timeout' ? `no answer within ${known.ms} ms` : 'no answer';
  }
}

export class GwsRest {
  constructor(private readonly options: RestOptions) {}

  /**
   * Sends a request under /workspace/v3 (path: '/voice/ready', with its query if any); resolves GWS's JSON answer
   * ({} for an empty one). `operation` names it in failures.
   */
  async call(operation: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const { baseUrl, timeoutMs, jar } = this.options;
    const headers: Record<string, string> = { Accept: 'application/json', ...this.options.headers() };
    const cookies = jar.header();
    if (cookies !== undefined) headers.Cookie = cookies;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    let answer: Answer;
    try {
      answer = await exchange(new URL(`${baseUrl}/workspace/v3${path}`), method, headers, payload, timeoutMs);
    } catch (error) {
      const known: GwsFailure = error instanceof NoAnswer ? error.failure : { kind: 'unreachable', detail: String(error) };
      this.options.onReach?.(known.kind !== 'unreachable');
      throw new GwsRequestError(operation, known);
    }
    this.options.onReach?.(true);
    for (const setCookie of answer.headers['set-cookie'] ?? []) jar.store(setCookie);
    const { status, text } = answer;
    const json = parseJson(text);
    if (status < 200 || status > 299) throw new GwsRequestError(operation, { kind: 'http', status, ...messageOf(json, text) });
    if (text.trim() === '') return {};
    if (json === undefined) throw new GwsRequestError(operation, { kind: 'notJson', status });
    const code = statusCodeOf(json);
    if (code !== undefined && !SUCCESS_CODES.has(code)) throw new GwsRequestError(operation, { kind: 'refused', code, ...messageOf(json, '') });
    return json;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function statusCodeOf(json: unknown): number | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const status = (json as { status?: unknown }).status;
  if (typeof status !== 'object' || status === null) return undefined;
  const code = (status as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** GWS's own words for a failure: status.message of a JSON body, else the start of a text body. */
function messageOf(json: unknown, text: string): { message?: string } {
  if (typeof json === 'object' && json !== null) {
    const status = (json as { status?: unknown }).status;
    const message = typeof status === 'object' && status !== null ? (status as { message?: unknown }).message : undefined;
    if (typeof message === 'string' && message.trim() !== '') return { message: printable(message) };
  }
  const plain = printable(text);
  return plain === '' || json !== undefined ? {} : { message: plain };
}

/** Text fit to quote in a failure: control characters blanked, at most QUOTED_BODY_CHARS. */
export function printable(text: string): string {
  const cleaned = [...text].map((character) => (character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f ? ' ' : character)).join('').trim();
  return cleaned.length > QUOTED_BODY_CHARS ? `${cleaned.slice(0, QUOTED_BODY_CHARS)}…` : cleaned;
}

