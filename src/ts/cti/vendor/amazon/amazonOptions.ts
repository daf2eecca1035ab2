/**
 * The `amazon` section of the toolbar's configuration: where the agent's CCP is, and how Streams frames it. Nothing
 * about the instance is in code (the tutorial's hard-coded CCP address and region are exactly what this replaces).
 * Every error names its key as `amazon.<key>`.
 */
import { isSupportedCountry } from 'libphonenumber-js';
import { flag, isLoopback, milliseconds, show, unknownKeys } from '../optionValues';

export interface AmazonOptions {
  /** The instance's CCP, e.g. https://example.my.connect.aws/ccp-v2/. */
  readonly ccpUrl: string;
  /** The instance's AWS region, e.g. eu-west-2 (Streams needs it for chat; voice works without). */
  readonly region?: string;
  /** A SAML sign-in address, when the instance signs agents in through an identity provider. */
  readonly loginUrl?: string;
  /** Opens Amazon Connect's sign-in window when the agent is not signed in. */
  readonly loginPopup: boolean;
  /** Closes that window once the agent signed in. */
  readonly loginPopupAutoClose: boolean;
  /** Lets the framed CCP own the softphone's audio (it needs microphone and autoplay permission through every frame). */
  readonly allowFramedSoftphone: boolean;
  readonly disableRingtone: boolean;
  /** The agent state "Available" means, by name; absent: the first routable state. */
  readonly availableState?: string;
  /** The agent state "Unavailable" means, by name; absent: the first not-routable state, else the offline one. */
  readonly unavailableState?: string;
  /**
   * The country of numbers dialed without their country code ("(650) 555-0100"), as an ISO 3166-1 alpha-2 code (US,
   * GB); absent: only numbers in international form (+ and country code) are dialed. Amazon Connect dials E.164 only.
   */
  readonly defaultCountry?: string;
  /** Streams' own timers: first acknowledgement, keep-alive, CCP load. */
  readonly ccpAckTimeoutMs: number;
  readonly ccpSynTimeoutMs: number;
  readonly ccpLoadTimeoutMs: number;
  /** How long start() waits for the agent's first snapshot (signing in through the popup included). */
  readonly startTimeoutMs: number;
  /** How long an Amazon Connect request (accept, hang up, state change, dial) may take. */
  readonly requestTimeoutMs: number;
}

export type AmazonOptionsResult = { readonly ok: true; readonly options: AmazonOptions } | { readonly ok: false; readonly errors: readonly string[] };

export const AMAZON_DEFAULTS = {
  loginPopup: true,
  loginPopupAutoClose: true,
  allowFramedSoftphone: true,
  disableRingtone: false,
  ccpAckTimeoutMs: 3000,
  ccpSynTimeoutMs: 1000,
  ccpLoadTimeoutMs: 5000,
  startTimeoutMs: 30_000,
  requestTimeoutMs: 10_000,
} as const;

const KEYS = [
  'ccpUrl',
  'region',
  'loginUrl',
  'loginPopup',
  'loginPopupAutoClose',
  'allowFramedSoftphone',
  'disableRingtone',
  'availableState',
  'unavailableState',
  'defaultCountry',
  'ccpAckTimeoutMs',
  'ccpSynTimeoutMs',
  'ccpLoadTimeoutMs',
  'startTimeoutMs',
  'requestTimeoutMs',
] as const;

const RANGES = {
  ccpAckTimeoutMs: [500, 60_000],
  ccpSynTimeoutMs: [500, 60_000],
  ccpLoadTimeoutMs: [1000, 120_000],
  startTimeoutMs: [1000, 600_000],
  requestTimeoutMs: [100, 120_000],
} as const;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const MAX_NAME = 128;

