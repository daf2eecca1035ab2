/** Identifiers as Genesys makes them, and the fake's own secrets. */
import { randomBytes } from 'node:crypto';

/** T-Server's ConnID: 16 lowercase hex digits, e.g. 0072026cb98d140f. GWS uses it as the call's id and connId. */
export function newConnId(): string {
  return randomBytes(8).toString('hex');
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * T-Library's CallUUID (AttributeCallUUID, 7.1 and later), which GWS passes on as callUuid: 32 characters, unique
 * across sites.
 */
export function newCallUuid(): string {
  return Array.from(randomBytes(32), (byte) => BASE32[byte % 32]).join('');
}

/** Opaque, unguessable: authorization codes, tokens, session ids. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}
