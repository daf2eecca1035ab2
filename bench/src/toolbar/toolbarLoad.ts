/**
 * The toolbar-load benchmark: the release build, served statically and compressed on loopback, opened N times cold
 * (a new browser context each time) in Debian's headless Chromium under the Fusion simulator and the UEF stand-in;
 * once on Genesys (the real bridge with its T-Server simulator), once on Amazon Connect (the real Streams library
 * against the CCP emulator). Reports time to the first agentStateEventOperation, the main-thread work up to it, and the
 * toolbar's bytes and requests; with --against, the same loads of another build in turn, and the differences pair by
 * pair: two runs of ten loads, one after the other, differ by 10–15 % on a shared machine, which would hide a change
 * of that size that paired loads show.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../chromium';
import type { Log } from '../log';
import type { ToolbarLoadFigures, ToolbarResults } from '../results';
import { startBridge, type BridgeProcess } from './devBridge';
import { coldLoad, type LoadSample, type LoadTarget } from './coldLoad';
import { bytesByKind, figuresOf, kib, milestonesLine, pairedFigures, pairedLine, timelineOf } from './figures';
import { prepareReleaseBuild } from './releaseBuild';
import { serveStatically, type StaticServer } from './staticServer';

export async function benchToolbarLoad(options: { runs: number; against?: string; log: Log }): Promise<{ results: ToolbarResults; chromium: string }> {
  const { runs, log } = options;
  const served = await prepareReleaseBuild(log);
  const servers: StaticServer[] = [];
  let browser: Browser | undefined;
  let bridge: BridgeProcess | undefined;
  try {
    const site = await siteOf(served, servers);
    // The other build on a server of its own: its files, its origin, the same browser and bridge.
    const other = options.against === undefined ? undefined : await siteOf(options.against, servers);
    browser = await launchChromium();
    const chromium = browser.version();
    log(`toolbar: serving the release build at ${site.toolbarOrigin}; Chromium ${chromium}, headless`);
    if (other) log(`toolbar: and, each timed load paired with one of it, ${options.against} at ${other.toolbarOrigin}`);

    bridge = await startBridge(log);
    const genesysOf = (s: Site): LoadTarget => ({ pageUrl: `${s.page}?genesys.bridgeUrl=${encodeURIComponent(bridge?.url ?? '')}`, toolbarOrigin: s.toolbarOrigin });
    const genesys = await measure(browser, 'genesys', genesysOf(site), other && { target: genesysOf(other), dir: other.dir }, runs, log);
    await bridge.stop();
    bridge = undefined;

    const amazonOf = (s: Site): LoadTarget => ({
      pageUrl: `${s.page}?vendor=amazon`,
      toolbarOrigin: s.toolbarOrigin,
      mustRequest: { pattern: /\/js\/libs\/amazon-connect-streams\/[^?]*\.js/, what: 'the Streams library (js/libs/amazon-connect-streams/)' },
    });
    const amazon = await measure(browser, 'amazon', amazonOf(site), other && { target: amazonOf(other), dir: other.dir }, runs, log);
    return { results: { genesys, amazon }, chromium };
  } finally {
    await bridge?.stop();
    await browser?.close();
    for (const server of servers) await server.close();
  }
}

/** A build served for the loads: the page on one loopback name frames the toolbar from the other, as Fusion frames it from another site. */
interface Site {
  readonly dir: string;
  readonly page: string;
  readonly toolbarOrigin: string;
}

async function siteOf(dir: string, servers: StaticServer[]): Promise<Site> {
  const server = await serveStatically(dir);
  servers.push(server);
  return { dir, page: `http://localhost:${server.port}/simulator.html`, toolbarOrigin: `http://127.0.0.1:${server.port}` };
}

