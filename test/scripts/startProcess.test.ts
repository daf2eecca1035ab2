/** @jest-environment node */
/**
 * scripts/start-process.js, which starts every server process of npm start and the browser tests' set-up: ready on a
 * line or a probe, output passed on line by line, failures that say what the process printed, stop() that waits for
 * the exit. And scripts/settings.js, which reads npm start's environment variables.
 */
import { PassThrough } from 'node:stream';

import { choiceFrom, jsonLineWith, portFrom, startProcess } from '../support/startScripts';

jest.setTimeout(30_000);

/** A node child running this program. */
function node(program: string): { args: string[] } {
  return { args: ['-e', program] };
}

function collected(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('startProcess', () => {
  test('is ready on the line readyLine recognizes, passes the other lines on, and stop() waits for the exit code', async () => {
    const output = collected();
    const started = await startProcess({
      name: 'the echo server',
      // Its SIGTERM handler first: a line written to a pipe may reach the parent, and stop() it, at once.
      ...node('process.on("SIGTERM", () => { console.log("bye"); process.exit(0); }); setInterval(() => {}, 1000); console.log("starting"); console.error("a warning"); console.log(JSON.stringify({ url: "http://127.0.0.1:1" }));'),
      readyLine: jsonLineWith('url'),
      output: output.stream,
    });
    expect(started.ready).toEqual({ url: 'http://127.0.0.1:1' });
    // Stopped by two owners at once (the script that started it and the process-exit handler): both see the exit.
    expect(await Promise.all([started.stop(), started.stop()])).toEqual([0, 0]);
    // The ready line is the caller's; everything else is passed on, "bye" too.
    expect(output.text().split('\n').sort()).toEqual(['', 'a warning', 'bye', 'starting']);
  });

  test('is ready once the probe says so', async () => {
    let asked = 0;
    const started = await startProcess({
      name: 'the quiet server',
      ...node('setInterval(() => {}, 1000);'),
      probe: async () => ++asked >= 3,
      output: null,
    });
    expect(asked).toBe(3);
    await started.stop();
  });

  test('a process that exits before it is ready: the error names it, how it ended, and its last lines', async () => {
    const failed = startProcess({ name: 'the broken server', ...node('console.error("port 7777 is taken"); process.exit(3);'), readyLine: () => undefined, output: null });
    await expect(failed).rejects.toThrow('the broken server exited (exit code 3) before it was ready:\nport 7777 is taken');
  });

  test('a process that is not ready in time is stopped, and the error says so', async () => {
    const failed = startProcess({ name: 'the slow server', ...node('console.log("still thinking"); setInterval(() => {}, 1000);'), readyLine: () => undefined, timeoutMs: 500, output: null });
    await expect(failed).rejects.toThrow('the slow server did not start within 0.5 s:\nstill thinking');
  });

  test('a program that cannot be started is named', async () => {
    const failed = startProcess({ name: 'the missing server', command: '/nonexistent/program', args: [], readyLine: () => undefined, output: null });
    await expect(failed).rejects.toThrow(/^the missing server could not be started: /);
  });

  test('is told how to tell ready: exactly one of readyLine and probe', () => {
    expect(() => startProcess({ name: 'x', ...node(''), output: null })).toThrow('startProcess(x): give readyLine or probe, one of them');
  });
});

describe('settings from the environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('portFrom: the default when unset or empty, the port when valid, else an error naming the variable', () => {
    delete process.env.SOME_PORT;
    expect(portFrom('SOME_PORT', 7777)).toBe(7777);
    process.env.SOME_PORT = '';
    expect(portFrom('SOME_PORT', 7777)).toBe(7777);
    process.env.SOME_PORT = '8125';
    expect(portFrom('SOME_PORT', 7777)).toBe(8125);
    for (const bad of ['0', '65536', '80x', '-1', '1e3']) {
      process.env.SOME_PORT = bad;
      expect(() => portFrom('SOME_PORT', 7777)).toThrow(`SOME_PORT must be a port number (1-65535), got "${bad}"`);
    }
  });

  test('choiceFrom: the first choice when unset, a listed one as given, else an error naming the variable and the choices', () => {
    delete process.env.GENESYS_BACKEND;
    expect(choiceFrom('GENESYS_BACKEND', ['simulator', 'workspace'])).toBe('simulator');
    process.env.GENESYS_BACKEND = 'workspace';
    expect(choiceFrom('GENESYS_BACKEND', ['simulator', 'workspace'])).toBe('workspace');
    process.env.GENESYS_BACKEND = 'Workspace';
    expect(() => choiceFrom('GENESYS_BACKEND', ['simulator', 'workspace'])).toThrow('GENESYS_BACKEND must be "simulator" (the default) or "workspace", got "Workspace"');
    process.env.X = 'd';
    expect(() => choiceFrom('X', ['a', 'b', 'c'])).toThrow('X must be "a" (the default), "b" or "c", got "d"');
  });
});
