import type { OutboundErrorCode } from '../../src/ts/cti/core/errors';
import type { FusionData } from '../../src/ts/cti/core/types';
import { RecordingFusion } from '../support/recordingFusion';

/** A publish Fusion heard and has not answered yet. */
export interface HeldAnswer {
  readonly what: string;
  answer(ok: boolean): void;
}

/**
 * RecordingFusion (what Fusion heard, in order, the moment it heard it) whose answers to a call's publishes can come
 * late or fail, and which notes a publish that overtook an unanswered one of the same call: while `holding`, each newCommEvent, startCommEvent, closeCommEvent and outboundCommError waits in
 * `held` until the test answers it; otherwise it answers at once, failing if `refuseNext` is armed. The agent state
 * always answers at once: the core's start-up waits for it.
 */
export class HeldFusion extends RecordingFusion {
  readonly held: HeldAnswer[] = [];
  holding = false;
  refuseNext = false;
  /** Publishes made while an earlier one of the same call was still unanswered (its outData must come first). */
  readonly overtaking: string[] = [];
  private readonly unanswered = new Map<string, string>();

  /** Fusion hears `what` about a call: it must have answered the call's previous publish first. */
  private async heard<T>(eventId: string, what: string, publish: () => Promise<T>): Promise<T> {
    const earlier = this.unanswered.get(eventId);
    if (earlier !== undefined) this.overtaking.push(`${what} ${eventId} before Fusion answered ${earlier}`);
    this.unanswered.set(eventId, what);
    try {
      const result = await publish();
      await this.answerOf(`${what} ${eventId}`);
      return result;
    } finally {
      if (this.unanswered.get(eventId) === what) this.unanswered.delete(eventId);
    }
  }

  private answerOf(what: string): Promise<void> {
    if (!this.holding) {
      const refuse = this.refuseNext;
      this.refuseNext = false;
      return refuse ? Promise.reject(new Error(`Fusion refused ${what}`)) : Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.held.push({ what, answer: (ok) => (ok ? resolve() : reject(new Error(`Fusion refused ${what}`))) });
    });
  }

  /** Answers the held publish at `index` (taken modulo how many are held); false when none is held. */
  answer(index: number, ok: boolean): boolean {
    if (this.held.length === 0) return false;
    this.held.splice(index % this.held.length, 1)[0].answer(ok);
    return true;
  }

  override async newCommEvent(r: { eventId: string; direction: string; phoneNumber: string; inData: FusionData }): Promise<FusionData> {
    return this.heard(r.eventId, 'newCommEvent', () => super.newCommEvent(r));
  }

  override async startCommEvent(r: { eventId: string; direction: string; inData: FusionData }): Promise<void> {
    return this.heard(r.eventId, 'startCommEvent', () => super.startCommEvent(r));
  }

  override async closeCommEvent(r: { eventId: string; direction: string; reason: string; inData: FusionData }): Promise<void> {
    return this.heard(r.eventId, 'closeCommEvent', () => super.closeCommEvent(r));
  }

  override async outboundCommError(r: { eventId: string; errorCode: OutboundErrorCode; message: string }): Promise<void> {
    return this.heard(r.eventId, 'outboundCommError', () => super.outboundCommError(r));
  }
}
