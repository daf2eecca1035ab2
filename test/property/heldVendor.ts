import type { VendorError } from '../../src/ts/cti/core/errors';
import type { TransferDestination, TransferMode } from '../../src/ts/cti/core/types';
import { ManualVendor } from '../support/manualVendor';

/** A request that reached the vendor and waits for the test to answer it (resolve, or reject with a VendorError). */
export interface HeldRequest {
  /** The request and what it is about, e.g. "hangupCall c1"; the same key twice in flight is a repeat. */
  readonly key: string;
  readonly verb: string;
  readonly eventId?: string;
  /** What else the request carried (a transfer's destination and mode). */
  readonly detail?: string;
  answer(error?: VendorError): void;
}

/**
 * ManualVendor whose requests do not answer at once: each waits in `held` until the test answers it, so that the
 * core meets requests in flight. It notes every request that reached it while the same request (verb and call) was
 * still in flight: the core promises that never happens.
 */
export class HeldVendor extends ManualVendor {
  readonly held: HeldRequest[] = [];
  /** Keys of requests that reached the vendor while the same one was in flight. */
  readonly repeats: string[] = [];
  private readonly inFlight = new Map<string, number>();

  private hold(verb: string, eventId?: string, detail?: string): Promise<void> {
    const key = [verb, eventId].filter((part) => part !== undefined).join(' ');
    this.calls.push(detail === undefined ? key : `${key} ${detail}`);
    const running = this.inFlight.get(key) ?? 0;
    if (running > 0) this.repeats.push(key);
    this.inFlight.set(key, running + 1);
    return new Promise<void>((resolve, reject) => {
      this.held.push({
        key,
        verb,
        eventId,
        detail,
        answer: (error) => {
          this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
          if (error) reject(error);
          else resolve();
        },
      });
    });
  }

  /** Answers the held request at `index` (taken modulo how many are held); undefined when none is. */
  take(index: number): HeldRequest | undefined {
    if (this.held.length === 0) return undefined;
    return this.held.splice(index % this.held.length, 1)[0];
  }

  override makeAgentAvailable(): Promise<void> { return this.hold('makeAgentAvailable'); }
  override makeAgentUnavailable(reasonCode?: string): Promise<void> { return this.hold('makeAgentUnavailable', undefined, reasonCode); }
  override makeOutboundCall(phoneNumber: string, eventId: string): Promise<void> { return this.hold('makeOutboundCall', eventId, phoneNumber); }
  override acceptCall(eventId: string): Promise<void> { return this.hold('acceptCall', eventId); }
  override rejectCall(eventId: string): Promise<void> { return this.hold('rejectCall', eventId); }
  override hangupCall(eventId: string): Promise<void> { return this.hold('hangupCall', eventId); }
  override completeWrapup(eventId: string): Promise<void> { return this.hold('completeWrapup', eventId); }
  override holdCall(eventId: string): Promise<void> { return this.hold('holdCall', eventId); }
  override resumeCall(eventId: string): Promise<void> { return this.hold('resumeCall', eventId); }
  override muteCall(eventId: string): Promise<void> { return this.hold('muteCall', eventId); }
  override unmuteCall(eventId: string): Promise<void> { return this.hold('unmuteCall', eventId); }
  /** Digits are sent one request after another: the same digits twice in flight would be a repeat, which the core never makes. */
  override sendDigits(eventId: string, digits: string): Promise<void> { return this.hold('sendDigits', eventId, digits); }
  /** The mode rides in the detail: the run's follow-up tells a blind transfer from a consult by it. */
  override transferCall(eventId: string, destination: TransferDestination, options: { mode: TransferMode }): Promise<void> {
    return this.hold('transferCall', eventId, `${destination.kind === 'number' ? destination.phoneNumber : destination.id} ${options.mode}`);
  }
  override completeTransfer(eventId: string): Promise<void> { return this.hold('completeTransfer', eventId); }
  override cancelTransfer(eventId: string): Promise<void> { return this.hold('cancelTransfer', eventId); }
  override conferenceCall(eventId: string): Promise<void> { return this.hold('conferenceCall', eventId); }
}
