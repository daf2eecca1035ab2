/**
 * The vendor contract, unchanged, against the Amazon handler on the real Streams library, with the CCP emulator
 * behind the frame that initCCP creates (see amazonDriver.ts).
 */
import { DEFAULT_TIMING, describeVendorContract } from './vendorContract';
import { amazonDriver } from './amazonDriver';

/** A little past the latest timer Streams starts after a CCP's first answer that the retired conduit must absorb (1 s). */
const STREAMS_LATE_TIMER_MS = 1500;

// Every check frames a CCP of its own in one page, after the previous one was stopped: anything Streams says on the
// console (a second provider, a timer of a retired CCP) is something a check left behind. The spy watches the whole
// file: each check answers for what was written during it, and the file for what came after its last check.
let consoleErrors: jest.SpyInstance;
let checked = 0;

/** What went to console.error since the last look. */
function writtenSinceLastLook(): string[] {
  const calls: unknown[][] = consoleErrors.mock.calls;
  const said = calls.slice(checked).map((args) => args.map(String).join(' '));
  checked = calls.length;
  return said;
}

beforeAll(() => {
  consoleErrors = jest.spyOn(console, 'error');
});
afterEach(() => {
  expect(writtenSinceLastLook()).toEqual([]);
});
afterAll(async () => {
  // Streams' one-shot start-up metrics fire a second after a CCP's first answer, so the last check's may still be due.
  await new Promise((resolve) => setTimeout(resolve, STREAMS_LATE_TIMER_MS));
  const said = writtenSinceLastLook();
  consoleErrors.mockRestore();
  expect(said).toEqual([]);
});

// Ring timeouts: Amazon Connect's own (the emulator's ringTimeoutMs → the contact ends in 'error' with the caller still
// on the line, as real ones do). A decline on the phone is Reject in the CCP. It ends as a ring-out does, so the
// contract's "decline on the phone → ended by the agent" holds only where the CCP's Reject reaches the handler as
// Streams' click-stream broadcast, which is not published of Amazon's CCP page (dev/ccp/ccpModel.ts): the contract
// runs with the emulator set to broadcast it, and test/vendor/amazonCcp.test.ts shows the default CCP's decline
// ending by the system. Outbound: agent.connect, the callee answers or is busy. After-call work: the contact stays in
// ACW until completeWrapup clears it. Hold: the customer's connection, 'hold' in the snapshot; the phone's is the CCP's
// Hold. Mute: the CCP's softphone answers Streams' mute broadcast. Digits: sendDigits on the agent's connection, heard by
// the customer. Transfers: contact.addConnection() to the quick connect 'Billing desk' (a desk phone the emulator plays),
// the agent's connection destroyed to hand the customer over, conferenceConnections() to join all three; the directory
// is agent.getEndpoints(). A third party that never answered (refused, busy or unanswered) shows only as a connection
// that dropped: the handler reports it gone 'failed' (could not be reached), which the contract's refusal check does not
// take, a known gap. Not-ready reasons: the agent's not-routable states, set with agent.setState.
const NO_REASON_FOR_A_DROPPED_PARTY =
  "Amazon Connect shows a third party that never answered only as a connection gone from 'connecting' to 'disconnected', " +
  "with no reason (the CTI service model's connection has none): refused, busy and unanswered look alike, reported gone 'failed'";

describeVendorContract(
  'Amazon Connect',
  async () => amazonDriver({ rejectBroadcastsClick: true }),
  {
    ringTimeout: true,
    outbound: true,
    afterCallWork: true,
    hold: true,
    mute: true,
    digits: true,
    transfer: true,
    conference: true,
    transferDirectory: true,
    notReadyReasons: true,
  },
  DEFAULT_TIMING,
  { 'the target refuses a consult → thirdParty gone refused or busy, the customer still held; resumeCall → resumed': NO_REASON_FOR_A_DROPPED_PARTY },
);
