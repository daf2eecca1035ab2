/**
 * Starts the toolbar's link to Fusion and to its vendor: configuration → vendor → UEF → core, in the order Fusion
 * expects (initialize, MCA and PHONE contexts, TOOLBAR configuration, agent state, then subscriptions).
 *
 * It needs no view, and none of the view's modules (JET, Preact, the Redwood components): main.js starts it first,
 * so that the configuration, the UEF client and Fusion's handshake are fetched and done while the view's modules
 * arrive (a file of their own in the release build: scripts/split-bundle.js), run and render. The view attaches to
 * what it resolves with once it is up; the core gives a late subscriber its current snapshot, so nothing that
 * happened in between is lost.
 */
import type { SignInControl } from './cti/signin/tokenSignIn';
import { loadConfig } from './cti/config/toolbarConfig';
import { messageOf } from './cti/core/errors';
import { IntegrationEventsHandler } from './cti/core/integrationEventsHandler';
import { FusionHandler } from './cti/fusion/fusionHandler';
import { loadUefClient } from './cti/fusion/uefLoader';
import { PartNotLoadedError, type VendorResult, createVendor } from './cti/vendor/registry';
import { LOAD_MARK, markLoad } from './loadMarks';
import type { StartupProblem } from './toolbarViewModel';

/** What the start gave the view: the running core, or why there is none (said by the view in the agent's language). */
export type ToolbarStart =
  | {
      readonly ok: true;
      readonly core: IntegrationEventsHandler;
      /** The agent Fusion says is signed in. */
      readonly agent: { readonly agentId?: string };
      readonly signIn?: SignInControl;
      /** Resolves once the vendor is connected or has failed to (which the core's error line says); with a reason if the core itself stopped. */
      readonly stopped: Promise<string | undefined>;
    }
  | { readonly ok: false; readonly problem: StartupProblem; readonly detail: string };

export async function startToolbar(): Promise<ToolbarStart> {
  try {
    return await start();
  } catch (err) {
    return { ok: false, problem: 'toolbarStopped', detail: messageOf(err) };
  }
}

async function start(): Promise<ToolbarStart> {
  markLoad(LOAD_MARK.linkStarted);
  const configured = await loadConfig(window.location);
  // A configuration problem names its key and value, as the configuration is written: said as it is.
  if (!configured.ok) return { ok: false, problem: 'configurationProblem', detail: configured.errors.join('; ') };
  const { config } = configured;
  markLoad(LOAD_MARK.configured);
  // The UEF client is fetched while the vendor's part loads (Amazon's handler, the sign-in), not after it. Awaited
  // below; a vendor that cannot start returns first, and its rejection is then nobody's to handle.
  const uefLoad = loadUefClient(config.uefClientUrl);
  uefLoad.catch(() => undefined);
  let vendor: VendorResult;
  try {
    vendor = await createVendor(config.vendor, config.vendorOptions[config.vendor]);
  } catch (err) {
    if (!(err instanceof PartNotLoadedError)) throw err;
    return { ok: false, problem: 'partNotLoaded', detail: err.message };
  }
  if (!vendor.ok) return { ok: false, problem: 'configurationProblem', detail: vendor.errors.join('; ') };
  let fusion: FusionHandler;
  try {
    const uef = await uefLoad;
    markLoad(LOAD_MARK.uefLoaded);
    fusion = new FusionHandler(uef, {
      applicationName: config.applicationName,
      appClassification: config.appClassification,
      phoneLineId: config.phoneLineId,
    });
    await fusion.connect();
  } catch (err) {
    return { ok: false, problem: 'fusionUnreachable', detail: messageOf(err) };
  }
  markLoad(LOAD_MARK.fusionConnected);
  const { agentId } = fusion.configuration;
  const core = new IntegrationEventsHandler({ vendor: vendor.vendor, fusion, ...(agentId ? { fusionAgentId: agentId } : {}) });
  // Handled here, so that a failure before the view attaches is not an unhandled rejection; the view says it.
  const stopped = core.start().then(
    () => undefined,
    (err: unknown) => messageOf(err),
  );
  const signIn = vendor.vendor?.signIn;
  return { ok: true, core, agent: fusion.configuration, ...(signIn ? { signIn } : {}), stopped };
}
