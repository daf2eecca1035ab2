import type { ErrorLineReporter } from '../../src/ts/cti/core/errorLine';
import { FusionRefusedError, type OutboundErrorCode } from '../../src/ts/cti/core/errors';
import type { AgentPresence, FusionCommands, FusionData, FusionPort } from '../../src/ts/cti/core/types';

/** One publish the core made to Fusion, flattened for assertions. */
export interface Published {
  operation: 'newCommEvent' | 'startCommEvent' | 'closeCommEvent' | 'agentStateEventOperation' | 'outboundCommError';
  eventId?: string;
  direction?: string;
  reason?: string;
  inData?: FusionData;
  presence?: AgentPresence;
  errorCode?: string;
  message?: string;
}

/**
 * Fusion's side of the core's port, recording what the core publishes. newCommEvent answers with the
 * contact tokens of a small directory, like Fusion's reverse lookup. Used for the core's unit tests only:
 * FusionHandler itself is tested against the UEF stand-in.
 */
export class RecordingFusion implements FusionPort {
  readonly published: Published[] = [];
  directory: Record<string, FusionData> = {};
  /** While set, newCommEvent waits for it: shows that later publishes wait for Fusion's answer. */
  newCommGate: Promise<void> | null = null;
  failNext: Published['operation'] | null = null;
  /** How failNext fails: Fusion saying no (FusionRefusedError), or an error that leaves open what Fusion did. */
  failAs: 'refusal' | 'error' = 'error';
  /** What the core gave listen() at start: a test plays Fusion's commands and failures through them. */
  commands: FusionCommands | null = null;
  errors: ErrorLineReporter | null = null;

  listen(commands: FusionCommands, errors: ErrorLineReporter): void {
    if (this.commands) throw new Error('RecordingFusion: listen() was called twice');
    this.commands = commands;
    this.errors = errors;
  }

  private maybeFail(operation: Published['operation']): void {
    if (this.failNext === operation) {
      this.failNext = null;
      throw this.failAs === 'refusal' ? new FusionRefusedError(`Fusion refused ${operation}`) : new Error(`${operation} refused`);
    }
  }

  async newCommEvent(r: { eventId: string; direction: string; phoneNumber: string; inData: FusionData }): Promise<FusionData> {
    if (this.newCommGate) await this.newCommGate;
    this.published.push({ operation: 'newCommEvent', eventId: r.eventId, direction: r.direction, inData: { ...r.inData, SVCMCA_ANI: r.phoneNumber } });
    this.maybeFail('newCommEvent');
    return { SVCMCA_INTERACTION_ID: `IA-${r.eventId}`, ...(this.directory[r.phoneNumber] ?? {}) };
  }

  async startCommEvent(r: { eventId: string; direction: string; inData: FusionData }): Promise<void> {
    this.published.push({ operation: 'startCommEvent', eventId: r.eventId, direction: r.direction, inData: r.inData });
    this.maybeFail('startCommEvent');
  }

  async closeCommEvent(r: { eventId: string; direction: string; reason: string; inData: FusionData }): Promise<void> {
    this.published.push({ operation: 'closeCommEvent', eventId: r.eventId, direction: r.direction, reason: r.reason, inData: r.inData });
    this.maybeFail('closeCommEvent');
  }

  async agentStateEvent(presence: AgentPresence): Promise<void> {
    this.published.push({ operation: 'agentStateEventOperation', presence });
    this.maybeFail('agentStateEventOperation');
  }

  async outboundCommError(r: { eventId: string; errorCode: OutboundErrorCode; message: string }): Promise<void> {
    this.published.push({ operation: 'outboundCommError', eventId: r.eventId, errorCode: r.errorCode, message: r.message });
    this.maybeFail('outboundCommError');
  }

  /** The call publishes as "operation[:reason]" strings, in order. */
  story(eventId: string): string[] {
    return this.published.filter((p) => p.eventId === eventId).map((p) => (p.reason ? `${p.operation}:${p.reason}` : p.operation));
  }
}

/** Lets queued publishes (promise chains, zero timers) run. */
export async function settle(ms = 0): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, ms));
}
