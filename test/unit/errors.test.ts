import { SaidError, VendorError, asVendorError, detailOf, messageOf } from '../../src/ts/cti/core/errors';
import { saidAs, say } from '../../src/ts/cti/core/agentMessages';

describe('vendor errors', () => {
  it('keeps a VendorError as it is', () => {
    const error = new VendorError('LINK_DOWN', 'The link is down.');
    expect(asVendorError(error)).toBe(error);
  });

  it.each([
    [new Error('no'), 'no'],
    ['plain text', 'plain text'],
    [{ odd: true }, 'unknown error'],
  ])('turns %p into a REFUSED error with a readable message', (thrown, message) => {
    const error = asVendorError(thrown);
    expect(error).toBeInstanceOf(VendorError);
    expect(error.code).toBe('REFUSED');
    expect(error.message).toBe(message);
    expect(messageOf(thrown)).toBe(message);
  });
});

describe('detailOf', () => {
  it('gives an error said for the agent as its message, to be translated, and any other failure as its words', () => {
    expect(detailOf(new VendorError('REFUSED', say('callNotRinging')))).toEqual(say('callNotRinging'));
    expect(detailOf(new SaidError(say('signInWindowClosed')))).toEqual(say('signInWindowClosed'));
    expect(detailOf(new VendorError('REFUSED', 'busy here'))).toEqual(saidAs('busy here'));
    expect(detailOf(new Error('socket hang up'))).toBe('socket hang up');
  });
});
