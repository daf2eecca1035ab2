import { inEnglish, say, saidAs } from '../../src/ts/cti/core/agentMessages';
import { VendorError } from '../../src/ts/cti/core/errors';
import { VENDOR_CODE_OF, vendorErrorOfReply } from '../../src/ts/cti/vendor/genesys/bridgeErrors';
import { BRIDGE_ERROR_CODES } from '../../protocol/bridgeProtocol';

describe('the bridge’s errorCode → the vendor contract’s code, the bridge’s kept as vendorCode', () => {
  test.each([
    ['LINK_DOWN', 503, 'LINK_DOWN'],
    ['UNAUTHORIZED', 401, 'UNAUTHORIZED'],
    ['FORBIDDEN', 403, 'UNAUTHORIZED'],
    ['UNKNOWN_CALL', 404, 'NOT_FOUND'],
    ['INVALID_IN_STATE', 409, 'INVALID_IN_STATE'],
    ['BAD_JSON', 400, 'REFUSED'],
    ['BAD_REQUEST', 400, 'REFUSED'],
    ['BODY_TOO_LARGE', 413, 'REFUSED'],
    ['BACKEND_ERROR', 502, 'REFUSED'],
  ] as const)('%s (HTTP %i) → %s', (errorCode, status, code) => {
    const error = vendorErrorOfReply(status, { ok: false, errorCode, errorMessage: 'The bridge says why.' }, 'Accept');
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ code, vendorCode: errorCode, message: 'The bridge says why.' });
  });

  test('every errorCode of the protocol has its row', () => {
    expect(Object.keys(VENDOR_CODE_OF).sort()).toEqual([...BRIDGE_ERROR_CODES].sort());
  });
});

describe('an answer without an errorCode the toolbar knows: the HTTP status says it, and nothing is kept as vendorCode', () => {
  test.each([
    [401, undefined, 'UNAUTHORIZED'],
    [403, 'not json', 'UNAUTHORIZED'],
    [404, { ok: false, errorCode: 'NO_SUCH_THING', errorMessage: 'gone' }, 'NOT_FOUND'],
    [409, {}, 'INVALID_IN_STATE'],
    [503, undefined, 'LINK_DOWN'],
    [504, undefined, 'TIMEOUT'],
    [500, undefined, 'REFUSED'],
    [502, { ok: true }, 'REFUSED'],
    [200, { ok: 'yes' }, 'REFUSED'],
  ] as const)('HTTP %i with %j → %s', (status, body, code) => {
    const error = vendorErrorOfReply(status, body, 'Accept');
    expect(error).toBeInstanceOf(VendorError);
    expect(error.code).toBe(code);
    expect(error.vendorCode).toBeUndefined();
  });
});

describe('the message the agent reads', () => {
  const FALLBACK = say('genesysBridgeRefused', { status: 503 });
  test.each([
    ['the bridge’s words, shown as they are', { ok: false, errorCode: 'LINK_DOWN', errorMessage: 'T-Server link down.' }, saidAs('T-Server link down.')],
    ['no words', { ok: false, errorCode: 'LINK_DOWN' }, FALLBACK],
    ['blank words', { ok: false, errorCode: 'LINK_DOWN', errorMessage: '   ' }, FALLBACK],
    ['control characters', { ok: false, errorCode: 'LINK_DOWN', errorMessage: 'down\u0007' }, FALLBACK],
    ['a flood', { ok: false, errorCode: 'LINK_DOWN', errorMessage: 'x'.repeat(1001) }, FALLBACK],
    ['not text', { ok: false, errorCode: 'LINK_DOWN', errorMessage: { text: 'down' } }, FALLBACK],
  ])('%s', (_what, body, said) => {
    const error = vendorErrorOfReply(503, body, 'Accept');
    expect(error.said).toEqual(said);
    expect(error.message).toBe(inEnglish(said));
  });

  test('without words of the bridge’s, the toolbar’s own say it', () => {
    expect(vendorErrorOfReply(503, undefined, 'Accept').message).toBe('The Genesys bridge refused the request (HTTP 503).');
  });
});

describe('a dial refused for its destination tells Fusion INVALID_NUMBER; nothing else carries an outbound code', () => {
  test.each([
    ['MakeCall', 400, { ok: false, errorCode: 'BAD_REQUEST', errorMessage: 'bad', field: 'destination' }, 'INVALID_NUMBER'],
    ['MakeCall', 502, { ok: false, errorCode: 'BACKEND_ERROR', errorMessage: 'cannot dial', field: 'destination' }, 'INVALID_NUMBER'],
    ['MakeCall', 400, { ok: false, errorCode: 'BAD_REQUEST', errorMessage: 'bad', field: 'eventId' }, undefined],
    ['MakeCall', 502, { ok: false, errorCode: 'BACKEND_ERROR', errorMessage: 'T-Server failed' }, undefined],
    ['MakeCall', 503, { ok: false, errorCode: 'LINK_DOWN', errorMessage: 'link down' }, undefined],
    ['MakeCall', 400, { field: 'destination' }, undefined],
    ['Accept', 400, { ok: false, errorCode: 'BAD_REQUEST', errorMessage: 'bad', field: 'destination' }, undefined],
  ] as const)('%s answered HTTP %i with %j → %s', (command, status, body, outboundErrorCode) => {
    expect(vendorErrorOfReply(status, body, command).outboundErrorCode).toBe(outboundErrorCode);
  });

  test.each([
    [400, 'BAD_REQUEST'],
    [403, 'FORBIDDEN'],
    [502, 'BACKEND_ERROR'],
  ] as const)('a dial refused HTTP %i %s for its destination is REFUSED: the number is at fault, not the sign-in', (status, errorCode) => {
    const error = vendorErrorOfReply(status, { ok: false, errorCode, errorMessage: '7002 is another agent\'s DN', field: 'destination' }, 'MakeCall');
    expect({ code: error.code, vendorCode: error.vendorCode, outboundErrorCode: error.outboundErrorCode, message: error.message }).toEqual({
      code: 'REFUSED',
      vendorCode: errorCode,
      outboundErrorCode: 'INVALID_NUMBER',
      message: '7002 is another agent\'s DN',
    });
  });

  test('another agent\'s call refused FORBIDDEN is still UNAUTHORIZED: the agent\'s credentials do not reach it', () => {
    expect(vendorErrorOfReply(403, { ok: false, errorCode: 'FORBIDDEN', errorMessage: 'not yours', field: 'connectionId' }, 'Hangup').code).toBe('UNAUTHORIZED');
  });
});
