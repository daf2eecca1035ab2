import type { CommandSource, Direction, EventId, VendorEvent } from '../../src/ts/cti/core/types';
import type { Published } from '../support/recordingFusion';

/** Where a call is in the story Fusion must hear: offered (ringing or dialing), connected, or closed. */
type StoryPhase = 'offered' | 'connected' | 'closed';

interface ModelCall {
  readonly direction: Direction;
  phase: StoryPhase;
  /** It was connected before it closed: Fusion must hear startCommEvent once. */
  started: boolean;
  /** It closed because its dial failed: Fusion must hear outboundCommError right before the close. */
  dialFailed: boolean;
  /** Fusion's offer timed out while it rang: it closed then, as TIMEOUT. */
  timedOut: boolean;
  /** Its wrap-up was finished (it connected, closed, and the agent finished wrap-up since). */
  wrapupFinished: boolean;
  /** The agent finished that wrap-up in the toolbar: Fusion must hear ENDCOMMUNICATION right after WRAPUP. */
  endedInToolbar: boolean;
}

/**
 * What Fusion must hear of each call, kept apart from the core: fed every input in the order the core took it, it
 * knows which calls opened, which connected and which closed. The rule is the README's: a call opens once (later
 * reports of it are absorbed, also after it ended), connects at most once, and closes once; a failed dial closes
 * only a call still dialing.
 */
export class StoryModel {
  readonly calls = new Map<EventId, ModelCall>();

  /** A vendor report, as the core takes it. */
  report(event: VendorEvent): void {
    switch (event.type) {
      case 'incoming':
        this.open(event.eventId, 'inbound');
        break;
      case 'dialing':
        this.open(event.eventId, 'outbound');
        break;
      // A hold or resume of a call still offered says the vendor saw it connect.
      case 'connected':
      case 'held':
      case 'resumed': {
        const call = this.calls.get(event.eventId);
        if (call?.phase === 'offered') {
          call.phase = 'connected';
          call.started = true;
        }
        break;
      }
      case 'ended': {
        const call = this.calls.get(event.eventId);
        if (!call || call.phase === 'closed') break;
        // An offered call the vendor says ended connected did connect: Fusion hears the start it missed.
        if (call.phase === 'offered' && event.phase === 'connected') call.started = true;
        call.phase = 'closed';
        break;
      }
      // A call transferred away closes as a talked call; one still offered closes unanswered.
      case 'transferred': {
        const call = this.calls.get(event.eventId);
        if (call && call.phase !== 'closed') call.phase = 'closed';
        break;
      }
      case 'outboundFailed':
        this.dialFailed(event.eventId);
        break;
      default:
        break;
    }
  }

  /** A dial the core accepted (a valid number): it opens the call unless that eventId is known. */
  open(eventId: EventId, direction: Direction): void {
    if (!this.calls.has(eventId)) {
      this.calls.set(eventId, { direction, phase: 'offered', started: false, dialFailed: false, timedOut: false, wrapupFinished: false, endedInToolbar: false });
    }
  }

  /** A call that connected and closed is in wrap-up until the agent finishes it, in Fusion or in the toolbar. */
  finishWrapup(eventId: EventId, source: CommandSource): void {
    const call = this.calls.get(eventId);
    if (call?.phase !== 'closed' || !call.started || call.wrapupFinished) return;
    call.wrapupFinished = true;
    call.endedInToolbar = source === 'toolbar';
  }

  /** Fusion's offer timeout closes an inbound call still ringing, for good: nothing the vendor says later reopens it. */
  offerTimedOut(eventId: EventId): void {
    const call = this.calls.get(eventId);
    if (call?.direction === 'inbound' && call.phase === 'offered') {
      call.timedOut = true;
      call.phase = 'closed';
    }
  }

  /** The vendor reported a failed dial, or refused makeOutboundCall: only a call still dialing closes. */
  dialFailed(eventId: EventId): void {
    const call = this.calls.get(eventId);
    if (call?.direction === 'outbound' && call.phase === 'offered') {
      call.phase = 'closed';
      call.dialFailed = true;
    }
  }
}

/** One call's publishes as "operation[:reason]", for failure messages. */
function storyOf(published: readonly Published[], eventId: EventId): string[] {
  return published.filter((p) => p.eventId === eventId).map((p) => (p.reason ? `${p.operation}:${p.reason}` : p.operation));
}

