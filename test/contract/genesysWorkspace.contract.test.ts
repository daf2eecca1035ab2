/**
 * The vendor contract, unchanged, against the Genesys handler over the bridge's Workspace backend and the fake GWS
 * (see workspaceDriver.ts).
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { DEFAULT_TIMING, describeVendorContract } from './vendorContract';
import { stopWorkspaceWorld, workspaceDriver } from './workspaceDriver';

afterAll(() => stopWorkspaceWorld());

/**
 * The Workspace API reports a call's state, not who released it (no ReleasingParty: model Call in
 * genesys-workspace-client-js; the fake GWS follows it). A release the bridge did not ask for is therefore read as the
 * other party's (server/src/backend/workspace/callMapping.ts), which is wrong when the agent acted on the phone itself.
 */
const NO_RELEASING_PARTY = "GWS does not say who released a call, so the agent's own phone is read as the caller";

/**
 * Nor does it say that a call ringing at the agent was transferred there, or by whom: T-Server's ThirdPartyDN is not
 * among the Call model's fields (genesys-workspace-client-js, model Call), and Genesys' Agent API Simulator hands the
 * destination of a single-step-transfer the call with the customer as its only participant. Over the Workspace API a
 * call transferred in rings as any incoming call.
 */
const NO_TRANSFERRING_PARTY = "GWS's Call does not say that a call was transferred to the agent, nor by whom";

// No ring timeout: the fake GWS has no ring-out timer. Outbound: make-call, the callee answers or is busy. No after-call
// work: Genesys leaves wrap-up to Fusion. Transfer and conference: the Workspace API's single-step-transfer,
// initiate-transfer, complete-transfer, complete-conference and reconnect, to another agent of the fake (each driver's
// own); no transfer directory. Not-ready reasons: the site's reason codes (genesys.notReadyReasons), sent as not-ready's
// reasonCode, which GWS reports back in the DN's reasons (ReasonCode).
describeVendorContract(
  'Genesys Engage over the Workspace API',
  () => workspaceDriver(),
  { ringTimeout: false, outbound: true, afterCallWork: false, hold: true, mute: false, digits: true, transfer: true, conference: true, transferDirectory: false, notReadyReasons: true },
  DEFAULT_TIMING,
  {
    'answer on the phone → connected; hang up on the phone → ended connected by agent': NO_RELEASING_PARTY,
    'decline on the phone while ringing → ended ringing by agent': NO_RELEASING_PARTY,
    "a call transferred in → incoming with transfer and the customer's number": NO_TRANSFERRING_PARTY,
  },
);
