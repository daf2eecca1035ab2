/**
 * End-to-end latency in Chromium with `npm start`'s set-up: calls one after another, each from the T-Server
 * simulator's EventRinging to the Fusion simulator receiving newCommEvent (ring), and from Answer pressed in the
 * Fusion simulator to the T-Server simulator's EventEstablished (answer). Figures are reported, never judged here.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../chromium';
import type { Log } from '../log';
import type { EndToEndResults } from '../results';
import { distributionOf, rounded } from '../stats';
import { BridgeObserver } from './bridgeObserver';
import { pageClockOffset } from './clockCheck';
import { Customer } from './customer';
import { startDevServer, type DevServer } from './devServer';
import { FusionSimulatorPage } from './fusionSimulatorPage';
import { oneCall, STEP_TIMEOUT_MS, type CallOutcome } from './oneCall';
import { assertPortsFree, benchPorts } from './ports';

const PROGRESS_EVERY = 50;
/** Problems are logged in full for the first few calls that break; after that they are only counted. */
const PROBLEMS_LOGGED = 5;
/** This many broken calls in a row means the set-up is broken, not a call: stop rather than time out 200 times. */
const MAX_FAILURES_IN_A_ROW = 10;

/** A page whose toolbar is connected and whose agent is available, ready for the first call. */
async function openReadyPage(browser: Browser, server: DevServer): Promise<FusionSimulatorPage> {
  const fusion = await FusionSimulatorPage.open(browser, server.simulatorUrl);
  try {
    await fusion.makeAvailable(STEP_TIMEOUT_MS);
  } catch (error) {
    const says = await fusion.whatItSays();
    await fusion.close();
    throw new Error(`end to end: the agent did not become available in the Fusion simulator (${says}): ${(error as Error).message}`, { cause: error });
  }
  return fusion;
}

/** After a broken story: end every call, close every Wrap Up window, and if the page still is not idle, open a fresh one. */
async function recover(fusion: FusionSimulatorPage, customer: Customer, browser: Browser, server: DevServer, log: Log): Promise<FusionSimulatorPage> {
  try {
    await customer.hangsUpEverything();
    await new Promise((wake) => setTimeout(wake, 500)); // let the releases reach Fusion before closing their wrap-ups
    await fusion.closeEveryWrapUp(STEP_TIMEOUT_MS);
    await fusion.waitUntilNoCalls(STEP_TIMEOUT_MS);
    return fusion;
  } catch (error) {
    log(`end to end: the page did not come back to "No calls" (${(error as Error).message.split('\n')[0]}); opening it afresh`);
    await fusion.close().catch(() => undefined);
    return openReadyPage(browser, server);
  }
}

function summary(samples: number[]): string {
  const d = distributionOf(samples);
  return `p50 ${rounded(d.p50)} ms, p99 ${rounded(d.p99)} ms, max ${rounded(d.max)} ms`;
}

/** What a run of calls in Chromium needs; `observer` may be replaced (by a fresh one) during the run. */
export interface CallSetup {
  readonly server: DevServer;
  readonly browser: Browser;
  readonly fusion: FusionSimulatorPage;
  readonly customer: Customer;
  observer: BridgeObserver;
}

/**
 * `npm start`'s set-up on the bench's ports, Chromium, a Fusion simulator page whose agent is available, and an
 * observer of the bridge; `run` is given them, and everything is stopped after it, whatever happened.
 */
export async function withCallSetup<T>(log: Log, run: (setup: CallSetup) => Promise<T>): Promise<T> {
  const ports = benchPorts();
  await assertPortsFree(ports);
  const server = await startDevServer(ports, log);
  let browser: Browser | undefined;
  let setup: CallSetup | undefined;
  try {
    browser = await launchChromium();
    const fusion = await openReadyPage(browser, server);
    setup = { server, browser, fusion, customer: new Customer(server.bridgeUrl), observer: await BridgeObserver.open(server.bridgeUrl) };
    return await run(setup);
  } finally {
    setup?.observer.close();
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}

export function benchEndToEnd(options: { calls: number; log: Log }): Promise<EndToEndResults> {
  const { calls, log } = options;
  return withCallSetup(log, async (setup) => {
    const { server, browser, customer } = setup;
    let { fusion } = setup;
    const clock = await pageClockOffset(fusion.page);
    log(`end to end: the page's clock is ${rounded(clock.offsetMs)} ms from Node's (±${rounded(clock.uncertaintyMs)} ms)`);

    const ring: number[] = [];
    const answer: number[] = [];
    let errors = 0;
    let failuresInARow = 0;
    log(`end to end: ${calls} calls one after another`);
    for (let n = 1; n <= calls; n++) {
      const outcome: CallOutcome = await oneCall({ customer, observer: setup.observer, fusion });
      if (outcome.ringMs !== undefined) ring.push(outcome.ringMs);
      if (outcome.answerMs !== undefined) answer.push(outcome.answerMs);
      setup.observer.events.clear();
      fusion.records.clear();
      if (outcome.problem !== undefined) {
        errors++;
        failuresInARow++;
        if (errors <= PROBLEMS_LOGGED) log(`end to end: call ${n} broke off: ${outcome.problem}; ${await fusion.whatItSays()}`);
        if (failuresInARow >= MAX_FAILURES_IN_A_ROW) throw new Error(`end to end: ${failuresInARow} calls in a row broke off, the last with: ${outcome.problem}`);
        if (setup.observer.failure !== null) {
          setup.observer.close();
          setup.observer = await BridgeObserver.open(server.bridgeUrl);
        }
        fusion = await recover(fusion, customer, browser, server, log);
      } else {
        failuresInARow = 0;
      }
      if (n % PROGRESS_EVERY === 0 || n === calls) {
        log(`end to end: ${n}/${calls} calls; ring ${summary(ring)}; answer ${summary(answer)}; ${errors} broken`);
      }
    }

    const r = distributionOf(ring);
    const a = distributionOf(answer);
    return {
      calls,
      ringP50Ms: rounded(r.p50),
      ringP99Ms: rounded(r.p99),
      ringMaxMs: rounded(r.max),
      answerP50Ms: rounded(a.p50),
      answerP99Ms: rounded(a.p99),
      answerMaxMs: rounded(a.max),
      errors,
    };
  });
}
