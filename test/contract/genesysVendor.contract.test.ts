/**
 * The vendor contract, unchanged, against the Genesys handler and a real bridge on loopback (see genesysDriver.ts).
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { describeVendorContract } from './vendorContract';
import { genesysDriver } from './genesysDriver';

// Ring timeouts: T-Server's own timer (the simulator's ringTimeoutMs). Outbound: MakeCall, the callee answers or is
// busy. No after-call work: Genesys leaves wrap-up to Fusion.
describeVendorContract('Genesys Engage', () => genesysDriver(), { ringTimeout: true, outbound: true, afterCallWork: false, hold: false, mute: false, digits: false });
