/**
 * HAProxy (Debian's /usr/sbin/haproxy) in front of bridge instances, as a site balances them: its configuration
 * written at test time, its admin socket for what an operator would ask it (which server is up, drop a server's
 * sessions). Each setting says why, with the page of HAProxy's manual that documents it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

const HAPROXY = '/usr/sbin/haproxy';

export interface BalancedServer {
  /** HAProxy's name for it (letters, digits, '-', '_'). */
  readonly name: string;
  readonly port: number;
}

/** A server's state as HAProxy's checks see it (`show stat`'s status column: UP, DOWN, "UP 1/2", …). */
export type ServerStatus = string;

export interface Haproxy {
  /** The frontend the toolbar talks to: http://127.0.0.1:<port>. */
  readonly url: string;
  /** Each server's status by name. */
  statuses(): Promise<Map<string, ServerStatus>>;
  /** An admin command on the stats socket; resolves with HAProxy's answer. */
  admin(command: string): Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The configuration. Every choice, from HAProxy's configuration manual:
 * - `mode http`: HAProxy sees the WebSocket upgrade and then tunnels the connection both ways ("timeout tunnel"
 *   applies "when a connection is upgraded (e.g. when switching to the WebSocket protocol)"):
 *   https://docs.haproxy.org/2.6/configuration.html#4.2-timeout%20tunnel
 * - `timeout tunnel 1h`: a toolbar's WebSocket lives for a shift and is quiet between calls; the bridge's own pings
 *   (websocket.pingIntervalMs) find dead peers, not the balancer. `timeout client`/`server` cover plain requests.
 * - `option httpchk GET /readyz` with `http-check expect status 200`: a bridge that drains (SIGTERM) or cannot
 *   reach GWS answers 503 and gets no new session: https://docs.haproxy.org/2.6/configuration.html#4.2-option%20httpchk
 * - `inter 250ms fall 2 rise 2`: a killed instance is marked down after two failed checks, a restarted one up after
 *   two good ones: https://docs.haproxy.org/2.6/configuration.html#5.2-inter , https://docs.haproxy.org/2.6/configuration.html#5.2-fall , https://docs.haproxy.org/2.6/configuration.html#5.2-rise
 * - `retries 3` with `option redispatch 1`: a connection refused by an instance that died before the checks noticed
 *   is tried again on another server at once ("a positive value of 1 would indicate a redispatch on every retry"):
 *   https://docs.haproxy.org/2.6/configuration.html#4.2-retries , https://docs.haproxy.org/2.6/configuration.html#4.2-option%20redispatch
 * - `balance roundrobin` with `stick on src`: a client's REST commands go to the instance that holds its WebSocket
 *   (one Workspace session per agent at GWS, not one per instance), until that instance is down; the table then
 *   names the instance the client moved to: https://docs.haproxy.org/2.6/configuration.html#4.2-stick%20on
 * - `option forwardfor`: the bridge logs and limits by the client's address (its `trustProxy` names HAProxy):
 *   https://docs.haproxy.org/2.6/configuration.html#4.2-option%20forwardfor
 */
export function haproxyConfiguration(frontendPort: number, servers: readonly BalancedServer[], adminSocket: string): string {
  return [
    'global',
    '    maxconn 512',
    `    stats socket ${adminSocket} level admin`,
    'defaults',
    '    mode http',
    '    timeout connect 2s',
    '    timeout client 30s',
    '    timeout server 30s',
    '    timeout tunnel 1h',
    '    timeout check 2s',
    '    retries 3',
    '    option redispatch 1',
    'frontend toolbar',
    `    bind 127.0.0.1:${frontendPort}`,
    '    default_backend bridges',
    'backend bridges',
    '    balance roundrobin',
    '    stick-table type ip size 10k expire 8h',
    '    stick on src',
    '    option httpchk GET /readyz',
    '    http-check expect status 200',
    '    option forwardfor',
    '    default-server check inter 250ms fall 2 rise 2',
    ...servers.map((server) => `    server ${server.name} 127.0.0.1:${server.port}`),
    '',
  ].join('\n');
}

/** One command on the admin socket: https://docs.haproxy.org/2.6/management.html#9.3 ("show stat", "shutdown sessions server", …). */
function adminCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const connection = connect(socket, () => connection.end(`${command}\n`));
    connection.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    connection.on('end', () => resolve(answer));
    connection.on('error', reject);
  });
}

/** `show stat`'s CSV: the status of each server of `backend`. */
function statusesOf(csv: string, backend: string): Map<string, ServerStatus> {
  const [header, ...rows] = csv.split('\n').filter((line) => line.trim() !== '');
  const columns = header.replace(/^# /, '').split(',');
  const at = (name: string) => columns.indexOf(name);
  const statuses = new Map<string, ServerStatus>();
  for (const row of rows) {
    const cells = row.split(',');
    if (cells[at('pxname')] === backend && !['FRONTEND', 'BACKEND'].includes(cells[at('svname')])) statuses.set(cells[at('svname')], cells[at('status')]);
  }
  return statuses;
}

const START_MS = 15_000;

/** Starts HAProxy in the foreground (-db) and resolves once it answers on its admin socket. */
export async function startHaproxy(servers: readonly BalancedServer[]): Promise<Haproxy> {
  const directory = mkdtempSync(join(tmpdir(), 'haproxy-'));
  const adminSocket = join(directory, 'admin.sock');
  const configFile = join(directory, 'haproxy.cfg');
  const port = await freePort();
  writeFileSync(configFile, haproxyConfiguration(port, servers, adminSocket));
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const admin = (command: string) => adminCommand(adminSocket, command);
  const deadline = Date.now() + START_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with code ${child.exitCode}: ${output}`);
    try {
      await admin('show info');
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`haproxy did not start within ${START_MS} ms: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url: `http://127.0.0.1:${port}`,
    statuses: async () => statusesOf(await admin('show stat'), 'bridges'),
    admin,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
