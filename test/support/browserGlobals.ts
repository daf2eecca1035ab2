/**
 * What every browser the toolbar runs in has and jsdom lacks: TextEncoder and TextDecoder, which oauth4webapi (the
 * toolbar's sign-in) uses from the moment it loads. Node's own are the WHATWG Encoding Standard's, as browsers' are;
 * the encoder is made to encode into this realm's Uint8Array, since jest runs each test file in a realm of its own
 * and libraries (jose, oauth4webapi) check what they get with instanceof (as test/contract/bridgeInJsdom.ts does).
 */
import { TextDecoder, TextEncoder } from 'node:util';

class RealmTextEncoder extends TextEncoder {
  override encode(input?: string): Uint8Array {
    return new Uint8Array(super.encode(input));
  }
}

const scope = globalThis as { TextEncoder?: unknown; TextDecoder?: unknown };
scope.TextEncoder ??= RealmTextEncoder;
scope.TextDecoder ??= TextDecoder;
