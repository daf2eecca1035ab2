/**
 * The registry loads a vendor's handler, and a sign-in flow, only when the configuration names it, and says which
 * part did not load when one fails. Here the lazily loaded modules fail as RequireJS fails a script the network did
 * not deliver (an error with requireModules): the Genesys handler, loaded with the registry, works without them.
 */
import { GenesysVendorHandler } from '../../src/ts/cti/vendor/genesys/genesysVendorHandler';
import { PartNotLoadedError, createVendor } from '../../src/ts/cti/vendor/registry';

function scriptError(id: string): Error {
  // RequireJS's error for a script that did not load: https://requirejs.org/docs/api.html#errbacks
  return Object.assign(new Error(`Script error for "${id}"`), { requireType: 'scripterror', requireModules: [id] });
}

jest.mock('../../src/ts/cti/vendor/amazon/amazonVendorHandler', () => {
  throw scriptError('cti/vendor/amazon/amazonVendorHandler');
});
jest.mock('../../src/ts/cti/signin/oidcSignIn', () => {
  throw scriptError('cti/signin/oidcSignIn');
});
jest.mock('../../src/ts/cti/signin/gwsSignIn', () => {
  throw new Error('the network is down');
});

const AMAZON = { ccpUrl: 'https://example.my.connect.aws/ccp-v2/' };

describe('createVendor', () => {
  it('builds the Genesys handler without loading a sign-in flow or Amazon Connect when none is configured', async () => {
    const result = await createVendor('genesys', { bridgeUrl: 'http://127.0.0.1:8087' });
    expect(result.ok && result.vendor).toBeInstanceOf(GenesysVendorHandler);
    expect(result.ok && result.vendor?.signIn).toBeUndefined();
  });

  it('runs without telephony, loading nothing', async () => {
    await expect(createVendor('none')).resolves.toEqual({ ok: true, vendor: null });
  });

  it('says which part did not load, naming the module RequireJS could not fetch', async () => {
    const amazon = createVendor('amazon', AMAZON);
    await expect(amazon).rejects.toThrow(PartNotLoadedError);
    await expect(amazon).rejects.toThrow("Amazon Connect's handler did not load (cti/vendor/amazon/amazonVendorHandler)");

    const oidc = createVendor('genesys', { bridgeUrl: 'https://cti.example.com', signIn: { issuer: 'https://login.example.com', clientId: 'media-toolbar' } });
    await expect(oidc).rejects.toMatchObject({ name: 'PartNotLoadedError', part: 'The sign-in', message: 'The sign-in did not load (cti/signin/oidcSignIn)' });
  });

  it('gives the error’s own words when it names no module', async () => {
    const gws = createVendor('genesys', { bridgeUrl: 'https://cti.example.com', gwsSignIn: { baseUrl: 'https://gws.example.com', clientId: 'media-toolbar' } });
    await expect(gws).rejects.toMatchObject({ part: 'The sign-in', message: 'The sign-in did not load (the network is down)' });
  });

  it('names the bad keys of a Genesys section with a sign-in, loading nothing for it', async () => {
    const result = await createVendor('genesys', { bridgeUrl: 'https://cti.example.com', signIn: { clientId: 'media-toolbar' } });
    expect(result).toMatchObject({ ok: false, errors: [expect.stringContaining('genesys.signIn.issuer')] });
  });
});
