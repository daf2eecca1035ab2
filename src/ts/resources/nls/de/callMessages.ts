/** The core's messages in German (see ../callMessages.ts). */
import type { CallMessageCatalog } from '../../../cti/core/agentMessages';

const de: CallMessageCatalog = {
  said: '{text}',
};

export = de;
