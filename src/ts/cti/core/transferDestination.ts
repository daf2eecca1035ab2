import { type AgentMessage, inEnglish, say } from './agentMessages';
import { excerpt } from './excerpt';
import type { TransferDestination } from './types';

/**
 * What the toolbar dials: an outside number or an extension, with the separators people type. The same rule serves
 * outbound calls and transfers; the vendor decides whether it routes.
 */
export const PHONE_NUMBER = /^\+?[0-9][0-9 ().\-*#]{0,31}$/;

/** A directory id is the vendor's own (an Amazon Connect quick connect's ARN or id): bounded, printable, no spaces. */
const DIRECTORY_ID = /^[\x21-\x7e]{1,256}$/;

/** What is wrong with a transfer destination from the toolbar, as a message for the agent; null when it can be tried. */
export function transferDestinationIssue(destination: TransferDestination): AgentMessage | null {
  const d = destination as unknown as Record<string, unknown> | null;
  if (!d || typeof d !== 'object') return say('chooseTransferDestination');
  if (d.kind === 'number') {
    const number = typeof d.phoneNumber === 'string' ? d.phoneNumber.trim() : '';
    if (number === '') return say('typeTransferNumber');
    return PHONE_NUMBER.test(number) ? null : say('notATransferNumber', { number: excerpt(number) });
  }
  if (d.kind === 'directory') {
    const ok = typeof d.id === 'string' && DIRECTORY_ID.test(d.id) && typeof d.name === 'string' && d.name.trim() !== '';
    return ok ? null : say('unusableDirectoryEntry');
  }
  return say('chooseTransferDestination');
}

/** The same, in English: for a vendor's refusal (VendorError), which the core words again for the agent. */
export function transferDestinationProblem(destination: TransferDestination): string | null {
  const issue = transferDestinationIssue(destination);
  return issue === null ? null : inEnglish(issue);
}

/** What the agent reads for a destination. */
export function destinationLabel(destination: TransferDestination): string {
  return destination.kind === 'number' ? destination.phoneNumber.trim() : destination.name;
}
