import type { Logger } from './logger';

/** What a part of the toolbar outside the core (FusionHandler, the view) needs to tell the agent something failed. */
export interface ErrorLineReporter {
  /** Shows the message on the toolbar's error line and logs it. */
  report(message: string): void;
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
    this.show(message);
  }

  /** Shows a message the vendor already worded and logged (a failed dial, why the link is down). */
  show(message: string): void {
    this.message = message;
    this.changed();
  }

  clear(): void {
    if (this.message === null) return;
    this.message = null;
    this.changed();
  }
}
