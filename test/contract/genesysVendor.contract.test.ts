/**
 * The vendor contract, unchanged, against the Genesys handler and a real bridge on loopback (see genesysDriver.ts).
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { describeVendorContract } from './vendorContract';
import { CONTRACT_NOT_READY_REASONS, genesysDriver } from './genesysDriver';

// Ring timeouts: T-Server's own timer (the simulator's ringTimeoutMs). Outbound: MakeCall, the callee answers or is
// busy. No after-call work: Genesys leaves wrap-up to Fusion. Hold: RequestHoldCall/RetrieveCall, the softphone's
// own Hold from the simulator. Digits: RequestSendDTMF, what the customer heard from the simulator. No mute: it is
// the agent's softphone's own function, not T-Server's. Transfer and conference: T-Server's single-step and two-step
// transfer and conference requests, to the simulator's transfer target (simulator.transferTarget, DN 7002). No
// transfer directory: the agent types the DN or number. Not-ready reasons: the site's reason codes
// (genesys.notReadyReasons, CONTRACT_NOT_READY_REASONS), sent as NotReady's reasonCode and reported back by T-Server.
describeVendorContract('Genesys Engage', () => genesysDriver({ handler: { notReadyReasons: CONTRACT_NOT_READY_REASONS } }), {
  ringTimeout: true,
  outbound: true,
  afterCallWork: false,
  hold: true,
  mute: false,
  digits: true,
  transfer: true,
  conference: true,
  transferDirectory: false,
  notReadyReasons: true,
});
