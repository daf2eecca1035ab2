import { VendorError, asVendorError, messageOf } from '../../src/ts/cti/core/errors';

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
