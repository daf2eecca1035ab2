/**
 * The toolbar's configuration: a JSON file served with the app (config/toolbar.json), overridden by query
 * parameters of the toolbar URL (Fusion's toolbar configuration holds that URL). Validated by hand: a dozen
 * keys do not justify loading a schema library into the toolbar; every error names its key.
 */
import { messageOf } from '../core/errors';
import { ORACLE_UEF_CLIENT_URL } from '../fusion/uefLoader';
import { VENDOR_NAMES, VendorName } from '../vendor/registry';

export interface ToolbarConfig {
  /** Which telephony vendor the toolbar drives; 'none' runs the toolbar without one. */
  readonly vendor: VendorName;
  /** Where the UEF client script comes from: Oracle's CDN, or a path on the toolbar's own server. */
  readonly uefClientUrl: string;
  /** The application name given to UEF's initialize(). */
  readonly applicationName: string;
  readonly appClassification: 'ORA_SERVICE' | 'ORA_SALES' | 'ORA_HRHD';
  readonly phoneLineId: string;
  /** Each vendor's own section (e.g. "genesys": {...}), validated by that vendor's handler. */
  readonly vendorOptions: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export type ConfigResult = { readonly ok: true; readonly config: ToolbarConfig } | { readonly ok: false; readonly errors: readonly string[] };

export const CONFIG_FILE = 'config/toolbar.json';

export const DEFAULTS: Omit<ToolbarConfig, 'vendorOptions'> = {
  vendor: 'none',
  uefClientUrl: ORACLE_UEF_CLIENT_URL,
  applicationName: 'FusionMediaToolbar',
  appClassification: 'ORA_SERVICE',
  phoneLineId: '1',
};

const APP_CLASSIFICATIONS = ['ORA_SERVICE', 'ORA_SALES', 'ORA_HRHD'] as const;
const TOP_LEVEL_KEYS = Object.keys(DEFAULTS);
/** Fusion's own CDN: the only outside host the toolbar may load a script from. */
const ORACLE_CDN_ORIGIN = 'https://static.oracle.com';

type Raw = Record<string, unknown>;

function isObject(value: unknown): value is Raw {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function nonEmptyString(raw: Raw, key: string, errors: string[]): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 2048) {
    errors.push(`${key}: must be a non-empty text, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value.trim();
}

function oneOf<T extends string>(raw: Raw, key: string, allowed: readonly T[], errors: string[]): T | undefined {
  const value = nonEmptyString(raw, key, errors);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    errors.push(`${key}: "${value}" is not one of ${allowed.join(', ')}`);
    return undefined;
  }
  return value as T;
}

/** A script address is accepted only from Oracle's CDN or the toolbar's own origin: a crafted URL must not load code. */
function scriptUrl(raw: Raw, key: string, baseUrl: string, errors: string[]): string | undefined {
  const value = nonEmptyString(raw, key, errors);
  if (value === undefined) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(value, baseUrl);
  } catch {
    errors.push(`${key}: "${value}" is not an address`);
    return undefined;
  }
  const own = new URL(baseUrl).origin;
  if (resolved.origin !== own && resolved.origin !== ORACLE_CDN_ORIGIN) {
    errors.push(`${key}: "${value}" must be on ${ORACLE_CDN_ORIGIN} or on the toolbar's own server`);
    return undefined;
  }
  return resolved.href;
}

/** Query parameters that override the file: top-level keys, and "section.key" for a vendor's section. */
export function overridesFrom(search: string): Raw {
  const overrides: Raw = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const dot = key.indexOf('.');
    if (dot < 0) {
      if (TOP_LEVEL_KEYS.includes(key)) overrides[key] = value;
      continue; // Fusion adds parameters of its own (oraParentFrame, …): not ours.
    }
    const section = key.slice(0, dot);
    if (!(VENDOR_NAMES as readonly string[]).includes(section) || section === 'none') continue;
    const existing = overrides[section];
    overrides[section] = { ...(isObject(existing) ? existing : {}), [key.slice(dot + 1)]: value };
  }
  return overrides;
}

/** Merges the file with the URL's overrides and validates the result. */
export function resolveConfig(file: unknown, search: string, baseUrl: string): ConfigResult {
  if (!isObject(file)) return { ok: false, errors: [`${CONFIG_FILE}: must hold a JSON object`] };
  const errors: string[] = [];
  const overrides = overridesFrom(search);
  const merged: Raw = { ...file, ...overrides };
  const vendorOptions: Record<string, Raw> = {};
  for (const key of Object.keys(file)) {
    if (TOP_LEVEL_KEYS.includes(key)) continue;
    if ((VENDOR_NAMES as readonly string[]).includes(key) && key !== 'none') {
      if (!isObject(file[key])) errors.push(`${key}: must be an object of that vendor's options`);
      else vendorOptions[key] = { ...file[key], ...(isObject(overrides[key]) ? overrides[key] : {}) };
      continue;
    }
    errors.push(`${key}: unknown key (known: ${[...TOP_LEVEL_KEYS, ...VENDOR_NAMES.filter((v) => v !== 'none')].join(', ')})`);
  }
  for (const [key, value] of Object.entries(overrides)) if (isObject(value) && !vendorOptions[key]) vendorOptions[key] = value;

  const config: ToolbarConfig = {
    vendor: oneOf(merged, 'vendor', VENDOR_NAMES, errors) ?? DEFAULTS.vendor,
    uefClientUrl: scriptUrl(merged, 'uefClientUrl', baseUrl, errors) ?? DEFAULTS.uefClientUrl,
    applicationName: nonEmptyString(merged, 'applicationName', errors) ?? DEFAULTS.applicationName,
    appClassification: oneOf(merged, 'appClassification', APP_CLASSIFICATIONS, errors) ?? DEFAULTS.appClassification,
    phoneLineId: nonEmptyString(merged, 'phoneLineId', errors) ?? DEFAULTS.phoneLineId,
    vendorOptions,
  };
  return errors.length ? { ok: false, errors } : { ok: true, config };
}

/** Fetches the configuration file and resolves it against the toolbar URL. */
export async function loadConfig(location: { search: string; href: string }, fetchFn: typeof fetch = fetch): Promise<ConfigResult> {
  let file: unknown;
  try {
    // The browser's default cache mode, so that index.html's preload of the file is the answer (a fetch asking for
    // another mode may not take it, and fetch it again); the server says the file is revalidated on every load
    // (Cache-Control: no-cache, as index.html is: deploy/nginx/toolbar.conf.template).
    const response = await fetchFn(CONFIG_FILE);
    if (!response.ok) return { ok: false, errors: [`${CONFIG_FILE}: could not be loaded (HTTP ${response.status})`] };
    const text = await response.text();
    try {
      file = JSON.parse(text);
    } catch (err) {
      return { ok: false, errors: [`${CONFIG_FILE}: is not valid JSON (${messageOf(err)})`] };
    }
  } catch (err) {
    return { ok: false, errors: [`${CONFIG_FILE}: could not be loaded (${messageOf(err)})`] };
  }
  return resolveConfig(file, location.search, location.href);
}
