import { type AgentMessage, inEnglish } from './agentMessages';
import type { Logger } from './logger';
import { type ErrorCode, type Failure, failure } from './types';

/** What a part of the toolbar outside the core (FusionHandler, the view) needs to tell the agent something failed. */
export interface ErrorLineReporter {
  /** Shows the message on the toolbar's error line and logs it (in English). */
  report(message: AgentMessage): void;
  /** A failed answer to a command, which the agent also reads on the error line (and the log keeps). */
  refuse(code: ErrorCode, message: AgentMessage): Failure;
}

/** The toolbar's one error line: the last thing that failed, in words an agent understands, in their language. */
export class ErrorLine implements ErrorLineReporter {
  private message: AgentMessage | null = null;

  constructor(
    private readonly log: Logger,
    private readonly changed: () => void,
  ) {}

  /** The message, for the view to put in the agent's language. */
  get current(): AgentMessage | null {
    return this.message;
  }

  /** The message in English, for logs, tests and whatever does not translate. */
  get currentText(): string | null {
    return this.message === null ? null : inEnglish(this.message);
  }

  report(message: AgentMessage): void {
    this.log('error', inEnglish(message));
    this.message = message;
    this.changed();
  }

  refuse(code: ErrorCode, message: AgentMessage): Failure {
    this.report(message);
    return failure(code, inEnglish(message));
  }

  clear(): void {
    if (this.message === null) return;
    this.message = null;
    this.changed();
  }
}
