/**
 * Why a sign-in failed, as a message of the catalog (agentMessages.ts), so that the line under the Sign in button
 * reads in the agent's language; `message` is the same in English, for the log.
 */
import { type AgentMessage, type MessageParam, inEnglish } from '../core/agentMessages';
import { messageOf } from '../core/errors';

export class SignInError extends Error {
  constructor(readonly said: AgentMessage) {
    super(inEnglish(said));
    this.name = 'SignInError';
  }
}

/** What went wrong, as a message where the sign-in said it, else in the words of whatever failed (a library's, the provider's). */
export function signInDetail(err: unknown): MessageParam {
  return err instanceof SignInError ? err.said : messageOf(err);
}