/**
 * One warm-up load first, not counted: it has the server compress what the toolbar asks for (a deployment serves
 * those files precompressed or from a CDN's cache) and pages the build into the OS file cache. Then `runs` times two
 * cold loads: one timed, one traced for the main thread's work (tracing costs the browser enough CPU to slow the
 * load it watches: about a quarter on the machine of the README's figures). With another build (--against), a timed
 * load of it beside each timed load of this one.
 */
async function measure(
  browser: Browser,
  vendor: string,
  target: LoadTarget,
  against: { readonly target: LoadTarget; readonly dir: string } | undefined,
  runs: number,
  log: Log,
): Promise<ToolbarLoadFigures> {
  const other = against?.target;
  const load = async (what: string, at: LoadTarget, traced = false): Promise<LoadSample> => {
    try {
      return await coldLoad(browser, at, { traced });
    } catch (error) {
      throw new Error(`toolbar load (${vendor}, ${what}, ${at.pageUrl}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  await load('warm-up', target);
  if (other) await load('warm-up of the other build', other);
  const samples: LoadSample[] = [];
  const traced: LoadSample[] = [];
  const others: LoadSample[] = [];
  for (let run = 1; run <= runs; run++) {
    // With another build, each timed load is paired with one of it, the two in turn first, so that a moment the
    // machine is busier weighs on both builds alike and the order favours neither.
    const otherFirst = other !== undefined && run % 2 === 0;
    if (other && otherFirst) others.push(await load(`run ${run}, the other build`, other));
    const sample = await load(`run ${run}`, target);
    samples.push(sample);
    if (other && !otherFirst) others.push(await load(`run ${run}, the other build`, other));
    const tracedSample = await load(`run ${run}, traced`, target, true);
    traced.push(tracedSample);
    const work = tracedSample.mainThread;
    const framed = sample.inToolbar.requests > 0 ? `; framed CCP ${kib(sample.inToolbar.bytes)} in ${sample.inToolbar.requests}` : '';
    const paired = others[run - 1] ? `; the other build: ready ${others[run - 1].readyMs.toFixed(1)} ms, shown ${others[run - 1].shownMs.toFixed(1)} ms` : '';
    log(
      `toolbar ${vendor} ${run}/${runs}: ready ${sample.readyMs.toFixed(1)} ms, shown ${sample.shownMs.toFixed(1)} ms, vendor connected ${sample.connectedMs.toFixed(1)} ms, ` +
        `${kib(sample.toolbar.bytes)} in ${sample.toolbar.requests} requests${framed}; traced: ready ${tracedSample.readyMs.toFixed(1)} ms, ` +
        `main thread ${work?.tasks ?? '?'} tasks, ${work?.taskMs.toFixed(1) ?? '?'} ms, CPU ${work?.cpuMs?.toFixed(1) ?? '?'} ms${paired}`,
    );
  }
  const figures = { ...figuresOf(samples, traced), ...(against ? { against: pairedFigures(samples, others, against.dir) } : {}) };
  log(`toolbar ${vendor}: ready median ${figures.readyMedianMs} ms, max ${figures.readyMaxMs} ms; shown median ${figures.shownMedianMs ?? '?'} ms; ${kib(figures.bytes)} in ${figures.requests} requests`);
  if (figures.against) log(`toolbar ${vendor}: against the other build, ${pairedLine(figures.against)}`);
  log(`toolbar ${vendor}: where the time went (medians, ms from the frame's navigation start): ${milestonesLine(figures)}`);
  log(`toolbar ${vendor}: by kind: ${bytesByKind(samples[samples.length - 1].toolbar.records)}`);
  log(`toolbar ${vendor}: heaviest: ${(figures.heaviest ?? []).map((h) => `${h.path} ${kib(h.bytes)}`).join(', ')}`);
  const last = samples[samples.length - 1];
  log(`toolbar ${vendor}: timeline of the last load (ms from navigation start; first agent state at ${last.readyMs.toFixed(0)}): ${timelineOf(last)}`);
  return figures;
}
