/**
 * Checks shared by the vendors' configuration sections. Values come from the JSON file or from "section.key" URL
 * parameters, which are always text: numbers and booleans are accepted as text too. Every error names its key.
 */

export function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** A whole number of milliseconds within [min, max]; undefined (with an error naming `label`) otherwise. */
export function milliseconds(label: string, value: unknown, [min, max]: readonly [number, number], errors: string[]): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(number) || number < min || number > max) {
    errors.push(`${label}: must be a whole number of milliseconds from ${min} to ${max}, got ${show(value)}`);
    return undefined;
  }
  return number;
}

/** true or false (or their text); undefined (with an error naming `label`) otherwise. */
export function flag(label: string, value: unknown, errors: string[]): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  errors.push(`${label}: must be true or false, got ${show(value)}`);
  return undefined;
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

export function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.includes(url.hostname);
}

/** Unknown keys are typos more often than not: name them, and the keys that exist. */
export function unknownKeys(section: string, raw: Readonly<Record<string, unknown>>, known: readonly string[], errors: string[]): void {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) errors.push(`${section}.${key}: unknown key (known: ${known.join(', ')})`);
  }
}
