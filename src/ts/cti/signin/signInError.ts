/**
 * Why a sign-in failed, as a message of the catalog (agentMessages.ts), so that the line under the Sign in button
 * reads in the agent's language; `message` is the same in English, for the log.
 */
import type { AgentMessage } from '../core/agentMessages';
import { SaidError } from '../core/errors';

export class SignInError extends SaidError {
  constructor(said: AgentMessage) {
    super(said);
    this.name = 'SignInError';
  }
}
