/**
 * The I/O shell every vendor handler needs around its own interpreter of vendor facts: the listener the core gave
 * to start(), guarded so that a failing listener cannot break the vendor's connection, and the start-up promise that
 * resolves on the vendor's first snapshot or rejects with the reason it never came.
 */
import { type CallMessageKey, say } from '../core/agentMessages';
import { VendorError, messageOf } from '../core/errors';
import type { LinkStatus, VendorEvent, VendorEventListener } from '../core/types';

/** Passes a handler's reports to the core: nothing after detach(), each link status change once. */
export class VendorReporter {
  private listener: VendorEventListener | null = null;
  private lastLink: LinkStatus | null = null;

  /** @param vendorName prefixes what goes to the console when the listener throws. */
  constructor(private readonly vendorName: string) {}

  get attached(): boolean {
    return this.listener !== null;
  }

  /** The link status last reported since attach(), or null. */
  get link(): LinkStatus | null {
    return this.lastLink;
  }

  attach(listener: VendorEventListener): void {
    this.listener = listener;
    this.lastLink = null;
  }

  detach(): void {
    this.listener = null;
    this.lastLink = null;
  }

  /** Reports an event; a link status equal to the last one reported is dropped. A listener that throws is logged. */
  report(event: VendorEvent): void {
    const listener = this.listener;
    if (!listener) return;
    if (event.type === 'link') {
      if (this.lastLink === event.status) return;
      this.lastLink = event.status;
    }
    try {
      listener(event);
    } catch (err) {
      console.error(`[${this.vendorName}] the toolbar failed to take ${event.type}: ${messageOf(err)}`);
    }
  }
}

/**
 * The promise start() returns: settled once, by the first snapshot (resolve), by a failure or stop() (reject), or by
 * its time limit. Later settlements are ignored.
 */
export class StartupGate {
  private pending: { resolve: () => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> | null } | null = null;

  /** Whether start() is still waiting. */
  get waiting(): boolean {
    return this.pending !== null;
  }

  /**
   * A new start-up. With a time limit, it rejects with timeoutError() when nothing settled it in time. A start-up
   * still waiting is rejected first.
   */
  begin(limit?: { readonly ms: number; readonly timeoutError: () => Error }): Promise<void> {
    this.reject(new Error('A new start-up began before this one finished.'));
    return new Promise<void>((resolve, reject) => {
      const timer = limit ? setTimeout(() => this.reject(limit.timeoutError()), limit.ms) : null;
      this.pending = { resolve, reject, timer };
    });
  }

  /** Resolves the start-up; returns whether one was waiting. */
  resolve(): boolean {
    const pending = this.take();
    pending?.resolve();
    return pending !== null;
  }

  /** Rejects the start-up; returns whether one was waiting. */
  reject(error: Error): boolean {
    const pending = this.take();
    pending?.reject(error);
    return pending !== null;
  }

  private take(): { resolve: () => void; reject: (error: Error) => void } | null {
    const pending = this.pending;
    if (!pending) return null;
    if (pending.timer !== null) clearTimeout(pending.timer);
    this.pending = null;
    return pending;
  }
}

/** The words of each capability a vendor may lack, the same as the core's when it refuses a control itself. */
const LACKING: Readonly<Record<'hold' | 'mute' | 'digits' | 'transfer' | 'conference' | 'transferDirectory' | 'notReadyReasons', CallMessageKey>> = {
  hold: 'cannotHold',
  mute: 'cannotMute',
  digits: 'cannotSendDigits',
  transfer: 'cannotTransfer',
  conference: 'cannotConference',
  transferDirectory: 'noTransferDirectory',
  notReadyReasons: 'takesNoReason',
};

/** The rejection of a call control a vendor does not declare in its capabilities. */
export function notSupported(vendorName: string, capability: keyof typeof LACKING): VendorError {
  return new VendorError('NOT_SUPPORTED', say(LACKING[capability], { vendor: vendorName }));
}

