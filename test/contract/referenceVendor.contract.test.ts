import { describeVendorContract } from './vendorContract';
import { STATION, createReferenceDriver } from '../support/referencePhoneSystem';

/*
 * The contract suite's self-test: it runs unchanged against the reference phone system (test/support/), an
 * in-memory vendor, to show that an honest handler can pass it (suiteCanFail.test.ts shows that broken ones do not).
 * The real vendors plug in the same way, each with its own driver playing the customer and the agent's phone:
 * genesysVendor.contract.test.ts (genesysDriver in genesysDriver.ts) and amazonVendor.contract.test.ts (amazonDriver
 * in amazonDriver.ts).
 */

// Everything the contract knows: ring timeouts, outbound calls, after-call work, hold, mute, keypad digits, and
// transfers, consults and conferences to a station picked from the directory, and reasons for not being ready.
describeVendorContract('reference phone system', () => createReferenceDriver(), {
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
});

// A switch without a directory, ring timer, outbound calls or after-call work: the transfers go to the station by its
// extension, and a transferred call ends the agent's part at once.
describeVendorContract(
  'reference phone system, transfers by extension',
  () => createReferenceDriver({ phone: { ringTimeoutMs: null, afterCallWork: false, directory: false }, outboundCalls: false }),
  { ringTimeout: false, outbound: false, afterCallWork: false, hold: true, mute: true, digits: true, transfer: true, conference: true, transferDirectory: false, notReadyReasons: true },
);

// A plainer vendor: no ring timer, no outbound calls, no after-call work, no call controls. Shows the optional checks stay out
// (and the declaration check holds) when a vendor says "no".
describeVendorContract(
  'reference phone system, basic',
  () => createReferenceDriver({ phone: { ringTimeoutMs: null, afterCallWork: false, callControls: false }, outboundCalls: false }),
  { ringTimeout: false, outbound: false, afterCallWork: false, hold: false, mute: false, digits: false, transfer: false, conference: false, transferDirectory: false, notReadyReasons: false },
);

// What the contract's driver cannot ask for: the station is busy while it has a call, and a consult to it then ends at once.
describe('the reference phone system', () => {
  it('ends a consult to a station already on a call as busy', async () => {
    const driver = await createReferenceDriver();
    const reported: string[] = [];
    await driver.handler.start((event) => {
      if (event.type === 'thirdParty') reported.push(event.party === null ? `gone ${String(event.gone)}` : event.party.state);
    });
    try {
      await driver.handler.makeAgentAvailable();
      const first = await driver.customerCalls('+16505550100');
      const second = await driver.customerCalls('+442071234567');
      await driver.handler.acceptCall(first);
      await driver.handler.transferCall(first, { kind: 'number', phoneNumber: STATION.number }, { mode: 'blind' });
      await driver.handler.acceptCall(second);
      await driver.handler.transferCall(second, { kind: 'number', phoneNumber: STATION.number }, { mode: 'consult' });
      await new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 2000;
        const look = (): void => {
          if (reported.length >= 2) resolve();
          else if (Date.now() > deadline) reject(new Error(`Waited 2000 ms for the consult's end; the handler reported: ${reported.join(', ')}`));
          else setTimeout(look, 10);
        };
        look();
      });
      expect(reported).toEqual(['dialing', 'gone busy']);
      expect((await driver.targetCall?.())?.state).toBe('ringing');
    } finally {
      await driver.handler.stop();
      await driver.dispose();
    }
  });
});
