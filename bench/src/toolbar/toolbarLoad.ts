/**
 * The toolbar-load benchmark: the release build, served statically and compressed on loopback, opened N times cold
 * (a new browser context each time) in Debian's headless Chromium under the Fusion simulator and the UEF stand-in;
 * once on Genesys (the real bridge with its T-Server simulator), once on Amazon Connect (the real Streams library
 * against the CCP emulator). Reports time to the first agentStateEventOperation, the main-thread work up to it, and the
 * toolbar's bytes and requests.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../chromium';
import type { Log } from '../log';
import type { ToolbarLoadFigures, ToolbarResults } from '../results';
import { startBridge, type BridgeProcess } from './devBridge';
import { coldLoad, type LoadSample, type LoadTarget } from './coldLoad';
import { bytesByKind, figuresOf, kib, milestonesLine, timelineOf } from './figures';
import { prepareReleaseBuild } from './releaseBuild';
import { serveStatically } from './staticServer';

export async function benchToolbarLoad(options: { runs: number; log: Log }): Promise<{ results: ToolbarResults; chromium: string }> {
  const { runs, log } = options;
  const served = await prepareReleaseBuild(log);
  const server = await serveStatically(served);
  let browser: Browser | undefined;
  let bridge: BridgeProcess | undefined;
  try {
    browser = await launchChromium();
    const chromium = browser.version();
    log(`toolbar: serving the release build at ${server.url}; Chromium ${chromium}, headless`);
    // The page on one loopback name frames the toolbar from the other, as Fusion frames it from another site.
    const page = `http://localhost:${server.port}/simulator.html`;
    const toolbarOrigin = `http://127.0.0.1:${server.port}`;

    bridge = await startBridge(log);
    const genesys = await measure(browser, 'genesys', { pageUrl: `${page}?genesys.bridgeUrl=${encodeURIComponent(bridge.url)}`, toolbarOrigin }, runs, log);
    await bridge.stop();
    bridge = undefined;

    const amazon = await measure(
      browser,
      'amazon',
      {
        pageUrl: `${page}?vendor=amazon`,
        toolbarOrigin,
        mustRequest: { pattern: /\/js\/libs\/amazon-connect-streams\/[^?]*\.js/, what: 'the Streams library (js/libs/amazon-connect-streams/)' },
      },
      runs,
      log,
    );
    return { results: { genesys, amazon }, chromium };
  } finally {
    await bridge?.stop();
    await browser?.close();
    await server.close();
  }
}

/**
 * One warm-up load first, not counted: it has the server compress what the toolbar asks for (a deployment serves
 * those files precompressed or from a CDN's cache) and pages the build into the OS file cache. Then `runs` times two
 * cold loads: one timed, one traced for the main thread's work (tracing costs the browser enough CPU to slow the
 * load it watches: about a quarter on the machine of the README's figures).
 */
async function measure(browser: Browser, vendor: string, target: LoadTarget, runs: number, log: Log): Promise<ToolbarLoadFigures> {
  const load = async (what: string, traced = false): Promise<LoadSample> => {
    try {
      return await coldLoad(browser, target, { traced });
    } catch (error) {
      throw new Error(`toolbar load (${vendor}, ${what}, ${target.pageUrl}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  await load('warm-up');
  const samples: LoadSample[] = [];
  const traced: LoadSample[] = [];
  for (let run = 1; run <= runs; run++) {
    const sample = await load(`run ${run}`);
    samples.push(sample);
    const tracedSample = await load(`run ${run}, traced`, true);
    traced.push(tracedSample);
    const work = tracedSample.mainThread;
    const framed = sample.inToolbar.requests > 0 ? `; framed CCP ${kib(sample.inToolbar.bytes)} in ${sample.inToolbar.requests}` : '';
    log(
      `toolbar ${vendor} ${run}/${runs}: ready ${sample.readyMs.toFixed(1)} ms, shown ${sample.shownMs.toFixed(1)} ms, vendor connected ${sample.connectedMs.toFixed(1)} ms, ` +
        `${kib(sample.toolbar.bytes)} in ${sample.toolbar.requests} requests${framed}; traced: ready ${tracedSample.readyMs.toFixed(1)} ms, ` +
        `main thread ${work?.tasks ?? '?'} tasks, ${work?.taskMs.toFixed(1) ?? '?'} ms, CPU ${work?.cpuMs?.toFixed(1) ?? '?'} ms`,
    );
  }
  const figures = figuresOf(samples, traced);
  log(`toolbar ${vendor}: ready median ${figures.readyMedianMs} ms, max ${figures.readyMaxMs} ms; shown median ${figures.shownMedianMs ?? '?'} ms; ${kib(figures.bytes)} in ${figures.requests} requests`);
  log(`toolbar ${vendor}: where the time went (medians, ms from the frame's navigation start): ${milestonesLine(figures)}`);
  log(`toolbar ${vendor}: by kind: ${bytesByKind(samples[samples.length - 1].toolbar.records)}`);
  log(`toolbar ${vendor}: heaviest: ${(figures.heaviest ?? []).map((h) => `${h.path} ${kib(h.bytes)}`).join(', ')}`);
  const last = samples[samples.length - 1];
  log(`toolbar ${vendor}: timeline of the last load (ms from navigation start; first agent state at ${last.readyMs.toFixed(0)}): ${timelineOf(last)}`);
  return figures;
}
