import type { FusionData } from './types';

/** The contact Fusion's reverse lookup named (newCommEvent's outData), if any. */
export function contactNameOf(data: FusionData): string | undefined {
  const name = data.SVCMCA_CONTACT_NAME ?? data.SVCMCA_DISPLAY_NAME;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}
