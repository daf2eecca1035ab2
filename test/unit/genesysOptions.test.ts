import * as fs from 'fs';
import * as path from 'path';
import { GENESYS_DEFAULTS, MAX_NOT_READY_REASONS, parseGenesysOptions } from '../../src/ts/cti/vendor/genesys/genesysOptions';
import { resolveConfig } from '../../src/ts/cti/config/toolbarConfig';
import { createVendor } from '../../src/ts/cti/vendor/registry';
import { GenesysVendorHandler } from '../../src/ts/cti/vendor/genesys/genesysVendorHandler';

describe('parseGenesysOptions', () => {
  it('fills in the development defaults for an empty section', () => {
    expect(parseGenesysOptions({})).toEqual({
      ok: true,
      options: {
        bridgeUrl: 'http://127.0.0.1:8087',
        eventsUrl: 'http://127.0.0.1:8087/genesys/events',
        wsUrl: 'ws://127.0.0.1:8087/genesysWs',
        reconnectMinMs: GENESYS_DEFAULTS.reconnectMinMs,
        reconnectMaxMs: GENESYS_DEFAULTS.reconnectMaxMs,
        requestTimeoutMs: GENESYS_DEFAULTS.requestTimeoutMs,
        notReadyReasons: [],
      },
    });
  });

  it.each([
    ['http://127.0.0.1:8087/', 'http://127.0.0.1:8087', 'ws://127.0.0.1:8087/genesysWs'],
    ['https://cti.example.com', 'https://cti.example.com', 'wss://cti.example.com/genesysWs'],
    ['https://cti.example.com:8443/bridge/', 'https://cti.example.com:8443/bridge', 'wss://cti.example.com:8443/bridge/genesysWs'],
    ['  HTTP://LOCALHOST:9000  ', 'http://localhost:9000', 'ws://localhost:9000/genesysWs'],
  ])('derives the addresses from bridgeUrl %j', (bridgeUrl, base, wsUrl) => {
    const result = parseGenesysOptions({ bridgeUrl });
    expect(result).toMatchObject({ ok: true, options: { bridgeUrl: base, eventsUrl: `${base}/genesys/events`, wsUrl } });
  });

  it('takes numbers as numbers or as the numeric text of URL parameters', () => {
    const result = parseGenesysOptions({ reconnectMinMs: '250', reconnectMaxMs: 4000, requestTimeoutMs: ' 3000 ' });
    expect(result).toMatchObject({ ok: true, options: { reconnectMinMs: 250, reconnectMaxMs: 4000, requestTimeoutMs: 3000 } });
  });

  it('keeps a token address, query included', () => {
    const result = parseGenesysOptions({ bridgeUrl: 'https://cti.example.com', tokenUrl: 'https://sso.example.com/token?aud=bridge' });
    expect(result).toMatchObject({ ok: true, options: { tokenUrl: 'https://sso.example.com/token?aud=bridge' } });
  });

  it('allows plain http for tokens on loopback (development)', () => {
    const result = parseGenesysOptions({ bridgeUrl: 'http://127.0.0.1:8087', tokenUrl: 'http://127.0.0.1:8087/simulator/token?agent=agent1' });
    expect(result.ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown key', { bridgeUrl: 'http://127.0.0.1:8087', brigdeUrl: 'x' }, 'genesys.brigdeUrl: unknown key (known: bridgeUrl, tokenUrl, signIn, gwsSignIn, reconnectMinMs, reconnectMaxMs, requestTimeoutMs, notReadyReasons)'],
    ['a bridgeUrl that is not text', { bridgeUrl: 8087 }, 'genesys.bridgeUrl: must be an http or https address, got 8087'],
    ['an empty bridgeUrl', { bridgeUrl: '' }, 'genesys.bridgeUrl: must be an http or https address, got ""'],
    ['a relative bridgeUrl', { bridgeUrl: '/bridge' }, 'genesys.bridgeUrl: "/bridge" is not an absolute address (e.g. https://bridge.example.com)'],
    ['a ws bridgeUrl', { bridgeUrl: 'ws://127.0.0.1:8087' }, 'genesys.bridgeUrl: "ws://127.0.0.1:8087" must use http or https'],
    ['a javascript: bridgeUrl', { bridgeUrl: 'javascript:alert(1)' }, 'genesys.bridgeUrl: "javascript:alert(1)" must use http or https'],
    ['credentials in bridgeUrl', { bridgeUrl: 'https://me:secret@cti.example.com' }, 'genesys.bridgeUrl: "https://me:secret@cti.example.com" must not hold a user name or password'],
    ['a query in bridgeUrl', { bridgeUrl: 'https://cti.example.com/?x=1' }, 'genesys.bridgeUrl: "https://cti.example.com/?x=1" must not have a query or fragment'],
    ['a tokenUrl that is not an address', { tokenUrl: 'token' }, 'genesys.tokenUrl: "token" is not an absolute address (e.g. https://bridge.example.com)'],
    ['tokens over plain http to another host', { bridgeUrl: 'http://cti.example.com', tokenUrl: 'https://sso.example.com/t' }, 'genesys.bridgeUrl: must use https when genesys.tokenUrl is set, got "http://cti.example.com/"'],
    ['a token service over plain http', { bridgeUrl: 'https://cti.example.com', tokenUrl: 'http://sso.example.com/t' }, 'genesys.tokenUrl: must use https (it hands out the agent\'s credential), got "http://sso.example.com/t"'],
    ['a negative delay', { reconnectMinMs: -5 }, 'genesys.reconnectMinMs: must be a whole number of milliseconds from 10 to 60000, got -5'],
    ['a fractional delay', { reconnectMinMs: 12.5 }, 'genesys.reconnectMinMs: must be a whole number of milliseconds from 10 to 60000, got 12.5'],
    ['a delay in words', { reconnectMaxMs: 'soon' }, 'genesys.reconnectMaxMs: must be a whole number of milliseconds from 10 to 600000, got "soon"'],
    ['a delay with a unit', { requestTimeoutMs: '10s' }, 'genesys.requestTimeoutMs: must be a whole number of milliseconds from 100 to 120000, got "10s"'],
    ['a timeout too short', { requestTimeoutMs: 5 }, 'genesys.requestTimeoutMs: must be a whole number of milliseconds from 100 to 120000, got 5'],
    ['a maximum under the minimum', { reconnectMinMs: 2000, reconnectMaxMs: '1000' }, 'genesys.reconnectMaxMs: must not be less than genesys.reconnectMinMs (2000), got 1000'],
  ])('refuses %s, naming the key', (_what, raw, error) => {
    expect(parseGenesysOptions(raw)).toEqual({ ok: false, errors: [error] });
  });

  it('names every bad key at once', () => {
    const result = parseGenesysOptions({ bridgeUrl: 'ftp://x', requestTimeoutMs: 'x', colour: 'red' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.split(':')[0])).toEqual(['genesys.colour', 'genesys.bridgeUrl', 'genesys.requestTimeoutMs']);
  });
});

describe('genesys.notReadyReasons', () => {
  const LUNCH = { code: 'Lunch', name: 'Lunch' };
  const BREAK = { code: '12 BRK', name: 'Short break' };
  const errorsOf = (notReadyReasons: unknown) => {
    const result = parseGenesysOptions({ notReadyReasons });
    return result.ok ? [] : result.errors;
  };

  it('takes the reasons in their order, and none when absent or empty', () => {
    expect(parseGenesysOptions({ notReadyReasons: [LUNCH, BREAK] })).toMatchObject({ ok: true, options: { notReadyReasons: [LUNCH, BREAK] } });
    expect(parseGenesysOptions({ notReadyReasons: [] })).toMatchObject({ ok: true, options: { notReadyReasons: [] } });
    expect(parseGenesysOptions({})).toMatchObject({ ok: true, options: { notReadyReasons: [] } });
  });

  it('takes them as the JSON text of a URL parameter', () => {
    const resolved = resolveConfig({ vendor: 'genesys', genesys: {} }, `?genesys.notReadyReasons=${encodeURIComponent(JSON.stringify([BREAK, LUNCH]))}`, 'https://toolbar.example.com/');
    expect(resolved.ok).toBe(true);
    if (!resolved.ok) return;
    expect(parseGenesysOptions(resolved.config.vendorOptions.genesys)).toMatchObject({ ok: true, options: { notReadyReasons: [BREAK, LUNCH] } });
  });

  it('takes as many reasons as the cap, and refuses one more', () => {
    const many = Array.from({ length: MAX_NOT_READY_REASONS + 1 }, (_, i) => ({ code: `R${i}`, name: `Reason ${i}` }));
    expect(parseGenesysOptions({ notReadyReasons: many.slice(0, MAX_NOT_READY_REASONS) }).ok).toBe(true);
    expect(errorsOf(many)).toEqual([`genesys.notReadyReasons: at most ${MAX_NOT_READY_REASONS} reasons, got ${MAX_NOT_READY_REASONS + 1}`]);
  });

  const CODE_RULE = 'must be the reason code Genesys is sent, a printable, non-blank text of 1 to 64 characters, of letters, digits, spaces and punctuation';
  const NAME_RULE = 'must be what the agent reads, a printable, non-blank text of 1 to 64 characters';
  it.each<[string, unknown, string[]]>([
    ['an object', { Lunch: 'Lunch' }, ['genesys.notReadyReasons: must be an array of {"code", "name"} reasons, got {"Lunch":"Lunch"}']],
    ['a list in words', 'Lunch, Break', ['genesys.notReadyReasons: must be an array of {"code", "name"} reasons (in a URL parameter, its JSON text), got "Lunch, Break"']],
    ['JSON text of something else', '{"code":"Lunch"}', ['genesys.notReadyReasons: must be an array of {"code", "name"} reasons, got {"code":"Lunch"}']],
    ['an entry that is not an object', [LUNCH, 'Break'], ['genesys.notReadyReasons[1]: must be an object {"code", "name"}, got "Break"']],
    ['an entry that is a list', [['Break', 'Break']], ['genesys.notReadyReasons[0]: must be an object {"code", "name"}, got ["Break","Break"]']],
    ['an entry with an unknown key', [{ ...LUNCH, colour: 'red' }], ['genesys.notReadyReasons[0].colour: unknown key (known: code, name)']],
    ['a missing code', [{ name: 'Lunch' }], [`genesys.notReadyReasons[0].code: ${CODE_RULE}, got undefined`]],
    ['a numeric code', [{ code: 12, name: 'Lunch' }], [`genesys.notReadyReasons[0].code: ${CODE_RULE}, got 12`]],
    ['an empty code', [{ code: '', name: 'Lunch' }], [`genesys.notReadyReasons[0].code: ${CODE_RULE}, got ""`]],
    ['a blank code', [{ code: '   ', name: 'Lunch' }], [`genesys.notReadyReasons[0].code: ${CODE_RULE}, got "   "`]],
    ['a code with a control character', [{ code: 'Lunch\n', name: 'Lunch' }], [`genesys.notReadyReasons[0].code: ${CODE_RULE}, got "Lunch\\n"`]],
    ['a code the toolbar could not take back (a combining mark)', [{ code: 'Lunch\u0301', name: 'Lunch' }], [`genesys.notReadyReasons[0].code: ${CODE_RULE}, got "Lunch\u0301"`]],
    ['a code over 64 characters', [{ code: 'x'.repeat(65), name: 'Lunch' }], [`genesys.notReadyReasons[0].code: ${CODE_RULE}, got "${'x'.repeat(65)}"`]],
    ['a missing name', [{ code: 'Lunch' }], [`genesys.notReadyReasons[0].name: ${NAME_RULE}, got undefined`]],
    ['an empty name', [{ code: 'Lunch', name: '' }], [`genesys.notReadyReasons[0].name: ${NAME_RULE}, got ""`]],
    ['a blank name', [{ code: 'Lunch', name: ' \u00a0 ' }], [`genesys.notReadyReasons[0].name: ${NAME_RULE}, got " \u00a0 "`]],
    ['a name with a control character', [{ code: 'Lunch', name: 'Lu\u0007nch' }], [`genesys.notReadyReasons[0].name: ${NAME_RULE}, got "Lu\\u0007nch"`]],
    ['a name over 64 characters', [{ code: 'Lunch', name: 'n'.repeat(65) }], [`genesys.notReadyReasons[0].name: ${NAME_RULE}, got "${'n'.repeat(65)}"`]],
    ['a code listed twice', [LUNCH, BREAK, { code: 'Lunch', name: 'Dinner' }], ['genesys.notReadyReasons[2].code: "Lunch" is listed already, at [0]']],
  ])('refuses %s, naming the entry and the key', (_what, value, errors) => {
    expect(errorsOf(value)).toEqual(errors);
  });

  it('names every bad entry at once', () => {
    expect(errorsOf([{ code: '', name: '' }, 7, LUNCH, LUNCH]).map((e) => e.split(':')[0])).toEqual([
      'genesys.notReadyReasons[0].code',
      'genesys.notReadyReasons[0].name',
      'genesys.notReadyReasons[1]',
      'genesys.notReadyReasons[3].code',
    ]);
  });
});

describe('genesys.signIn', () => {
  const SIGN_IN = { issuer: 'https://login.example.com', clientId: 'media-toolbar' };

  it('takes the issuer and the client id, with the defaults for the rest', () => {
    expect(parseGenesysOptions({ bridgeUrl: 'https://cti.example.com', signIn: SIGN_IN })).toMatchObject({
      ok: true,
      options: { signIn: { ...SIGN_IN, scope: 'openid profile offline_access', agentClaim: 'sub', bridgeToken: 'id', renewBeforeMs: 60_000, timeoutMs: 300_000, consentPrompt: true } },
    });
  });

  it('takes genesys.signIn.<key> URL parameters over the file\'s object, and alone', () => {
    const { config } = resolveConfig({ vendor: 'genesys', genesys: { signIn: { ...SIGN_IN, scope: 'openid' } } }, '?genesys.signIn.clientId=other&genesys.signIn.agentClaim=preferred_username', 'https://toolbar.example.com/index.html') as {
      config: { vendorOptions: Record<string, Record<string, unknown>> };
    };
    expect(parseGenesysOptions(config.vendorOptions.genesys)).toMatchObject({
      ok: true,
      options: { signIn: { issuer: SIGN_IN.issuer, clientId: 'other', scope: 'openid', agentClaim: 'preferred_username' } },
    });
    expect(parseGenesysOptions({ 'signIn.issuer': 'http://127.0.0.1:8090', 'signIn.clientId': 'media-toolbar' })).toMatchObject({ ok: true, options: { signIn: { issuer: 'http://127.0.0.1:8090' } } });
  });

  it('names each bad key', () => {
    const result = parseGenesysOptions({
      bridgeUrl: 'http://cti.example.com',
      tokenUrl: 'https://sso.example.com/token',
      signIn: { issuer: 'http://login.example.com', scope: 'profile', bridgeToken: 'refresh', renewBeforeMs: 10, popup: true },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        'genesys.signIn.popup: unknown key (known: issuer, clientId, scope, agentClaim, bridgeToken, renewBeforeMs, timeoutMs, consentPrompt)',
        'genesys.signIn.issuer: must use https (http only on loopback, for development), got "http://login.example.com/"',
        'genesys.signIn.clientId: is required (the toolbar\'s client id at the provider)',
        'genesys.signIn.scope: must be scopes separated by spaces, openid among them (e.g. "openid profile offline_access"), got "profile"',
        'genesys.signIn.bridgeToken: must be "id" (the ID token) or "access" (the access token), got "refresh"',
        'genesys.signIn.renewBeforeMs: must be a whole number of milliseconds from 5000 to 3600000, got 10',
        'genesys.tokenUrl: set genesys.signIn or genesys.tokenUrl, not both (signIn is the way)',
        'genesys.bridgeUrl: must use https when genesys.tokenUrl is set, got "http://cti.example.com/"',
      ],
    });
    expect(parseGenesysOptions({ signIn: 'https://login.example.com' })).toEqual({
      ok: false,
      errors: ['genesys.signIn: must be an object of sign-in settings (issuer, clientId, …), got "https://login.example.com"'],
    });
  });

  it('wants the bridge over https with it, except on loopback', () => {
    expect(parseGenesysOptions({ bridgeUrl: 'http://cti.example.com', signIn: SIGN_IN })).toEqual({
      ok: false,
      errors: ['genesys.bridgeUrl: must use https when genesys.signIn is set, got "http://cti.example.com/"'],
    });
  });
});

