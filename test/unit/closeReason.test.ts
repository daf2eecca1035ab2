import { closeReasonFor, closeReasonForFailedDial } from '../../src/ts/cti/core/closeReason';
import { OUTBOUND_ERROR_CODES, type OutboundErrorCode } from '../../src/ts/cti/core/errors';
import type { CallPhase, CloseReason, Direction, EndedBy } from '../../src/ts/cti/core/types';

/**
 * Every direction × phase × who ended it, the one reason Fusion gets, and Oracle's definition of that reason
 * (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/closecommevent.html), which the row must fit.
 */
const ORACLE: Readonly<Record<CloseReason, string>> = {
  ABANDONED: '“Indicates that the customer ended the communication before the agent accepted and before timeout.”',
  CANCELED: '“Mark outbound call for which the communication started, but subsequently was canceled by the agent before it was answered by the customer.”',
  ENDCOMMUNICATION: '“Indicates that the communication ended and if Service Center is in wrap-up mode it then must close the wrap-up page.”',
  MISSED: '“The communication attempt couldn’t be established for another reason.”',
  REJECT: '“When an agent rejects a communication.”',
  TIMEOUT: '“The communication attempt timed out.”',
  WRAPUP: '“Displays the Wrap Up window to indicate to the agent that the communication must come to a close.”',
};

const TABLE: Array<[Direction, CallPhase, EndedBy, CloseReason, string]> = [
  ['inbound', 'ringing', 'agent', 'REJECT', 'the agent declined the ringing call'],
  ['inbound', 'ringing', 'customer', 'ABANDONED', 'the caller hung up before it was answered'],
  ['inbound', 'ringing', 'system', 'TIMEOUT', 'it rang out: nobody answered in time'],
  ['inbound', 'connected', 'agent', 'WRAPUP', 'a talked call goes to wrap-up'],
  ['inbound', 'connected', 'customer', 'WRAPUP', 'a talked call goes to wrap-up'],
  ['inbound', 'connected', 'system', 'WRAPUP', 'a talked call goes to wrap-up'],
  ['outbound', 'ringing', 'agent', 'CANCELED', 'the agent hung up before the callee answered'],
  ['outbound', 'ringing', 'customer', 'MISSED', 'the callee hung up on it or refused it: not the agent’s doing'],
  ['outbound', 'ringing', 'system', 'MISSED', 'the network could not place it'],
  ['outbound', 'connected', 'agent', 'WRAPUP', 'a talked call goes to wrap-up'],
  ['outbound', 'connected', 'customer', 'WRAPUP', 'a talked call goes to wrap-up'],
  ['outbound', 'connected', 'system', 'WRAPUP', 'a talked call goes to wrap-up'],
];

describe('closeReasonFor', () => {
  // The name of each case reads the row against Oracle's definition of its reason.
  const cases = TABLE.map(([direction, phase, endedBy, reason, why]) => [direction, phase, endedBy, reason, why, ORACLE[reason]] as const);
  it.each(cases)('%s call ended while %s by %s closes with %s: %s, and Oracle says %s', (direction, phase, endedBy, reason) => {
    expect(closeReasonFor(direction, phase, endedBy)).toBe(reason);
  });

  const DIALS: Array<[OutboundErrorCode, CloseReason, string]> = [
    ['NO_ANSWER', 'TIMEOUT', 'the callee never answered'],
    ['BUSY', 'MISSED', 'the line was busy'],
    ['INVALID_NUMBER', 'MISSED', 'the number is not valid'],
    ['OUTDIAL_FAILED', 'MISSED', 'the dial failed for another reason'],
  ];
  it('covers every outbound error code', () => {
    expect(DIALS.map(([code]) => code).sort()).toEqual([...OUTBOUND_ERROR_CODES].sort());
  });
  const dialCases = DIALS.map(([code, reason, why]) => [code, reason, why, ORACLE[reason]] as const);
  it.each(dialCases)('a dial that failed with %s closes with %s: %s, and Oracle says %s', (code, reason) => {
    expect(closeReasonForFailedDial(code)).toBe(reason);
  });

  it('never gives ENDCOMMUNICATION as a first close: it only closes a wrap-up that is open', () => {
    const reasons = TABLE.map(([direction, phase, endedBy]) => closeReasonFor(direction, phase, endedBy));
    expect(reasons).not.toContain('ENDCOMMUNICATION');
  });

  it('uses REJECT only when the agent declined, as Oracle defines it', () => {
    const rejects = TABLE.filter(([direction, phase, endedBy]) => closeReasonFor(direction, phase, endedBy) === 'REJECT');
    expect(rejects.map(([, , endedBy]) => endedBy)).toEqual(['agent']);
  });
});
