import { describeVendorContract } from './vendorContract';
import { createReferenceDriver } from '../support/referencePhoneSystem';

/*
 * The contract suite's self-test: it runs unchanged against the reference phone system (test/support/), an
 * in-memory vendor, to show that an honest handler can pass it (suiteCanFail.test.ts shows that broken ones do not).
 * The real vendors plug in the same way, each with its own driver playing the customer and the agent's phone:
 * genesysVendor.contract.test.ts (genesysDriver in genesysDriver.ts) and amazonVendor.contract.test.ts (amazonDriver
 * in amazonDriver.ts).
 */

// Everything the contract knows: ring timeouts, outbound calls, after-call work, hold, mute and keypad digits.
describeVendorContract('reference phone system', () => createReferenceDriver(), {
  ringTimeout: true,
  outbound: true,
  afterCallWork: true,
  hold: true,
  mute: true,
  digits: true,
  transfer: false,
  conference: false,
  transferDirectory: false,
});

// A plainer vendor: no ring timer, no outbound calls, no after-call work, no call controls. Shows the optional checks stay out
// (and the declaration check holds) when a vendor says "no".
describeVendorContract(
  'reference phone system, basic',
  () => createReferenceDriver({ phone: { ringTimeoutMs: null, afterCallWork: false, callControls: false }, outboundCalls: false }),
  { ringTimeout: false, outbound: false, afterCallWork: false, hold: false, mute: false, digits: false, transfer: false, conference: false, transferDirectory: false },
);
