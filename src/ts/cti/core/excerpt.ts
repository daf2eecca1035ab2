/**
 * Text from outside (Fusion, a vendor, the agent) cut short for a message: the reader sees its start and its length,
 * and a megabyte-long value cannot flood the error line or the log.
 */
export function excerpt(text: string, max = 64): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
