/** The core's messages in Japanese (see ../callMessages.ts). */
import type { CallMessageCatalog } from '../../../cti/core/agentMessages';

const ja: CallMessageCatalog = {
  said: '{text}',
};

export = ja;
