import type { Logger } from './logger';
import { type ErrorCode, type Failure, failure } from './types';

/** What a part of the toolbar outside the core (FusionHandler, the view) needs to tell the agent something failed. */
export interface ErrorLineReporter {
  /** Shows the message on the toolbar's error line and logs it. */
  report(message: string): void;
  /** A failed answer to a command, which the agent also reads on the error line (and the log keeps). */
  refuse(code: ErrorCode, message: string): Failure;
}

/** The toolbar's one error line: the last thing that failed, in words an agent understands. */
export class ErrorLine implements ErrorLineReporter {
  private message: string | null = null;

  constructor(
    private readonly log: Logger,
    private readonly changed: () => void,
  ) {}

  get current(): string | null {
    return this.message;
  }

  report(message: string): void {
    this.log('error', message);
    this.message = message;
    this.changed();
  }

  refuse(code: ErrorCode, message: string): Failure {
    this.report(message);
    return failure(code, message);
  }

  clear(): void {
    if (this.message === null) return;
    this.message = null;
    this.changed();
  }
}
