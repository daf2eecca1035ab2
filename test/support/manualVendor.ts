import type { ICtiVendorHandler, VendorCapabilities } from '../../src/ts/cti/vendor/ICtiVendorHandler';
import type { DirectoryEntry, NotReadyReason, TransferDestination, TransferMode, VendorEvent, VendorEventListener } from '../../src/ts/cti/core/types';

type Verb =
  | 'makeAgentAvailable'
  | 'makeAgentUnavailable'
  | 'makeOutboundCall'
  | 'acceptCall'
  | 'rejectCall'
  | 'hangupCall'
  | 'completeWrapup'
  | 'holdCall'
  | 'resumeCall'
  | 'muteCall'
  | 'unmuteCall'
  | 'sendDigits'
  | 'transferCall'
  | 'completeTransfer'
  | 'cancelTransfer'
  | 'conferenceCall'
  | 'transferDirectory'
  | 'notReadyReasons';

/** Every capability: a test takes away what it needs absent. */
const ALL_CAPABILITIES: VendorCapabilities = { outboundCalls: true, afterCallWork: true, hold: true, mute: true, digits: true,
  transfer: true, conference: true, transferDirectory: true, notReadyReasons: true,
};

/**
 * A vendor handler whose requests are only recorded: the test itself plays the vendor's side by calling
 * report(). For the core's unit tests, which must control exactly when each vendor event arrives.
 */
export class ManualVendor implements ICtiVendorHandler {
  readonly displayName = 'Manual vendor';
  readonly calls: string[] = [];
  private listener: VendorEventListener | null = null;
  private failures = new Map<Verb, string | Error>();

  readonly capabilities: VendorCapabilities;
  /** What transferDirectory() answers. */
  directory: DirectoryEntry[] = [{ id: 'qc-billing', name: 'Billing queue', kind: 'queue' }];

  constructor(capabilities: Partial<VendorCapabilities> = {}) {
    this.capabilities = { ...ALL_CAPABILITIES, ...capabilities };
  }

  async start(listener: VendorEventListener): Promise<void> {
    this.listener = listener;
  }

  async stop(): Promise<void> {
    this.listener = null;
  }

  /** The next call of this verb rejects: with a plain Error of the message, or with the error given (a VendorError). */
  failNext(verb: Verb, failure: string | Error): void {
    this.failures.set(verb, failure);
  }

  report(event: VendorEvent): void {
    if (!this.listener) throw new Error('ManualVendor: start() was not called');
    this.listener(event);
  }

  private async record(verb: Verb, ...args: string[]): Promise<void> {
    this.calls.push([verb, ...args].join(' '));
    const failure = this.failures.get(verb);
    if (failure !== undefined) {
      this.failures.delete(verb);
      throw typeof failure === 'string' ? new Error(failure) : failure;
    }
  }

  makeAgentAvailable(): Promise<void> { return this.record('makeAgentAvailable'); }
  makeAgentUnavailable(reasonCode?: string): Promise<void> {
    return reasonCode === undefined ? this.record('makeAgentUnavailable') : this.record('makeAgentUnavailable', reasonCode);
  }
  /** What notReadyReasons() answers. */
  reasons: NotReadyReason[] = [{ code: 'LUNCH', name: 'Lunch' }, { code: 'TRAINING', name: 'Training' }];
  /** How often notReadyReasons() was asked: a query the toolbar makes on connecting, kept out of `calls`. */
  reasonListings = 0;
  async notReadyReasons(): Promise<readonly NotReadyReason[]> {
    this.reasonListings++;
    const failure = this.failures.get('notReadyReasons');
    if (failure !== undefined) {
      this.failures.delete('notReadyReasons');
      throw typeof failure === 'string' ? new Error(failure) : failure;
    }
    return this.reasons;
  }
  makeOutboundCall(phoneNumber: string, eventId: string): Promise<void> { return this.record('makeOutboundCall', phoneNumber, eventId); }
  acceptCall(eventId: string): Promise<void> { return this.record('acceptCall', eventId); }
  rejectCall(eventId: string): Promise<void> { return this.record('rejectCall', eventId); }
  hangupCall(eventId: string): Promise<void> { return this.record('hangupCall', eventId); }
  completeWrapup(eventId: string): Promise<void> { return this.record('completeWrapup', eventId); }
  holdCall(eventId: string): Promise<void> { return this.record('holdCall', eventId); }
  resumeCall(eventId: string): Promise<void> { return this.record('resumeCall', eventId); }
  muteCall(eventId: string): Promise<void> { return this.record('muteCall', eventId); }
  unmuteCall(eventId: string): Promise<void> { return this.record('unmuteCall', eventId); }
  sendDigits(eventId: string, digits: string): Promise<void> { return this.record('sendDigits', eventId, digits); }
  transferCall(eventId: string, destination: TransferDestination, options: { mode: TransferMode }): Promise<void> {
    const to = destination.kind === 'number' ? destination.phoneNumber : `directory:${destination.id}`;
    return this.record('transferCall', eventId, to, options.mode);
  }
  completeTransfer(eventId: string): Promise<void> { return this.record('completeTransfer', eventId); }
  cancelTransfer(eventId: string): Promise<void> { return this.record('cancelTransfer', eventId); }
  conferenceCall(eventId: string): Promise<void> { return this.record('conferenceCall', eventId); }
  async transferDirectory(): Promise<readonly DirectoryEntry[]> {
    await this.record('transferDirectory');
    return this.directory;
  }
}
