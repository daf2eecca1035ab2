/**
 * Debian's nginx (/usr/sbin/nginx; NGINX_PATH for another) run by a test: in the foreground, with a main
 * configuration of its own in a temporary folder (pid, logs and temporary files there too) that includes the site
 * under test, and extra server blocks for the test's other pages. Started on loopback ports; stopped by stop().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export interface RunningNginx {
  readonly dir: string;
  stop(): Promise<void>;
}

/** A port nothing listens on now (the kernel's pick; the test's own loopback). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** GET over https, trusting `ca`; resolves the status, or rejects when nothing answers. */
function probe(url: string, ca: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Starts nginx with `site` (a generated site configuration) and `extraServers` (server blocks) in its http block,
 * and resolves once `readyUrl` answers over https.
 */
export async function startNginx(options: { readonly site: string; readonly extraServers: string; readonly readyUrl: string; readonly ca: string }): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'nginx-'));
  writeFileSync(join(dir, 'site.conf'), options.site);
  writeFileSync(join(dir, 'servers.conf'), options.extraServers);
  // As root, workers would otherwise switch to www-data, which cannot read the test's private temporary folders.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${user}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ${dir}/access.log;
    client_body_temp_path ${dir}/client_body;
    proxy_temp_path ${dir}/proxy;
    fastcgi_temp_path ${dir}/fastcgi;
    uwsgi_temp_path ${dir}/uwsgi;
    scgi_temp_path ${dir}/scgi;
    include ${dir}/site.conf;
    include ${dir}/servers.conf;
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = (): string => {
    try {
      return readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${output}\n${errorLog()}`);
    try {
      await probe(options.readyUrl, options.ca);
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`nginx did not answer ${options.readyUrl} within 20 s (${String(error)}): ${output}\n${errorLog()}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    dir,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM'); // fast shutdown: the master stops its workers
      await exited;
    },
  };
}
