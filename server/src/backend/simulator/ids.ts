/** Call identifiers in T-Server's formats, for the simulator. */
import { randomBytes } from 'crypto';

/**
 * A source of ConnIDs: 16 lowercase hex digits, like T-Server's (e.g. `0072026cb98d140f`). A random half per
 * source, then a counter: unique for the source's life (2^32 calls) without remembering past ids, and unlikely to
 * equal a ConnID a client kept from an earlier run.
 */
export function connIdSource(): () => string {
  const prefix = randomBytes(4).toString('hex');
  let counter = randomBytes(4).readUInt32BE(0);
  return () => {
    counter = (counter + 1) % 2 ** 32;
    return prefix + counter.toString(16).padStart(8, '0');
  };
}

/** The digits of base32hex (RFC 4648), which T-Server's CallUuids look like: 0-9 and A-V. */
const BASE32HEX = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

/** A CallUuid: 32 base32hex characters from 160 random bits (globally unique, as CallUuids are meant to be). */
export function newCallUuid(): string {
  let uuid = '';
  let bits = 0;
  let value = 0;
  for (const byte of randomBytes(20)) {
    value = ((value << 8) | byte) & 0xfff; // never more than 12 pending bits
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      uuid += BASE32HEX[(value >>> bits) & 31];
    }
  }
  return uuid;
}
