/**
 * The call-messages translation bundle, as JET's ojL10n plugin loads it ("ojL10n!resources/nls/callMessages"): the
 * root is the core's English catalog; de/ and ja/ beside this file hold German and Japanese, each checked by the
 * compiler to translate every key. https://docs.oracle.com/en/middleware/developer-tools/jet/19/develop/internationalizing-and-localizing-applications.html
 */
import { CALL_MESSAGES } from '../../cti/core/agentMessages';

export = { root: CALL_MESSAGES, de: true, ja: true };
