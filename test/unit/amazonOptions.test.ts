import * as fs from 'fs';
import * as path from 'path';
import { resolveConfig } from '../../src/ts/cti/config/toolbarConfig';
import { AmazonVendorHandler } from '../../src/ts/cti/vendor/amazon/amazonVendorHandler';
import { AMAZON_DEFAULTS, parseAmazonOptions } from '../../src/ts/cti/vendor/amazon/amazonOptions';
import { createVendor } from '../../src/ts/cti/vendor/registry';

const CCP_URL = 'https://example.my.connect.aws/ccp-v2/';

/** The errors of a section that must be refused (fails the test if it was accepted). */
function errorsOf(raw: Record<string, unknown>): readonly string[] {
  const result = parseAmazonOptions(raw);
  if (result.ok) throw new Error(`expected ${JSON.stringify(raw)} to be refused, got ${JSON.stringify(result.options)}`);
  return result.errors;
}

describe('parseAmazonOptions', () => {
  it('fills in every default around the one required key', () => {
    expect(parseAmazonOptions({ ccpUrl: CCP_URL })).toEqual({
      ok: true,
      options: {
        ccpUrl: CCP_URL,
        loginPopup: true,
        loginPopupAutoClose: true,
        allowFramedSoftphone: true,
        disableRingtone: false,
        ccpAckTimeoutMs: 3000,
        ccpSynTimeoutMs: 1000,
        ccpLoadTimeoutMs: 5000,
        startTimeoutMs: 30_000,
        requestTimeoutMs: 10_000,
      },
    });
  });

  it('keeps the defaults it documents', () => {
    expect(AMAZON_DEFAULTS).toEqual({
      loginPopup: true,
      loginPopupAutoClose: true,
      allowFramedSoftphone: true,
      disableRingtone: false,
      ccpAckTimeoutMs: 3000,
      ccpSynTimeoutMs: 1000,
      ccpLoadTimeoutMs: 5000,
      startTimeoutMs: 30_000,
      requestTimeoutMs: 10_000,
    });
  });

  it('takes every key, as JSON values', () => {
    const section = {
      ccpUrl: CCP_URL,
      region: 'eu-west-2',
      loginUrl: 'https://idp.example.com/saml/connect?RelayState=x',
      loginPopup: false,
      loginPopupAutoClose: false,
      allowFramedSoftphone: false,
      disableRingtone: true,
      availableState: 'Available',
      unavailableState: 'Lunch',
      defaultCountry: 'GB',
      ccpAckTimeoutMs: 500,
      ccpSynTimeoutMs: 60_000,
      ccpLoadTimeoutMs: 120_000,
      startTimeoutMs: 1000,
      requestTimeoutMs: 100,
    };
    expect(parseAmazonOptions(section)).toEqual({ ok: true, options: section });
  });

  it('takes booleans and numbers as the text of URL parameters', () => {
    const result = parseAmazonOptions({
      ccpUrl: CCP_URL,
      loginPopup: 'false',
      loginPopupAutoClose: 'true',
      allowFramedSoftphone: 'false',
      disableRingtone: 'true',
      ccpAckTimeoutMs: '4000',
      ccpSynTimeoutMs: ' 2000 ',
      ccpLoadTimeoutMs: '9000',
      startTimeoutMs: '60000',
      requestTimeoutMs: '2500',
    });
    expect(result).toEqual({
      ok: true,
      options: {
        ccpUrl: CCP_URL,
        loginPopup: false,
        loginPopupAutoClose: true,
        allowFramedSoftphone: false,
        disableRingtone: true,
        ccpAckTimeoutMs: 4000,
        ccpSynTimeoutMs: 2000,
        ccpLoadTimeoutMs: 9000,
        startTimeoutMs: 60_000,
        requestTimeoutMs: 2500,
      },
    });
  });

  it.each([
    ['https://example.my.connect.aws/ccp-v2/', 'https://example.my.connect.aws/ccp-v2/'],
    ['  HTTPS://Example.My.Connect.AWS/ccp-v2/  ', 'https://example.my.connect.aws/ccp-v2/'],
    ['https://example.awsapps.com/connect/ccp-v2', 'https://example.awsapps.com/connect/ccp-v2'],
    ['http://127.0.0.1:8000/ccp/', 'http://127.0.0.1:8000/ccp/'],
    ['http://localhost:8123/dev/ccp.html', 'http://localhost:8123/dev/ccp.html'],
    ['http://[::1]:8000/ccp/', 'http://[::1]:8000/ccp/'],
  ])('accepts the ccpUrl %j (https, or http on this machine)', (ccpUrl, normalized) => {
    expect(parseAmazonOptions({ ccpUrl })).toMatchObject({ ok: true, options: { ccpUrl: normalized } });
  });

  it('requires ccpUrl, saying what it is', () => {
    expect(errorsOf({})).toEqual(["amazon.ccpUrl: required: the address of your instance's CCP, e.g. https://example.my.connect.aws/ccp-v2/"]);
  });

  it.each<[string, unknown, string]>([
    ['not text', 8000, 'amazon.ccpUrl: must be an https address, e.g. https://example.my.connect.aws/ccp-v2/, got 8000'],
    ['empty', '', 'amazon.ccpUrl: must be an https address, e.g. https://example.my.connect.aws/ccp-v2/, got ""'],
    ['blank', '   ', 'amazon.ccpUrl: must be an https address, e.g. https://example.my.connect.aws/ccp-v2/, got "   "'],
    ['longer than 2048 characters', `https://example.my.connect.aws/${'x'.repeat(2048)}`, 'amazon.ccpUrl: must be an https address'],
    ['relative', '/ccp-v2/', 'amazon.ccpUrl: "/ccp-v2/" is not an absolute address (e.g. https://example.my.connect.aws/ccp-v2/)'],
    ['plain http to another host', 'http://example.my.connect.aws/ccp-v2/', 'amazon.ccpUrl: "http://example.my.connect.aws/ccp-v2/" must use https (http only on this machine)'],
    ['http on a host merely named like loopback', 'http://localhost.example.com/ccp/', 'amazon.ccpUrl: "http://localhost.example.com/ccp/" must use https (http only on this machine)'],
    ['a javascript: address', 'javascript:alert(1)', 'amazon.ccpUrl: "javascript:alert(1)" must use https (http only on this machine)'],
    ['an ftp address', 'ftp://example.my.connect.aws/ccp-v2/', 'amazon.ccpUrl: "ftp://example.my.connect.aws/ccp-v2/" must use https (http only on this machine)'],
    ['credentials', 'https://agent:secret@example.my.connect.aws/ccp-v2/', 'amazon.ccpUrl: "https://agent:secret@example.my.connect.aws/ccp-v2/" must not hold a user name or password'],
    ['a user name alone', 'https://agent@example.my.connect.aws/ccp-v2/', 'amazon.ccpUrl: "https://agent@example.my.connect.aws/ccp-v2/" must not hold a user name or password'],
  ])('refuses a ccpUrl that is %s, naming amazon.ccpUrl', (_what, ccpUrl, error) => {
    const errors = errorsOf({ ccpUrl });
    expect(errors).toHaveLength(1);
    expect(errors[0].startsWith(error)).toBe(true);
  });

  it('checks loginUrl as ccpUrl, naming amazon.loginUrl', () => {
    expect(parseAmazonOptions({ ccpUrl: CCP_URL, loginUrl: 'http://127.0.0.1:9000/login' })).toMatchObject({ ok: true, options: { loginUrl: 'http://127.0.0.1:9000/login' } });
    expect(errorsOf({ ccpUrl: CCP_URL, loginUrl: 'http://idp.example.com/saml' })).toEqual(['amazon.loginUrl: "http://idp.example.com/saml" must use https (http only on this machine)']);
    expect(errorsOf({ ccpUrl: CCP_URL, loginUrl: 'https://me:pw@idp.example.com/saml' })).toEqual(['amazon.loginUrl: "https://me:pw@idp.example.com/saml" must not hold a user name or password']);
    expect(errorsOf({ ccpUrl: CCP_URL, loginUrl: 'saml' })).toEqual(['amazon.loginUrl: "saml" is not an absolute address (e.g. https://example.my.connect.aws/ccp-v2/)']);
  });

  it.each([
    ['eu-west-2', 'eu-west-2'],
    ['us-east-1', 'us-east-1'],
    ['ap-southeast-1', 'ap-southeast-1'],
    ['us-gov-west-1', 'us-gov-west-1'],
    [' ca-central-1 ', 'ca-central-1'],
  ])('accepts the AWS region %j', (region, kept) => {
    expect(parseAmazonOptions({ ccpUrl: CCP_URL, region })).toMatchObject({ ok: true, options: { region: kept } });
  });

  it.each<[unknown]>([['eu-west'], ['euwest2'], ['EU-WEST-2'], ['eu-west-2a'], ['eu-west-12'], [''], [2], [null]])('refuses the region %j, naming amazon.region', (region) => {
    expect(errorsOf({ ccpUrl: CCP_URL, region })).toEqual([`amazon.region: must be an AWS region such as eu-west-2, got ${JSON.stringify(region)}`]);
  });

  it('leaves region, loginUrl, the state names and the default country out when they are not given', () => {
    const result = parseAmazonOptions({ ccpUrl: CCP_URL });
    expect(result.ok).toBe(true);
    expect(result.ok && ['region', 'loginUrl', 'availableState', 'unavailableState', 'defaultCountry'].filter((key) => key in result.options)).toEqual([]);
  });

  it('trims the configured state names', () => {
    expect(parseAmazonOptions({ ccpUrl: CCP_URL, availableState: '  Available ', unavailableState: 'Lunch break' })).toMatchObject({
      ok: true,
      options: { availableState: 'Available', unavailableState: 'Lunch break' },
    });
  });

  it.each<['availableState' | 'unavailableState', unknown]>([
    ['availableState', ''],
    ['availableState', '   '],
    ['availableState', 3],
    ['unavailableState', 'x'.repeat(129)],
    ['unavailableState', false],
  ])('refuses %s = %j, naming the key', (key, value) => {
    expect(errorsOf({ ccpUrl: CCP_URL, [key]: value })).toEqual([`amazon.${key}: must be the name of an agent state, got ${JSON.stringify(value)}`]);
  });

  it.each<[unknown, string]>([
    ['US', 'US'],
    ['gb', 'GB'],
    [' fr ', 'FR'],
  ])('takes the default country %j as %s', (value, code) => {
    expect(parseAmazonOptions({ ccpUrl: CCP_URL, defaultCountry: value })).toMatchObject({ ok: true, options: { defaultCountry: code } });
  });

  it.each<[unknown]>([['UK'], ['XX'], ['USA'], ['United States'], ['+1'], [''], [1], [null]])('refuses the default country %j, naming amazon.defaultCountry and the value', (value) => {
    expect(errorsOf({ ccpUrl: CCP_URL, defaultCountry: value })).toEqual([
      `amazon.defaultCountry: must be a two-letter ISO 3166 country code whose numbers can be dialed, such as US or GB, got ${JSON.stringify(value)}`,
    ]);
  });

  it('refuses the same state for available and unavailable', () => {
    expect(errorsOf({ ccpUrl: CCP_URL, availableState: 'Available', unavailableState: ' Available' })).toEqual(['amazon.unavailableState: must differ from amazon.availableState ("Available")']);
  });

  it.each<['loginPopup' | 'loginPopupAutoClose' | 'allowFramedSoftphone' | 'disableRingtone', unknown]>([
    ['loginPopup', 'yes'],
    ['loginPopupAutoClose', 1],
    ['allowFramedSoftphone', 'TRUE'],
    ['disableRingtone', null],
  ])('refuses %s = %j, naming the key', (key, value) => {
    expect(errorsOf({ ccpUrl: CCP_URL, [key]: value })).toEqual([`amazon.${key}: must be true or false, got ${JSON.stringify(value)}`]);
  });

  const RANGES: Array<[string, number, number]> = [
    ['ccpAckTimeoutMs', 500, 60_000],
    ['ccpSynTimeoutMs', 500, 60_000],
    ['ccpLoadTimeoutMs', 1000, 120_000],
    ['startTimeoutMs', 1000, 600_000],
    ['requestTimeoutMs', 100, 120_000],
  ];

  it.each(RANGES)('takes %s from %d to %d ms', (key, min, max) => {
    expect(parseAmazonOptions({ ccpUrl: CCP_URL, [key]: min })).toMatchObject({ ok: true, options: { [key]: min } });
    expect(parseAmazonOptions({ ccpUrl: CCP_URL, [key]: String(max) })).toMatchObject({ ok: true, options: { [key]: max } });
  });

  it.each(RANGES.flatMap(([key, min, max]) => [min - 1, max + 1, min + 0.5, '5s', -min, 'soon'].map((value) => [key, value, min, max] as const)))(
    'refuses %s = %j, naming the key and its range',
    (key, value, min, max) => {
      expect(errorsOf({ ccpUrl: CCP_URL, [key]: value })).toEqual([`amazon.${key}: must be a whole number of milliseconds from ${min} to ${max}, got ${JSON.stringify(value)}`]);
    },
  );

  it('names an unknown key and the keys there are', () => {
    expect(errorsOf({ ccpUrl: CCP_URL, ccpURL: CCP_URL })).toEqual([
      'amazon.ccpURL: unknown key (known: ccpUrl, region, loginUrl, loginPopup, loginPopupAutoClose, allowFramedSoftphone, disableRingtone, availableState, unavailableState, defaultCountry, ccpAckTimeoutMs, ccpSynTimeoutMs, ccpLoadTimeoutMs, startTimeoutMs, requestTimeoutMs)',
    ]);
  });

  it('names every bad key at once', () => {
    const errors = errorsOf({ colour: 'red', ccpUrl: 'http://example.com/ccp', region: 'mars', loginPopup: 'maybe', requestTimeoutMs: 'x' });
    expect(errors.map((error) => error.split(':')[0])).toEqual(['amazon.colour', 'amazon.ccpUrl', 'amazon.region', 'amazon.loginPopup', 'amazon.requestTimeoutMs']);
  });
});