describe('the genesys vendor in the toolbar configuration', () => {
  const file: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/config/toolbar.json'), 'utf8'));

  it('is the default vendor of the shipped configuration, with a valid section', async () => {
    const resolved = resolveConfig(file, '', 'http://127.0.0.1:8000/index.html');
    expect(resolved).toMatchObject({ ok: true, config: { vendor: 'genesys', vendorOptions: { genesys: { bridgeUrl: 'http://127.0.0.1:8087' } } } });
    if (!resolved.ok) return;
    const vendor = await createVendor(resolved.config.vendor, resolved.config.vendorOptions.genesys);
    expect(vendor.ok && vendor.vendor).toBeInstanceOf(GenesysVendorHandler);
    expect(vendor.ok && vendor.vendor?.displayName).toBe('Genesys Engage');
    // The development configuration lists example reasons, so that `npm start` shows them.
    expect(vendor.ok && vendor.vendor?.capabilities).toEqual({ outboundCalls: true, afterCallWork: false, hold: true, mute: false, digits: true, transfer: true, conference: true, transferDirectory: false, notReadyReasons: true });
    expect(vendor.ok && (await vendor.vendor?.notReadyReasons())).toEqual([
      { code: 'Lunch', name: 'Lunch' },
      { code: 'Break', name: 'Short break' },
      { code: 'Training', name: 'Training' },
    ]);
  });

  it('offers no reasons for not taking calls unless the site lists them', async () => {
    const vendor = await createVendor('genesys', { bridgeUrl: 'http://127.0.0.1:8087' });
    expect(vendor.ok && vendor.vendor?.capabilities.notReadyReasons).toBe(false);
    await expect(vendor.ok && vendor.vendor?.notReadyReasons()).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });

  it('takes "genesys.key" URL parameters over the file, as text, and validates them', () => {
    const resolved = resolveConfig(file, '?genesys.reconnectMinMs=200&genesys.bridgeUrl=https%3A%2F%2Fcti.example.com', 'https://toolbar.example.com/');
    expect(resolved.ok).toBe(true);
    if (!resolved.ok) return;
    expect(parseGenesysOptions(resolved.config.vendorOptions.genesys)).toMatchObject({
      ok: true,
      options: { bridgeUrl: 'https://cti.example.com', wsUrl: 'wss://cti.example.com/genesysWs', reconnectMinMs: 200 },
    });
  });

  it('stops the toolbar with the key named when a parameter is wrong', async () => {
    const resolved = resolveConfig(file, '?genesys.reconnectMinMs=fast', 'https://toolbar.example.com/');
    expect(resolved.ok).toBe(true);
    if (!resolved.ok) return;
    await expect(createVendor('genesys', resolved.config.vendorOptions.genesys)).resolves.toEqual({
      ok: false,
      errors: ['genesys.reconnectMinMs: must be a whole number of milliseconds from 10 to 60000, got "fast"'],
    });
  });
});

