/** @jest-environment node */
/**
 * The frames of call events, byte for byte: the fields in the wire's order, an optional field left out when absent
 * (not sent as null). Fixed here because the mapping builds each event as one object literal, whose absent fields
 * are undefined and left out by JSON.stringify, and the toolbar, the tutorial's clients and logs read these frames.
 */
import type { TCall, TCallEvent } from '../../server/src/backend/telephonyBackend';
import { callEventOf } from '../../server/src/bridge/eventMapping';

const CALL: TCall = {
  connId: '0072026cb98d140f',
  callUuid: 'C0FFEE0123456789ABCDEFGHIJKLMNOP',
  callType: 'Inbound',
  state: 'Ringing',
  ani: '+15550100',
  otherDN: '+15550100',
  userData: {},
};
const { ani: _ani, ...WITHOUT_ANI } = CALL;
const CONSULT: TCall = {
  connId: '0072026cb98d1410',
  callUuid: 'C0FFEE0123456789ABCDEFGHIJKLMNOQ',
  callType: 'Consult',
  state: 'Established',
  otherDN: '7002',
  userData: { eventId: 'fusion-42' },
  transferConnId: '0072026cb98d140f',
};

const CASES: ReadonlyArray<readonly [string, TCallEvent, string]> = [
  [
    'EventRinging, no optional field',
    { name: 'EventRinging', thisDN: '7001', call: CALL, time: 1700000000000.25 },
    '{"thisDN":"7001","connectionId":"0072026cb98d140f","eventId":"C0FFEE0123456789ABCDEFGHIJKLMNOP","callUuid":"C0FFEE0123456789ABCDEFGHIJKLMNOP","ANI":"+15550100","callType":"Inbound","time":1700000000000.25,"eventName":"EventRinging"}',
  ],
  [
    'EventEstablished answering a request (referenceId)',
    { name: 'EventEstablished', thisDN: '7001', call: { ...CALL, state: 'Established' }, referenceId: 7, time: 1700000000001.5 },
    '{"thisDN":"7001","connectionId":"0072026cb98d140f","eventId":"C0FFEE0123456789ABCDEFGHIJKLMNOP","callUuid":"C0FFEE0123456789ABCDEFGHIJKLMNOP","ANI":"+15550100","callType":"Inbound","time":1700000000001.5,"referenceId":7,"eventName":"EventEstablished"}',
  ],
  [
    'EventRinging of a call transferred here (thirdPartyDN), no ANI',
    { name: 'EventRinging', thisDN: '7002', call: { ...WITHOUT_ANI, otherDN: '7001' }, thirdPartyDN: '7001', time: 1700000000002 },
    '{"thisDN":"7002","connectionId":"0072026cb98d140f","eventId":"C0FFEE0123456789ABCDEFGHIJKLMNOP","callUuid":"C0FFEE0123456789ABCDEFGHIJKLMNOP","ANI":"7001","callType":"Inbound","time":1700000000002,"thirdPartyDN":"7001","eventName":"EventRinging"}',
  ],
  [
    'EventReleased of a transfer (referenceId, thirdPartyDN)',
    { name: 'EventReleased', thisDN: '7001', call: { ...CALL, state: 'Established' }, callState: 'Transferred', releasingParty: 'Local', referenceId: 9, thirdPartyDN: '7002', time: 1700000000003 },
    '{"thisDN":"7001","connectionId":"0072026cb98d140f","eventId":"C0FFEE0123456789ABCDEFGHIJKLMNOP","callUuid":"C0FFEE0123456789ABCDEFGHIJKLMNOP","ANI":"+15550100","callType":"Inbound","time":1700000000003,"referenceId":9,"thirdPartyDN":"7002","eventName":"EventReleased","previousState":"Established","callState":"Transferred","releasingParty":"Local"}',
  ],
  [
    'EventReleased by the other party',
    { name: 'EventReleased', thisDN: '7001', call: { ...CALL, state: 'Held' }, callState: 'Ok', releasingParty: 'Remote', time: 1700000000004 },
    '{"thisDN":"7001","connectionId":"0072026cb98d140f","eventId":"C0FFEE0123456789ABCDEFGHIJKLMNOP","callUuid":"C0FFEE0123456789ABCDEFGHIJKLMNOP","ANI":"+15550100","callType":"Inbound","time":1700000000004,"eventName":"EventReleased","previousState":"Held","callState":"Ok","releasingParty":"Remote"}',
  ],
  [
    'EventDialing of a consult (eventId from user data, transferConnectionId)',
    { name: 'EventDialing', thisDN: '7001', call: { ...CONSULT, state: 'Dialing' }, referenceId: 11, time: 1700000000005 },
    '{"thisDN":"7001","connectionId":"0072026cb98d1410","eventId":"fusion-42","callUuid":"C0FFEE0123456789ABCDEFGHIJKLMNOQ","ANI":"7002","callType":"Consult","time":1700000000005,"referenceId":11,"transferConnectionId":"0072026cb98d140f","eventName":"EventDialing"}',
  ],
  [
    'EventPartyChanged',
    { name: 'EventPartyChanged', thisDN: '7002', call: CONSULT, previousConnId: '0072026cb98d1410', thirdPartyDN: '7001', time: 1700000000006 },
    '{"thisDN":"7002","connectionId":"0072026cb98d1410","eventId":"fusion-42","callUuid":"C0FFEE0123456789ABCDEFGHIJKLMNOQ","ANI":"7002","callType":"Consult","time":1700000000006,"transferConnectionId":"0072026cb98d140f","thirdPartyDN":"7001","eventName":"EventPartyChanged","previousConnectionId":"0072026cb98d1410"}',
  ],
  [
    'EventPartyAdded',
    { name: 'EventPartyAdded', thisDN: '7001', call: { ...CALL, state: 'Established', otherParties: ['+15550100', '7002'] }, thirdPartyDN: '7002', referenceId: 12, time: 1700000000007 },
    '{"thisDN":"7001","connectionId":"0072026cb98d140f","eventId":"C0FFEE0123456789ABCDEFGHIJKLMNOP","callUuid":"C0FFEE0123456789ABCDEFGHIJKLMNOP","ANI":"+15550100","callType":"Inbound","time":1700000000007,"referenceId":12,"thirdPartyDN":"7002","eventName":"EventPartyAdded"}',
  ],
  [
    'EventPartyDeleted',
    { name: 'EventPartyDeleted', thisDN: '7001', call: { ...CALL, state: 'Established' }, thirdPartyDN: '7002', time: 1700000000008 },
    '{"thisDN":"7001","connectionId":"0072026cb98d140f","eventId":"C0FFEE0123456789ABCDEFGHIJKLMNOP","callUuid":"C0FFEE0123456789ABCDEFGHIJKLMNOP","ANI":"+15550100","callType":"Inbound","time":1700000000008,"thirdPartyDN":"7002","eventName":"EventPartyDeleted"}',
  ],
];

describe('call event frames', () => {
  test.each(CASES)('%s', (_name, event, frame) => {
    expect(JSON.stringify(callEventOf(event))).toBe(frame);
  });
});
