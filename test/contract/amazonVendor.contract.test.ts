/**
 * The vendor contract, unchanged, against the Amazon handler on the real Streams library, with the CCP emulator
 * behind the frame that initCCP creates (see amazonDriver.ts).
 */
import { describeVendorContract } from './vendorContract';
import { amazonDriver } from './amazonDriver';

// Every check frames a CCP of its own in one page, after the previous one was stopped: anything Streams says on the
// console (a second provider, a timer of a retired CCP) is something a check left behind.
let consoleErrors: jest.SpyInstance;
beforeEach(() => {
  consoleErrors = jest.spyOn(console, 'error');
});
afterEach(() => {
  const calls: unknown[][] = consoleErrors.mock.calls;
  const said = calls.map((args) => args.map(String).join(' '));
  consoleErrors.mockRestore();
  expect(said).toEqual([]);
});

// Ring timeouts: Amazon Connect's own (the emulator's ringTimeoutMs → contact missed). Outbound: agent.connect, the
// callee answers or is busy. After-call work: the contact stays in ACW until completeWrapup clears it.
describeVendorContract('Amazon Connect', async () => amazonDriver(), { ringTimeout: true, outbound: true, afterCallWork: true });
