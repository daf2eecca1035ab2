/**
 * Whether a parsed JSON value is an object (not null, not an array): what every command, reply and pushed frame of
 * the protocol is. Both sides check what they receive with it before reading a field.
 */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