describe('genesys.gwsSignIn', () => {
  const GWS = { baseUrl: 'https://gws.example.com/', clientId: 'media-toolbar' };

  it('takes GWS\'s address and the client id, with the defaults for the rest, from the file or URL parameters', () => {
    expect(parseGenesysOptions({ bridgeUrl: 'https://cti.example.com', gwsSignIn: GWS })).toEqual({
      ok: true,
      options: expect.objectContaining({ gwsSignIn: { baseUrl: 'https://gws.example.com', clientId: 'media-toolbar', renewBeforeMs: 60_000, timeoutMs: 300_000 } }),
    });
    expect(parseGenesysOptions({ 'gwsSignIn.baseUrl': 'http://127.0.0.1:7777', 'gwsSignIn.clientId': 'other', 'gwsSignIn.timeoutMs': '60000' })).toMatchObject({
      ok: true,
      options: { gwsSignIn: { baseUrl: 'http://127.0.0.1:7777', clientId: 'other', timeoutMs: 60_000 } },
    });
  });

  it('names each bad key, and takes no other way of signing in beside it', () => {
    expect(parseGenesysOptions({ bridgeUrl: 'http://cti.example.com', tokenUrl: 'https://sso.example.com/token', gwsSignIn: { baseUrl: 'http://gws.example.com', renewBeforeMs: 1, scope: '*' } })).toEqual({
      ok: false,
      errors: [
        'genesys.gwsSignIn.scope: unknown key (known: baseUrl, clientId, renewBeforeMs, timeoutMs)',
        'genesys.gwsSignIn.baseUrl: must use https (http only on loopback, for development), got "http://gws.example.com/"',
        'genesys.gwsSignIn.clientId: is required (the client id at Genesys\' Authentication API, as the bridge\'s workspace.clientId)',
        'genesys.gwsSignIn.renewBeforeMs: must be a whole number of milliseconds from 5000 to 3600000, got 1',
        'genesys.gwsSignIn: set one way of signing in: gwsSignIn (Genesys\' own, with the bridge\'s Workspace backend) and tokenUrl cannot go together',
        'genesys.bridgeUrl: must use https when genesys.tokenUrl is set, got "http://cti.example.com/"',
      ],
    });
    expect(parseGenesysOptions({ signIn: { issuer: 'https://login.example.com', clientId: 'x' }, gwsSignIn: GWS })).toMatchObject({
      ok: false,
      errors: ['genesys.gwsSignIn: set one way of signing in: gwsSignIn (Genesys\' own, with the bridge\'s Workspace backend) and signIn cannot go together'],
    });
    expect(parseGenesysOptions({ bridgeUrl: 'http://cti.example.com', gwsSignIn: GWS })).toEqual({
      ok: false,
      errors: ['genesys.bridgeUrl: must use https when genesys.gwsSignIn is set, got "http://cti.example.com/"'],
    });
    expect(parseGenesysOptions({ gwsSignIn: [] })).toEqual({ ok: false, errors: ['genesys.gwsSignIn: must be an object of sign-in settings (baseUrl, clientId, …), got []'] });
  });
});
