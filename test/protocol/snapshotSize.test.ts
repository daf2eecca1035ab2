/**
 * The toolbar accepts any snapshot the bridge may legally send: MAX_CALLS_PER_DN calls (the most limits.callsPerDn
 * allows), each a consult in a conference of MAX_OTHER_PARTIES other parties, every text as long as FIELD_RULES allows and made of the character JSON spends most on (a lone surrogate,
 * written \udXXX), still fits in MAX_PUSHED_FRAME_CHARS and decodes.
 */
import { MAX_CALLS_PER_DN, MAX_OTHER_PARTIES, MAX_PUSHED_FRAME_CHARS, type PushedEvent } from '../../protocol/bridgeProtocol';
import { FIELD_RULES, type FieldName } from '../../protocol/fieldRules';
import { decodeFrame } from '../../src/ts/cti/vendor/genesys/genesysEvents';

/** The longest value of the field, each character escaped to six in JSON; `n` keeps the calls' values apart. */
function longest(field: FieldName, n: number): string {
  const suffix = String(n);
  return '\ud800'.repeat(FIELD_RULES[field].maxLength - suffix.length) + suffix;
}

test('a snapshot of a full DN, every field at its longest, fits the toolbar\'s frame limit and decodes', () => {
  const snapshot: PushedEvent = {
    eventName: 'EventRegistered',
    thisDN: longest('thisDN', 0),
    agent: { agentId: longest('agentId', 0), state: 'NotReady', reasonCode: longest('reasonCode', 0) },
    calls: Array.from({ length: MAX_CALLS_PER_DN }, (_, n) => ({
      connectionId: n.toString(16).padStart(16, '0'),
      eventId: longest('eventId', n),
      callUuid: longest('callUuid', n),
      callType: 'Consult',
      state: 'Established',
      ANI: longest('ANI', n),
      transferConnectionId: (n + 1).toString(16).padStart(16, '0'),
      otherParties: Array.from({ length: MAX_OTHER_PARTIES }, (_, party) => longest('thirdPartyDN', n * MAX_OTHER_PARTIES + party)),
    })),
    linkConnected: true,
    order: { bridge: 'f'.repeat(FIELD_RULES.bridgeId.maxLength), sequence: Number.MAX_SAFE_INTEGER, time: Number.MAX_SAFE_INTEGER },
    ANI: '',
    eventId: '',
    connectionId: '',
  };
  const frame = JSON.stringify(snapshot);

  expect(frame.length).toBeGreaterThan(MAX_PUSHED_FRAME_CHARS / 2);
  expect(frame.length).toBeLessThanOrEqual(MAX_PUSHED_FRAME_CHARS);
  expect(decodeFrame(frame)).toMatchObject({ ok: true, event: { eventName: 'EventRegistered', calls: expect.any(Array) } });
});

test('one call more than MAX_CALLS_PER_DN is not a snapshot', () => {
  const call = { connectionId: '0123456789abcdef', eventId: 'e', callUuid: 'u', callType: 'Inbound', state: 'Ringing', ANI: '+15550100' };
  const frame = JSON.stringify({
    eventName: 'EventRegistered',
    thisDN: '7001',
    agent: { agentId: 'agent1', state: 'Ready' },
    calls: Array.from({ length: MAX_CALLS_PER_DN + 1 }, () => call),
    linkConnected: true,
    order: { bridge: 'b1', sequence: 1, time: 1 },
    ANI: '',
    eventId: '',
    connectionId: '',
  });
  expect(decodeFrame(frame)).toEqual({ ok: false, problem: expect.stringContaining(`EventRegistered.calls must be a list of at most ${MAX_CALLS_PER_DN} entries`) });
});
