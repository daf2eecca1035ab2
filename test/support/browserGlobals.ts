/**
 * What every browser the toolbar runs in has and jsdom lacks: TextEncoder and TextDecoder, which oauth4webapi (the
 * toolbar's sign-in) uses from the moment it loads. Node's own are the WHATWG Encoding Standard's, as browsers' are.
 */
import { TextDecoder, TextEncoder } from 'node:util';

const scope = globalThis as { TextEncoder?: unknown; TextDecoder?: unknown };
scope.TextEncoder ??= TextEncoder;
scope.TextDecoder ??= TextDecoder;
