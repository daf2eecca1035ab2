/**
 * Mute in Amazon Connect is the softphone's, not a request to the service: Streams' agent.mute() / unmute() only
 * broadcast `mute {mute}` to the pages of the agent's session, with no callback
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/api.js, Agent.prototype.mute). The CCP's
 * softphone manager, which holds the call's media, mutes the microphone of the contact last connected and answers
 * with `agent::mute_toggle {muted}`, which agent.onMuteToggle hears; with no media it answers nothing
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/softphone.js, muteToggle). So a mute
 * request is accepted when that answer comes, and times out when it does not (a CCP without the call's media: another
 * tab holds it, amazon-connect-streams issue #831).
 */
import { say } from '../../core/agentMessages';
import { VendorError } from '../../core/errors';

interface Waiter {
  readonly muted: boolean;
  readonly done: (error?: VendorError) => void;
}

/** Mute requests waiting for the softphone's answer. */
export class MuteAnswers {
  private waiters: Waiter[] = [];

  /**
   * Waits for the softphone to say the microphone is `muted`, from before the request is sent (its answer may come at
   * once): `answered` resolves then, or rejects TIMEOUT after `timeoutMs`; `cancel` drops the wait (the request failed).
   */
  wait(muted: boolean, timeoutMs: number): { readonly answered: Promise<void>; cancel(): void } {
    let cancel = (): void => undefined;
    const answered = new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        muted,
        done: (error) => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== waiter);
          if (error) reject(error);
          else resolve();
        },
      };
      const timer = setTimeout(
        () =>
          waiter.done(new VendorError('TIMEOUT', say(muted ? 'amazonSoftphoneDidNotMute' : 'amazonSoftphoneDidNotUnmute', { seconds: timeoutMs / 1000 }))),
        timeoutMs,
      );
      this.waiters.push(waiter);
      cancel = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
      };
    });
    return { answered, cancel };
  }

  /** The softphone's answer: the requests it fulfils resolve. */
  answered(muted: boolean): void {
    for (const waiter of this.waiters.filter((w) => w.muted === muted)) waiter.done();
  }

  /** Every request still waiting fails with `error` (the handler stopped). */
  abandon(error: VendorError): void {
    for (const waiter of [...this.waiters]) waiter.done(error);
  }
}

/** The `muted` of an agent::mute_toggle broadcast, or null when it carries none. */
export function mutedOf(data: unknown): boolean | null {
  if (typeof data !== 'object' || data === null) return null;
  const { muted } = data as { muted?: unknown };
  return typeof muted === 'boolean' ? muted : null;
}
