import { closeReasonFor } from '../../src/ts/cti/core/closeReason';
import type { CallPhase, CloseReason, Direction, EndedBy } from '../../src/ts/cti/core/types';

// Every direction × phase × who ended it, and the one reason Fusion gets.
const TABLE: Array<[Direction, CallPhase, EndedBy, CloseReason]> = [
  ['inbound', 'ringing', 'agent', 'REJECT'],
  ['inbound', 'ringing', 'customer', 'ABANDONED'],
  ['inbound', 'ringing', 'system', 'MISSED'],
  ['inbound', 'connected', 'agent', 'WRAPUP'],
  ['inbound', 'connected', 'customer', 'WRAPUP'],
  ['inbound', 'connected', 'system', 'WRAPUP'],
  ['outbound', 'ringing', 'agent', 'CANCELED'],
  ['outbound', 'ringing', 'customer', 'REJECT'],
  ['outbound', 'ringing', 'system', 'REJECT'],
  ['outbound', 'connected', 'agent', 'WRAPUP'],
  ['outbound', 'connected', 'customer', 'WRAPUP'],
  ['outbound', 'connected', 'system', 'WRAPUP'],
];

describe('closeReasonFor', () => {
  it.each(TABLE)('%s call ended while %s by %s closes with %s', (direction, phase, endedBy, reason) => {
    expect(closeReasonFor(direction, phase, endedBy)).toBe(reason);
  });
});
