/**
 * The vendor contract, unchanged, against the Amazon handler on the real Streams library, with the CCP emulator
 * behind the frame that initCCP creates (see amazonDriver.ts).
 */
import { describeVendorContract } from './vendorContract';
import { amazonDriver } from './amazonDriver';

// Ring timeouts: Amazon Connect's own (the emulator's ringTimeoutMs → contact missed). Outbound: agent.connect, the
// callee answers or is busy. After-call work: the contact stays in ACW until completeWrapup clears it.
describeVendorContract('Amazon Connect', async () => amazonDriver(), { ringTimeout: true, outbound: true, afterCallWork: true });
