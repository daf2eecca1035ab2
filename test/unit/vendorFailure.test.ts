import { VENDOR_ERROR_CODES, VendorError, type VendorErrorCode } from '../../src/ts/cti/core/errors';
import { inEnglish, render, say } from '../../src/ts/cti/core/agentMessages';
import { vendorFailure } from '../../src/ts/cti/core/vendorFailure';
import de from '../../src/ts/resources/nls/de/callMessages';

/** What the agent reads for each code: whether to retry once the link is back, check the call, or that it is gone. */
const WORDING: Readonly<Record<VendorErrorCode, string>> = {
  LINK_DOWN: 'Could not answer the call: the link to Acme is down (socket closed). Try again once it is back.',
  TIMEOUT: 'Could not answer the call: Acme did not answer in time (no reply in 10 s). Check the call before trying again.',
  NOT_FOUND: 'Could not answer the call: Acme no longer has this call (no call c1).',
  UNAUTHORIZED: 'Could not answer the call: Acme did not accept your sign-in (token expired).',
  NOT_SUPPORTED: 'Could not answer the call: Acme cannot do that (no such verb).',
  INVALID_IN_STATE: 'Could not answer the call: the call is not ringing.',
  REFUSED: 'Could not answer the call: server error.',
};
const SAID: Readonly<Record<VendorErrorCode, string>> = {
  LINK_DOWN: 'socket closed',
  TIMEOUT: 'no reply in 10 s',
  NOT_FOUND: 'no call c1',
  UNAUTHORIZED: 'token expired',
  NOT_SUPPORTED: 'no such verb',
  INVALID_IN_STATE: 'the call is not ringing.',
  REFUSED: 'server error.',
};

describe('vendorFailure: the code passes through, the message is worded by code', () => {
  it('words every code', () => {
    expect(Object.keys(WORDING).sort()).toEqual([...VENDOR_ERROR_CODES].sort());
  });

  it.each(VENDOR_ERROR_CODES.map((code) => [code]))('%s: Fusion\'s result and the agent\'s message in the same words', (code) => {
    const { failure, message } = vendorFailure(new VendorError(code, SAID[code]), say('couldNotAccept'), 'Acme');
    expect(failure).toEqual({ ok: false, code, message: WORDING[code] });
    expect(inEnglish(message)).toBe(WORDING[code]);
  });

  it('takes a plain Error, or anything thrown, as REFUSED', () => {
    expect(vendorFailure(new Error('busy'), say('couldNotHangup'), 'Acme').failure).toEqual({ ok: false, code: 'REFUSED', message: 'Could not hang up: busy' });
    expect(vendorFailure('busy', say('couldNotHangup'), 'Acme').failure).toEqual({ ok: false, code: 'REFUSED', message: 'Could not hang up: busy' });
  });

  it('says the vendor gave no reason when its message is empty', () => {
    expect(vendorFailure(new VendorError('REFUSED', '  '), say('couldNotHangup'), 'Acme').failure.message).toBe('Could not hang up: Acme gave no reason');
  });

  it('words the message in another language, the lead and the reason alike, the vendor\'s own words as they are', () => {
    const { message } = vendorFailure(new VendorError('LINK_DOWN', 'socket closed'), say('couldNotAccept'), 'Acme');
    const german = render(de, message);
    expect(german).toContain('Acme');
    expect(german).toContain('socket closed');
    expect(german).toContain(render(de, say('couldNotAccept')));
    expect(german).not.toContain('Could not');
  });
});
