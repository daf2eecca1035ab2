import { CONFIG_FILE, DEFAULTS, loadConfig, resolveConfig } from '../../src/ts/cti/config/toolbarConfig';

const BASE = 'https://toolbar.example.com/index.html';
const FILE = { ...DEFAULTS };

describe('resolveConfig', () => {
  it('takes the file as it is', () => {
    expect(resolveConfig(FILE, '', BASE)).toEqual({ ok: true, config: { ...DEFAULTS, vendorOptions: {} } });
  });

  it('lets the toolbar URL override a key and ignores parameters that are Fusion’s own', () => {
    const result = resolveConfig(FILE, '?applicationName=Sales%20toolbar&oraParentFrame=https%3A%2F%2Ffusion.example.com&oraTbName=x', BASE);
    expect(result).toMatchObject({ ok: true, config: { applicationName: 'Sales toolbar' } });
  });

  it('resolves a UEF client path on the toolbar’s own server', () => {
    const result = resolveConfig(FILE, '?uefClientUrl=dev/uef-standin.js', 'http://127.0.0.1:8000/index.html?x=1');
    expect(result).toMatchObject({ ok: true, config: { uefClientUrl: 'http://127.0.0.1:8000/dev/uef-standin.js' } });
  });

  it.each([
    ['?vendor=acme', 'vendor: "acme" is not one of none, genesys, amazon'],
    ['?appClassification=ORA_FOO', 'appClassification: "ORA_FOO" is not one of ORA_SERVICE, ORA_SALES, ORA_HRHD'],
    ['?uefClientUrl=https%3A%2F%2Fevil.example.net%2Fx.js', 'uefClientUrl: "https://evil.example.net/x.js" must be on https://static.oracle.com or on the toolbar\'s own server'],
    ['?uefClientUrl=%2F%2Fevil.example.net%2Fx.js', 'uefClientUrl: "//evil.example.net/x.js" must be on https://static.oracle.com or on the toolbar\'s own server'],
    ['?phoneLineId=', 'phoneLineId: must be a non-empty text, got ""'],
  ])('refuses %s, naming the key', (search, error) => {
    expect(resolveConfig(FILE, search, BASE)).toEqual({ ok: false, errors: [error] });
  });

  it('names unknown and mistyped keys of the file', () => {
    const result = resolveConfig({ ...FILE, vendr: 'none', applicationName: 42 }, '', BASE);
    expect(result).toEqual({
      ok: false,
      errors: ['vendr: unknown key (known: vendor, uefClientUrl, applicationName, appClassification, phoneLineId, genesys, amazon)', 'applicationName: must be a non-empty text, got 42'],
    });
  });

  it('refuses a file that is not an object', () => {
    expect(resolveConfig([1, 2], '', BASE)).toEqual({ ok: false, errors: [`${CONFIG_FILE}: must hold a JSON object`] });
  });
});

describe('loadConfig', () => {
  const location = { search: '', href: BASE };
  // jsdom has no fetch: answer with the part of a Response that loadConfig reads.
  const respond = (status: number, body: string) =>
    (async () => ({ ok: status >= 200 && status < 300, status, text: async () => body })) as unknown as typeof fetch;

  it('reads the served file', async () => {
    expect(await loadConfig(location, respond(200, JSON.stringify(FILE)))).toMatchObject({ ok: true });
  });

  it('says when the file is missing', async () => {
    expect(await loadConfig(location, respond(404, 'nope'))).toEqual({ ok: false, errors: [`${CONFIG_FILE}: could not be loaded (HTTP 404)`] });
  });

  it('says when the file is not JSON', async () => {
    const result = await loadConfig(location, respond(200, '{ vendor: none'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatch(/^config\/toolbar\.json: is not valid JSON \(/);
  });
});
