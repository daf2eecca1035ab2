/**
 * The `genesys.gwsSignIn` section: with the bridge's Workspace backend, the agent signs in with Genesys itself (GWS's
 * Authentication API, in a window the toolbar opens) and the bridge exchanges the code as GWS's client. From the JSON
 * file as an object, or from URL parameters as `genesys.gwsSignIn.<key>=…`; every error names its key.
 */
import { milliseconds, unknownKeys } from '../vendor/optionValues';
import { CLIENT_ID, serviceUrl, text } from './signInOptions';

export interface GwsSignInOptions {
  /** Where GWS answers (its Authentication API under /auth/v3), without a trailing slash. */
  readonly baseUrl: string;
  /** The client id the bridge exchanges codes as (the bridge's workspace.clientId). */
  readonly clientId: string;
  /** How long before the access token expires it is renewed. */
  readonly renewBeforeMs: number;
  /** How long the agent has to finish signing in, once the window opened. */
  readonly timeoutMs: number;
}

export const GWS_SIGN_IN_DEFAULTS = { renewBeforeMs: 60_000, timeoutMs: 300_000 } as const;

export const GWS_SIGN_IN_KEYS = ['baseUrl', 'clientId', 'renewBeforeMs', 'timeoutMs'] as const;

/** The section from its raw values (URL parameters merged in); undefined, with errors pushed, when it is wrong. */
export function parseGwsSignInOptions(raw: Readonly<Record<string, unknown>>, errors: string[]): GwsSignInOptions | undefined {
  const before = errors.length;
  const label = (key: string): string => `genesys.gwsSignIn.${key}`;
  unknownKeys('genesys.gwsSignIn', raw, GWS_SIGN_IN_KEYS, errors);
  const baseUrl = serviceUrl(raw.baseUrl, label('baseUrl'), errors, 'where Genesys Web Services answers, e.g. https://gws.example.com, as the bridge\'s workspace.baseUrl');
  const clientId = text(raw.clientId, label('clientId'), errors, CLIENT_ID, 'the client id at Genesys\' Authentication API, as the bridge\'s workspace.clientId');
  const renewBeforeMs = milliseconds(label('renewBeforeMs'), raw.renewBeforeMs, [5_000, 3_600_000], errors) ?? GWS_SIGN_IN_DEFAULTS.renewBeforeMs;
  const timeoutMs = milliseconds(label('timeoutMs'), raw.timeoutMs, [10_000, 3_600_000], errors) ?? GWS_SIGN_IN_DEFAULTS.timeoutMs;
  if (errors.length > before || baseUrl === undefined || clientId === undefined) return undefined;
  return { baseUrl: baseUrl.replace(/\/+$/, ''), clientId, renewBeforeMs, timeoutMs };
}
