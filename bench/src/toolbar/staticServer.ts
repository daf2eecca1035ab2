/**
 * Serves a directory over HTTP/1.1 on loopback, as a production web server serves a static build:
 * - GET and HEAD only; paths resolve inside the root (no `..` escape); `/` is `/index.html`; anything else is 404.
 * - Content-Type by extension (text types with `charset=utf-8`) and `X-Content-Type-Options: nosniff`, so the browser
 *   refuses a script or style sheet served with the wrong type, as it would in production.
 * - Compression of text assets by `Accept-Encoding`: brotli (quality 11) if accepted, else gzip (level 9), else
 *   identity, with `Vary: Accept-Encoding`. Each file is compressed once and kept in memory, the way a deployment
 *   serves files precompressed at build time (nginx `brotli_static`/`gzip_static`) or a CDN serves from its cache, so
 *   compression time is not part of a measured load once a warm-up load has been served.
 * - `ETag` and `Last-Modified`, with `304` for a matching `If-None-Match`; `Cache-Control: no-cache` (the build's file
 *   names carry no content hash, so a browser must revalidate). The benchmark's loads are cold, so none of this is hit.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** What a JET release build, the dev tools and the Streams library contain. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.cur': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg\+xml)/;

type Encoding = 'br' | 'gzip';

export interface StaticServer {
  /** `http://127.0.0.1:<port>`; `localhost:<port>` reaches it too. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function serveStatically(root: string): Promise<StaticServer> {
  const rootDir = resolve(root);
  /** path + encoding + mtime → the compressed body. */
  const compressed = new Map<string, Promise<Buffer>>();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = fileFor(rootDir, request.url ?? '/');
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    const headers: Record<string, string | number> = {
      'Content-Type': type,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
      'Last-Modified': info.mtime.toUTCString(),
      ETag: etag,
    };
    const compressible = COMPRESSIBLE.test(type);
    if (compressible) headers.Vary = 'Accept-Encoding';
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers).end();
      return;
    }
    const encoding = compressible ? preferredEncoding(request.headers['accept-encoding']) : null;
    if (encoding) {
      const key = `${file}\0${encoding}\0${info.mtimeMs}`;
      let body = compressed.get(key);
      if (!body) {
        body = compress(file, encoding);
        compressed.set(key, body);
        body.catch(() => compressed.delete(key)); // a failure is answered (500) and tried again next time

      }
      const bytes = await body;
      response.writeHead(200, { ...headers, 'Content-Encoding': encoding, 'Content-Length': bytes.length });
      response.end(request.method === 'HEAD' ? undefined : bytes);
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Length': info.size });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file).on('error', (error) => response.destroy(error)).pipe(response);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}

/** The file a request path names, or null when it would leave the root. */
function fileFor(root: string, requestUrl: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(new URL(requestUrl, 'http://localhost').pathname);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  return file === root || file.startsWith(`${root}${sep}`) ? file : null;
}

/** brotli, else gzip, as the client accepts them (a `q=0` refuses). */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
    if (name && !refused) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

async function compress(file: string, encoding: Encoding): Promise<Buffer> {
  const raw = await readFile(file);
  return encoding === 'br'
    ? brotli(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
    : gzipAsync(raw, { level: 9 });
}
