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
const BASE32HEX = Buffer.from('0123456789ABCDEFGHIJKLMNOPQRSTUV', 'latin1');
/** Random bytes of a CallUuid, and its characters (160 bits, 5 a character). */
const UUID_BYTES = 20;
const UUID_CHARS = 32;
/**
 * Random bytes drawn for this many CallUuids at once: each randomBytes() call costs a trip into OpenSSL (and a
 * getpid() system call), more than the 20 bytes themselves; the simulator places a call per CallUuid.
 */
const UUIDS_PER_DRAW = 256;
let pool = Buffer.alloc(0);
let poolOffset = 0;
/** Where a CallUuid's characters are written, to be read as one string (rather than 32 concatenations). */
const uuidText = Buffer.alloc(UUID_CHARS);

/** A CallUuid: 32 base32hex characters from 160 random bits (globally unique, as CallUuids are meant to be). */
export function newCallUuid(): string {
  if (poolOffset + UUID_BYTES > pool.length) {
    pool = randomBytes(UUID_BYTES * UUIDS_PER_DRAW);
    poolOffset = 0;
  }
  let chars = 0;
  let bits = 0;
  let value = 0;
  const end = poolOffset + UUID_BYTES;
  for (let index = poolOffset; index < end; index += 1) {
    value = ((value << 8) | pool[index]) & 0xfff; // never more than 12 pending bits
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      uuidText[chars] = BASE32HEX[(value >>> bits) & 31];
      chars += 1;
    }
  }
  poolOffset = end;
  return uuidText.toString('latin1', 0, UUID_CHARS);
}
