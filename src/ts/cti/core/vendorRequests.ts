import type { AgentMessage } from './agentMessages';
import { InFlightRequests } from './inFlightRequests';
import { OK, type CommandResult, type Failure } from './types';
import { vendorFailure } from './vendorFailure';

/**
 * Requests to the vendor as results: each runs once while in flight (the same request from Fusion and the toolbar
 * joins the running one), and a rejection becomes a failed CommandResult with the VendorError's code, worded for the
 * agent (vendorFailure.ts), whose message `onFailure` shows on the error line.
 */
export class VendorRequests {
  private readonly inFlight = new InFlightRequests<CommandResult>();

  constructor(
    private readonly vendorName: string,
    private readonly onFailure: (message: AgentMessage, failure: Failure) => void,
  ) {}

  /** `lead` starts the agent's message if it fails, e.g. "Could not answer the call". */
  once(key: string, request: () => Promise<void>, lead: AgentMessage): Promise<CommandResult> {
    return this.inFlight.once(key, () =>
      // Promise.resolve().then: a handler that throws instead of rejecting still yields a result.
      Promise.resolve()
        .then(request)
        .then(
          (): CommandResult => OK,
          (err: unknown): CommandResult => {
            const { failure, message } = vendorFailure(err, lead, this.vendorName);
            this.onFailure(message, failure);
            return failure;
          },
        ),
    );
  }

  isRunning(key: string): boolean {
    return this.inFlight.has(key);
  }

  /** The result of the request of this key that is under way, or undefined when none is. */
  running(key: string): Promise<CommandResult> | undefined {
    return this.inFlight.current(key);
  }
}
