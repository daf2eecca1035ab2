import type { ICtiVendorHandler } from './ICtiVendorHandler';
import { GenesysVendorHandler } from './genesys/genesysVendorHandler';
import { parseGenesysOptions } from './genesys/genesysOptions';
import { GwsSignIn } from '../signin/gwsSignIn';
import { OidcSignIn } from '../signin/oidcSignIn';
import { browserSignInEnvironment } from '../signin/signInWindow';
import { AmazonVendorHandler } from './amazon/amazonVendorHandler';
import { parseAmazonOptions } from './amazon/amazonOptions';

/**
 * The vendors this build of the toolbar can drive. A vendor adds its name here and a factory below that
 * validates its own configuration section; 'none' runs the toolbar without telephony.
 */
export const VENDOR_NAMES = ['none', 'genesys', 'amazon'] as const;
export type VendorName = (typeof VENDOR_NAMES)[number];

export type VendorResult = { readonly ok: true; readonly vendor: ICtiVendorHandler | null } | { readonly ok: false; readonly errors: readonly string[] };

type VendorFactory = (options: Readonly<Record<string, unknown>>) => VendorResult;

const FACTORIES: Record<VendorName, VendorFactory> = {
  none: () => ({ ok: true, vendor: null }),
  genesys: (options) => {
    const parsed = parseGenesysOptions(options);
    if (!parsed.ok) return parsed;
    const { signIn, gwsSignIn, bridgeUrl } = parsed.options;
    // At most one of them: parseGenesysOptions refuses both.
    const flow = signIn ? new OidcSignIn(signIn, browserSignInEnvironment()) : gwsSignIn ? new GwsSignIn(gwsSignIn, bridgeUrl, browserSignInEnvironment()) : undefined;
    return { ok: true, vendor: new GenesysVendorHandler(parsed.options, Math.random, flow) };
  },
  amazon: (options) => {
    const parsed = parseAmazonOptions(options);
    return parsed.ok ? { ok: true, vendor: new AmazonVendorHandler(parsed.options) } : parsed;
  },
};

/** Builds the configured vendor's handler from its configuration section (errors name the bad keys). */
export function createVendor(name: VendorName, options: Readonly<Record<string, unknown>> = {}): VendorResult {
  return FACTORIES[name](options);
}
