/**
 * Starts the toolbar: configuration → vendor → UEF → core, in the order Fusion expects
 * (initialize, MCA and PHONE contexts, TOOLBAR configuration, agent state, then subscriptions).
 */
import { loadConfig } from './cti/config/toolbarConfig';
import { messageOf } from './cti/core/errors';
import { IntegrationEventsHandler } from './cti/core/integrationEventsHandler';
import { FusionHandler } from './cti/fusion/fusionHandler';
import { loadUefClient } from './cti/fusion/uefLoader';
import { createVendor } from './cti/vendor/registry';
import type { ToolbarViewModel } from './toolbarViewModel';
import { RingAlert, browserRingPorts } from './ringAlert';
import type { Translator } from './i18n/translator';

/** `text`: the agent's language, for what the toolbar makes besides the view (the ringing alert's words). */
export async function startToolbar(view: ToolbarViewModel, text: Translator): Promise<IntegrationEventsHandler | null> {
  const configured = await loadConfig(window.location);
  // A configuration problem names its key and value, as the configuration is written: said as it is.
  if (!configured.ok) {
    view.showStartupError('configurationProblem', configured.errors.join('; '));
    return null;
  }
  const { config } = configured;
  const vendor = createVendor(config.vendor, config.vendorOptions[config.vendor]);
  if (!vendor.ok) {
    view.showStartupError('configurationProblem', vendor.errors.join('; '));
    return null;
  }
  let fusion: FusionHandler;
  try {
    const uef = await loadUefClient(config.uefClientUrl);
    fusion = new FusionHandler(uef, {
      applicationName: config.applicationName,
      appClassification: config.appClassification,
      phoneLineId: config.phoneLineId,
    });
    await fusion.connect();
  } catch (err) {
    view.showStartupError('fusionUnreachable', messageOf(err));
    return null;
  }
  const { agentId } = fusion.configuration;
  const core = new IntegrationEventsHandler({ vendor: vendor.vendor, fusion, ...(agentId ? { fusionAgentId: agentId } : {}) });
  view.attach(core, fusion.configuration, vendor.vendor?.signIn, new RingAlert(browserRingPorts(), (word) => text.say(word)));
  await core.start();
  return core;
}