/**
 * The story invariant, after a run has settled: for every call, Fusion heard exactly one newCommEvent, first; one
 * startCommEvent if it connected, else none; exactly one closing closeCommEvent if it closed, else none, last but for
 * one closeCommEvent ENDCOMMUNICATION right after a WRAPUP when the agent finished wrap-up in the toolbar; TIMEOUT as
 * the close of a call whose offer timed out in Fusion, with no start after it; outboundCommError only for a failed dial,
 * once, right before the close. Nothing about a call the model never opened. The calls the core holds open are the
 * model's open ones, plus closed ones still in wrap-up.
 * Returns the problems, each naming the call and what Fusion heard of it.
 */
export function storyProblems(model: StoryModel, published: readonly Published[], active: readonly EventId[], wrapup: readonly EventId[]): string[] {
  const problems: string[] = [];
  const heardOf = new Set(published.flatMap((p) => (p.eventId === undefined ? [] : [p.eventId])));
  for (const eventId of heardOf) {
    if (!model.calls.has(eventId)) problems.push(`call ${eventId} never opened, yet Fusion heard [${storyOf(published, eventId).join(', ')}]`);
  }
  for (const [eventId, call] of model.calls) {
    const told = storyOf(published, eventId);
    const fail = (why: string) =>
      problems.push(
        `call ${eventId} (${call.direction}, ${call.phase}${call.started ? ', was connected' : ''}${call.dialFailed ? ', dial failed' : ''}${call.timedOut ? ', offer timed out' : ''}${call.endedInToolbar ? ', wrap-up finished in the toolbar' : ''}): ${why}; Fusion heard [${told.join(', ')}]`,
      );
    const END = 'closeCommEvent:ENDCOMMUNICATION';
    const ends = told.filter((entry) => entry === END).length;
    // The story without its ENDCOMMUNICATION: what the call itself came to.
    const story = ends === 1 && told[told.length - 1] === END ? told.slice(0, -1) : told;
    const ops = story.map((entry) => entry.split(':')[0]);
    const count = (op: string) => ops.filter((o) => o === op).length;
    if (count('newCommEvent') !== 1 || ops[0] !== 'newCommEvent') fail('exactly one newCommEvent, first, expected');
    const starts = count('startCommEvent');
    if (starts !== (call.started ? 1 : 0)) fail(call.started ? 'one startCommEvent expected' : 'no startCommEvent expected');
    const closes = count('closeCommEvent');
    if (call.phase === 'closed') {
      if (closes !== 1 || ops[ops.length - 1] !== 'closeCommEvent') fail('exactly one closing closeCommEvent, last, expected');
    } else if (closes !== 0) fail('no closeCommEvent expected for a call still open');
    if (starts === 1 && closes === 1 && ops.indexOf('startCommEvent') > ops.indexOf('closeCommEvent')) fail('startCommEvent after the close');
    if (ends !== (call.endedInToolbar ? 1 : 0)) fail(call.endedInToolbar ? 'one closeCommEvent ENDCOMMUNICATION expected' : 'no closeCommEvent ENDCOMMUNICATION expected');
    if (ends === 1 && (told[told.length - 1] !== END || story[story.length - 1] !== 'closeCommEvent:WRAPUP')) fail('ENDCOMMUNICATION must come last, right after WRAPUP');
    if (call.timedOut && story[story.length - 1] !== 'closeCommEvent:TIMEOUT') fail('a timed-out offer closes as TIMEOUT');
    const errors = count('outboundCommError');
    if (errors !== (call.dialFailed ? 1 : 0)) fail(call.dialFailed ? 'one outboundCommError expected' : 'no outboundCommError expected');
    if (errors === 1 && ops.indexOf('outboundCommError') !== ops.length - 2) fail('outboundCommError must come right before the close');
    const open = active.includes(eventId);
    if (call.phase !== 'closed' && !open) fail('the core dropped a call that is still open');
    if (call.phase === 'closed' && open && !wrapup.includes(eventId)) fail('the core holds a closed call outside wrap-up');
    if (call.wrapupFinished && open) fail('the core holds a call whose wrap-up was finished');
  }
  for (const eventId of active) {
    if (!model.calls.has(eventId)) problems.push(`the core holds call ${eventId}, which never opened`);
  }
  return problems;
}
