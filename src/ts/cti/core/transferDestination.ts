import { excerpt } from './excerpt';
import type { TransferDestination } from './types';

/**
 * What the toolbar dials: an outside number or an extension, with the separators people type. The same rule serves
 * outbound calls and transfers; the vendor decides whether it routes.
 */
export const PHONE_NUMBER = /^\+?[0-9][0-9 ().\-*#]{0,31}$/;

/** A directory id is the vendor's own (an Amazon Connect quick connect's ARN or id): bounded, printable, no spaces. */
const DIRECTORY_ID = /^[\x21-\x7e]{1,256}$/;

/** What is wrong with a transfer destination from the toolbar, in the agent's words; null when it can be tried. */
export function transferDestinationProblem(destination: TransferDestination): string | null {
  const d = destination as unknown as Record<string, unknown> | null;
  if (!d || typeof d !== 'object') return 'Choose where to transfer the call.';
  if (d.kind === 'number') {
    const number = typeof d.phoneNumber === 'string' ? d.phoneNumber.trim() : '';
    if (number === '') return 'Type the number or extension to transfer the call to.';
    return PHONE_NUMBER.test(number) ? null : `"${excerpt(number)}" is not a number to transfer to.`;
  }
  if (d.kind === 'directory') {
    const ok = typeof d.id === 'string' && DIRECTORY_ID.test(d.id) && typeof d.name === 'string' && d.name.trim() !== '';
    return ok ? null : 'That transfer destination has no id and name the phone system could use.';
  }
  return 'Choose where to transfer the call.';
}

/** What the agent reads for a destination. */
export function destinationLabel(destination: TransferDestination): string {
  return destination.kind === 'number' ? destination.phoneNumber.trim() : destination.name;
}
