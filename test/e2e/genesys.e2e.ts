/**
 * The scenarios of Oracle's Genesys tutorial, walked in a real browser over each of the bridge's backends: the Fusion
 * simulator frames the toolbar, which runs the Genesys handler against
 *   - the bridge and its T-Server simulator (started by `ojet serve`, as `npm start` does), the customer and the
 *     softphone played through the simulator's control API;
 *   - a bridge with the Workspace API backend against the fake GWS (started by globalSetup, as
 *     `GENESYS_BACKEND=workspace npm start` does), the toolbar presenting the agent's GWS access token from the
 *     fake's control API (genesys.tokenUrl), the customer and the agent's phone played through that control API.
 * The Customer panel plays the far side in both. Each test asserts the UEF operations Fusion received and what the
 * toolbar shows.
 */
import type { Browser } from 'playwright-core';
import { launch, watchOutsideRequests } from './browser';
import { FusionPage, itWalksTheTutorialScenarios } from './fusionPage';
import { itControlsATalkedCall } from './callControls';
import { GENESYS_TARGET, itTransfersACall } from './transfers';
import { clearCalls, clearWorkspaceCalls, simulatorAgent, workspaceAgent } from './bridgeCalls';
import { itPicksANotReadyReason } from './notReadyReasons';
import { GENESYS_SIMULATOR_URL, WORKSPACE_SIMULATOR_URL } from './server';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/**
 * `phoneDecline`: how Fusion is told of the agent declining a ringing call on the phone itself. T-Server names the
 * releasing party, so the simulator's decline is the agent's (REJECT). The Workspace API names no releasing party
 * (model Call has none), so the bridge reads a ringing call released without its asking as the caller giving up:
 * ABANDONED, as README "The Workspace API backend", "What it infers", documents.
 */
const BACKENDS = [
  { name: 'the T-Server simulator', pageUrl: GENESYS_SIMULATOR_URL, clear: clearCalls, phoneDecline: 'REJECT', agent: simulatorAgent, agentSide: 'T-Server’s agent state' },
  { name: 'the Workspace API (fake GWS)', pageUrl: WORKSPACE_SIMULATOR_URL, clear: clearWorkspaceCalls, phoneDecline: 'ABANDONED', agent: workspaceAgent, agentSide: 'the agent’s DN state in GWS' },
];

describe.each(BACKENDS)('Genesys over $name: the tutorial’s scenarios in the Fusion simulator', ({ pageUrl, clear, phoneDecline, agent, agentSide }) => {
  let fusion: FusionPage;
  let outside: string[];

  beforeEach(async () => {
    await clear();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    outside = watchOutsideRequests(page);
    fusion = await FusionPage.openOnGenesys(page, pageUrl);
  });

  afterEach(async () => {
    expect(outside).toEqual([]);
    await fusion.page.close();
  });

  itWalksTheTutorialScenarios(() => fusion, 'the softphone');
  itControlsATalkedCall(() => fusion, { mute: false });
  itTransfersACall(() => fusion, GENESYS_TARGET, { conference: true });
  // The development configuration's reasons (src/config/toolbar.json, genesys.notReadyReasons): a name that is not the
  // code, so that the toolbar and Fusion show the name while T-Server and GWS hold the code.
  itPicksANotReadyReason(() => fusion, { name: 'Short break', code: 'Break', vendorSide: agentSide, vendorSays: agent });

  it(`the agent declines on the softphone while it rings: closeCommEvent ${phoneDecline}, and both sides clear`, async () => {
    await fusion.customerCalls();
    await fusion.customer().getByRole('button', { name: 'Softphone: hang up' }).click();
    await fusion.expectCommOperations(['newCommEvent', `closeCommEvent:${phoneDecline}`]);
    await fusion.fusionDialog('Incoming call').waitFor({ state: 'detached' });
    await fusion.expectNoCallsLeft();
  });
});