describe('the amazon vendor in the toolbar configuration', () => {
  const file: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/config/toolbar.json'), 'utf8'));

  function amazonSectionFor(search: string): Record<string, unknown> {
    const resolved = resolveConfig(file, search, 'https://toolbar.example.com/');
    if (!resolved.ok) throw new Error(resolved.errors.join('\n'));
    expect(resolved.config.vendor).toBe('amazon');
    return resolved.config.vendorOptions.amazon ?? {};
  }

  it('is chosen with ?vendor=amazon and configured by "amazon.key" URL parameters, as text', async () => {
    const section = amazonSectionFor(`?vendor=amazon&amazon.ccpUrl=${encodeURIComponent(CCP_URL)}&amazon.region=eu-west-2&amazon.loginPopup=false&amazon.requestTimeoutMs=2500`);
    expect(parseAmazonOptions(section)).toMatchObject({ ok: true, options: { ccpUrl: CCP_URL, region: 'eu-west-2', loginPopup: false, requestTimeoutMs: 2500 } });

    const vendor = await createVendor('amazon', section);
    expect(vendor.ok && vendor.vendor).toBeInstanceOf(AmazonVendorHandler);
    expect(vendor.ok && vendor.vendor?.displayName).toBe('Amazon Connect');
    expect(vendor.ok && vendor.vendor?.capabilities).toEqual({ outboundCalls: true, afterCallWork: true, hold: true, mute: true, digits: true, transfer: true, conference: true, transferDirectory: true, notReadyReasons: true });
  });

  it('stops the toolbar with the key named when ccpUrl is missing or a parameter is wrong', async () => {
    await expect(createVendor('amazon', amazonSectionFor('?vendor=amazon'))).resolves.toEqual({
      ok: false,
      errors: ["amazon.ccpUrl: required: the address of your instance's CCP, e.g. https://example.my.connect.aws/ccp-v2/"],
    });
    await expect(createVendor('amazon', amazonSectionFor(`?vendor=amazon&amazon.ccpUrl=${encodeURIComponent(CCP_URL)}&amazon.startTimeoutMs=fast`))).resolves.toEqual({
      ok: false,
      errors: ['amazon.startTimeoutMs: must be a whole number of milliseconds from 1000 to 600000, got "fast"'],
    });
  });
});
