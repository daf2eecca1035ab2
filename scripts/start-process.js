'use strict';
/**
 * Starts a program as a child process and resolves once it is ready, for everything that runs a server of this
 * project's beside it (npm start's bridge, fake GWS and OpenID provider, the browser tests' set-up, test support):
 *   - ready: `readyLine(line)` returns something other than undefined for a line of its standard output (that value
 *     is what `ready` resolves with), or `probe()` resolves truthy (asked every 100 ms);
 *   - its output goes, line by line, to `output` (default: our stdout and stderr; null: nowhere), and its last lines
 *     are kept for the error that says why it did not start (it exited first, or not within `timeoutMs`);
 *   - stop() sends SIGTERM (once, however often it is called) and resolves with its exit code once it has exited.
 * startProcess({ name, command?, args, cwd?, env?, detached?, readyLine? | probe?, timeoutMs?, output?, onUnexpectedExit? })
 *   → Promise<{ child, ready, stop() }>
 */
const { spawn } = require('child_process');
const readline = require('readline');

const DEFAULT_TIMEOUT_MS = 20000;
const PROBE_INTERVAL_MS = 100;
/** How many of its last lines a failure message quotes. */
const TAIL_LINES = 20;

function startProcess(options) {
  const { name, command = process.execPath, args = [], cwd, env, detached = false, readyLine, probe, timeoutMs = DEFAULT_TIMEOUT_MS, onUnexpectedExit } = options;
  if ((readyLine === undefined) === (probe === undefined)) throw new Error(`startProcess(${name}): give readyLine or probe, one of them`);
  const output = options.output === undefined ? { stdout: process.stdout, stderr: process.stderr } : options.output === null ? null : { stdout: options.output, stderr: options.output };
  const child = spawn(command, args, { cwd, env, detached, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  let stopping = false;
  let ready = false;
  const keep = (line) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  const said = () => (tail.length > 0 ? `:\n${tail.join('\n')}` : '');

  const started = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(new Error(`${name} did not start within ${timeoutMs / 1000} s${said()}`));
      child.kill('SIGTERM');
    }, timeoutMs);
    const fail = (error) => {
      clearTimeout(timer);
      reject(error);
    };
    const succeed = (value) => {
      if (ready) return;
      ready = true;
      clearTimeout(timer);
      resolve(value);
    };
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const value = ready || readyLine === undefined ? undefined : readyLine(line);
      if (value !== undefined) return succeed(value);
      keep(line);
      output?.stdout.write(`${line}\n`);
    });
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      keep(line);
      output?.stderr.write(`${line}\n`);
    });
    child.once('error', (error) => fail(new Error(`${name} could not be started: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (!ready) fail(new Error(`${name} exited (${signal ?? `exit code ${code}`}) before it was ready${said()}`));
      else if (!stopping) onUnexpectedExit?.(signal ?? `exit code ${code}`);
    });
    if (probe !== undefined) {
      void (async () => {
        while (!ready && child.exitCode === null && child.signalCode === null) {
          const value = await probe().catch(() => false);
          if (value) return succeed(value);
          await new Promise((wait) => setTimeout(wait, PROBE_INTERVAL_MS));
        }
      })();
    }
  });

  // Once: a second SIGTERM tells the bridge to skip its drain (several owners may stop one process at exit).
  let stopped;
  const stop = () => {
    stopping = true;
    stopped ??= new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
    return stopped;
  };
  return started.then(
    (value) => ({ child, ready: value, stop }),
    (error) => {
      stopping = true;
      throw error;
    },
  );
}

/** The first line of JSON with a string `key` (a server's "ready" line), parsed; undefined for any other line. */
function jsonLineWith(key) {
  return (line) => {
    try {
      const parsed = JSON.parse(line);
      return parsed !== null && typeof parsed === 'object' && typeof parsed[key] === 'string' ? parsed : undefined;
    } catch {
      return undefined;
    }
  };
}

/** Whether a GET of this URL answers 2xx. */
async function answers(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/**
 * Stops these children when this process ends: at its exit, and on SIGINT, SIGTERM or SIGHUP (then it exits with the
 * signal's conventional code). `stops` are stop() functions, or an array that the caller fills as it starts them.
 */
function stopWithThisProcess(stops) {
  const stopAll = () => {
    for (const stop of stops) void stop();
  };
  process.once('exit', stopAll);
  for (const [signal, number] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ]) {
    process.once(signal, () => {
      stopAll();
      process.exit(128 + number);
    });
  }
}

module.exports = { startProcess, jsonLineWith, answers, stopWithThisProcess };
