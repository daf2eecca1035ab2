import type { ContactRecord } from '../../src/ts/cti/vendor/amazon/amazonCalls';
import { NO_TRANSFER } from '../../src/ts/cti/vendor/amazon/amazonThirdParty';

/** The Amazon handler's record of one inbound contact, c1 from +16505550100, offered, with the test's changes. */
export function contactRecord(overrides: Partial<ContactRecord> = {}): ContactRecord {
  return {
    contactId: 'c1',
    eventId: 'c1',
    direction: 'inbound',
    phoneNumber: '+16505550100',
    stage: 'offered',
    announced: true,
    endRequested: false,
    declineClickedAt: null,
    firstToLeave: null,
    held: false,
    muted: false,
    transferredIn: false,
    transfer: NO_TRANSFER,
    ...overrides,
  };
}
