import type { ICtiVendorHandler } from './ICtiVendorHandler';
import { GenesysVendorHandler } from './genesys/genesysVendorHandler';
import { parseGenesysOptions } from './genesys/genesysOptions';
import type { SignInOptions } from '../signin/signInOptions';
import type { GwsSignInOptions } from '../signin/gwsSignInOptions';
import type { TokenSignIn } from '../signin/tokenSignIn';
import { messageOf } from '../core/errors';

/**
 * The vendors this build of the toolbar can drive. A vendor adds its name here and a factory below that
 * validates its own configuration section; 'none' runs the toolbar without telephony.
 */
export const VENDOR_NAMES = ['none', 'genesys', 'amazon'] as const;
export type VendorName = (typeof VENDOR_NAMES)[number];

export type VendorResult = { readonly ok: true; readonly vendor: ICtiVendorHandler | null } | { readonly ok: false; readonly errors: readonly string[] };

/**
 * A part of the toolbar that only some configurations run (a vendor's handler, a sign-in flow with its OpenID
 * library) did not load: the network failed, or a deployment lacks the file. `part` names it for people; the
 * message adds the modules RequireJS could not load (its error's requireModules), or the error's own words.
 */
export class PartNotLoadedError extends Error {
  constructor(
    readonly part: string,
    readonly failure: unknown,
  ) {
    const modules = (failure as { requireModules?: unknown } | null)?.requireModules;
    super(`${part} did not load (${Array.isArray(modules) && modules.length > 0 ? modules.join(', ') : messageOf(failure)})`);
    this.name = 'PartNotLoadedError';
  }
}

/**
 * Loads what only some configurations run, when the configuration names it: a dynamic import(), which TypeScript
 * compiles for RequireJS to require([...]) at run time, so the release build leaves it out of js/bundle.js (its own
 * bundle holds it, scripts/lazy-bundles.js).
 */
async function loadPart<T>(part: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    throw new PartNotLoadedError(part, err);
  }
}

/** The OpenID sign-in (oauth4webapi with it), only where genesys.signIn is configured. */
async function oidcFlow(options: SignInOptions): Promise<TokenSignIn> {
  const [{ OidcSignIn }, { browserSignInEnvironment }] = await loadPart('The sign-in', () => Promise.all([import('../signin/oidcSignIn'), import('../signin/signInWindow')]));
  return new OidcSignIn(options, browserSignInEnvironment());
}

/** Signing in with Genesys (oauth4webapi with it), only where genesys.gwsSignIn is configured. */
async function gwsFlow(options: GwsSignInOptions, bridgeUrl: string): Promise<TokenSignIn> {
  const [{ GwsSignIn }, { browserSignInEnvironment }] = await loadPart('The sign-in', () => Promise.all([import('../signin/gwsSignIn'), import('../signin/signInWindow')]));
  return new GwsSignIn(options, bridgeUrl, browserSignInEnvironment());
}

type VendorFactory = (options: Readonly<Record<string, unknown>>) => Promise<VendorResult>;

const FACTORIES: Record<VendorName, VendorFactory> = {
  none: async () => ({ ok: true, vendor: null }),
  genesys: async (options) => {
    const parsed = parseGenesysOptions(options);
    if (!parsed.ok) return parsed;
    const { signIn, gwsSignIn, bridgeUrl } = parsed.options;
    // At most one of them: parseGenesysOptions refuses both.
    const flow = signIn ? await oidcFlow(signIn) : gwsSignIn ? await gwsFlow(gwsSignIn, bridgeUrl) : undefined;
    return { ok: true, vendor: new GenesysVendorHandler(parsed.options, Math.random, flow) };
  },
  amazon: async (options) => {
    // Its options too: they check a country with libphonenumber-js, which Amazon's handler loads with it.
    const [{ parseAmazonOptions }, { AmazonVendorHandler }] = await loadPart("Amazon Connect's handler", () =>
      Promise.all([import('./amazon/amazonOptions'), import('./amazon/amazonVendorHandler')]),
    );
    const parsed = parseAmazonOptions(options);
    return parsed.ok ? { ok: true, vendor: new AmazonVendorHandler(parsed.options) } : parsed;
  },
};

/**
 * Builds the configured vendor's handler from its configuration section (errors name the bad keys), loading that
 * vendor's code, and a sign-in flow's, only when the configuration names them. Rejects with PartNotLoadedError when
 * one of them does not load.
 */
export function createVendor(name: VendorName, options: Readonly<Record<string, unknown>> = {}): Promise<VendorResult> {
  return FACTORIES[name](options);
}
