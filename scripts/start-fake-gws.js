/**
 * Starts the fake GWS (dev/fakeGws) as a child process on loopback and resolves once it listens, for whatever
 * needs a GWS to talk to (`npm start` with the bridge's workspace backend, browser tests). The caller stops it.
 *   startFakeGwsProcess({ port, args, output }) → { url, child, stop() }    port 0: any free port (the URL says which)
 * Its lines go to `output`, anything with write(text) (default: this process's standard output and error; null:
 * nowhere), e.g. a test that keeps them to show on failure.
 */
'use strict';

const { buildFakeGws } = require('./build-fake-gws');
const { startProcess } = require('./start-process');

const READY_TIMEOUT_MS = 15000;

async function startFakeGwsProcess({ port = 7777, args = [], output } = {}) {
  const bundle = await buildFakeGws();
  const fake = await startProcess({
    name: 'the fake GWS',
    args: [bundle, '--port', String(port), ...args],
    readyLine: (line) => /fake GWS listening on (http:\/\/\S+)/.exec(line)?.[1],
    timeoutMs: READY_TIMEOUT_MS,
    output,
    onUnexpectedExit: (how) => console.error(`The fake GWS stopped (${how}).`),
  });
  return { url: fake.ready, child: fake.child, stop: fake.stop };
}

module.exports = { startFakeGwsProcess };