/** The CCP and sign-in pages: https, or http on this machine (the CCP emulator); no credentials in the address. */
function pageUrl(key: 'ccpUrl' | 'loginUrl', value: unknown, errors: string[]): string | undefined {
  const label = `amazon.${key}`;
  if (typeof value !== 'string' || value.trim() === '' || value.length > 2048) {
    errors.push(`${label}: must be an https address, e.g. https://example.my.connect.aws/ccp-v2/, got ${show(value)}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    errors.push(`${label}: "${value}" is not an absolute address (e.g. https://example.my.connect.aws/ccp-v2/)`);
    return undefined;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    errors.push(`${label}: "${value}" must use https (http only on this machine)`);
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    errors.push(`${label}: "${value}" must not hold a user name or password`);
    return undefined;
  }
  return url.href;
}

function stateName(key: 'availableState' | 'unavailableState', value: unknown, errors: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_NAME) {
    errors.push(`amazon.${key}: must be the name of an agent state, got ${show(value)}`);
    return undefined;
  }
  return value.trim();
}

/** A country libphonenumber-js has numbering rules for, by its ISO 3166-1 alpha-2 code (any case in, upper case out). */
function country(value: unknown, errors: string[]): string | undefined {
  if (value === undefined) return undefined;
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (/^[A-Z]{2}$/.test(code) && isSupportedCountry(code)) return code;
  errors.push(`amazon.defaultCountry: must be a two-letter ISO 3166 country code whose numbers can be dialed, such as US or GB, got ${show(value)}`);
  return undefined;
}

/** Validates the `amazon` section. */
export function parseAmazonOptions(raw: Readonly<Record<string, unknown>> = {}): AmazonOptionsResult {
  const errors: string[] = [];
  unknownKeys('amazon', raw, KEYS, errors);
  if (raw.ccpUrl === undefined) errors.push('amazon.ccpUrl: required: the address of your instance\'s CCP, e.g. https://example.my.connect.aws/ccp-v2/');
  const ccpUrl = raw.ccpUrl === undefined ? undefined : pageUrl('ccpUrl', raw.ccpUrl, errors);
  const loginUrl = raw.loginUrl === undefined ? undefined : pageUrl('loginUrl', raw.loginUrl, errors);
  let region: string | undefined;
  if (raw.region !== undefined) {
    if (typeof raw.region === 'string' && REGION.test(raw.region.trim())) region = raw.region.trim();
    else errors.push(`amazon.region: must be an AWS region such as eu-west-2, got ${show(raw.region)}`);
  }
  const option = <K extends keyof typeof RANGES>(key: K): number => milliseconds(`amazon.${key}`, raw[key], RANGES[key], errors) ?? AMAZON_DEFAULTS[key];
  const options = {
    ccpUrl: ccpUrl ?? '',
    ...(region ? { region } : {}),
    ...(loginUrl ? { loginUrl } : {}),
    loginPopup: flag('amazon.loginPopup', raw.loginPopup, errors) ?? AMAZON_DEFAULTS.loginPopup,
    loginPopupAutoClose: flag('amazon.loginPopupAutoClose', raw.loginPopupAutoClose, errors) ?? AMAZON_DEFAULTS.loginPopupAutoClose,
    allowFramedSoftphone: flag('amazon.allowFramedSoftphone', raw.allowFramedSoftphone, errors) ?? AMAZON_DEFAULTS.allowFramedSoftphone,
    disableRingtone: flag('amazon.disableRingtone', raw.disableRingtone, errors) ?? AMAZON_DEFAULTS.disableRingtone,
    ...optional('availableState', stateName('availableState', raw.availableState, errors)),
    ...optional('unavailableState', stateName('unavailableState', raw.unavailableState, errors)),
    ...optional('defaultCountry', country(raw.defaultCountry, errors)),
    ccpAckTimeoutMs: option('ccpAckTimeoutMs'),
    ccpSynTimeoutMs: option('ccpSynTimeoutMs'),
    ccpLoadTimeoutMs: option('ccpLoadTimeoutMs'),
    startTimeoutMs: option('startTimeoutMs'),
    requestTimeoutMs: option('requestTimeoutMs'),
  };
  if (options.availableState !== undefined && options.availableState === options.unavailableState) {
    errors.push(`amazon.unavailableState: must differ from amazon.availableState ("${options.availableState}")`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, options };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
