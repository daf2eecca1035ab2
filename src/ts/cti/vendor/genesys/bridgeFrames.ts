/**
 * The frames the Genesys bridge pushes, checked. decodeFrame() checks every field of a frame (frames come from outside
 * the toolbar and are not trusted) by the protocol's own rules, and names the first one that is wrong. Pure.
 */
import type { EventId } from '../../core/types';
import {
  AGENT_EVENT_NAMES,
  AGENT_STATES,
  BRIDGE_ERROR_CODES,
  CALL_EVENT_NAMES,
  CALL_STATES,
  CALL_TYPES,
  MAX_CALLS_PER_DN,
  MAX_OTHER_PARTIES,
  MAX_PUSHED_FRAME_CHARS,
  PARTY_STATES,
  PUSHED_EVENT_NAMES,
  RELEASING_PARTIES,
  type AgentSnapshot,
  type BridgeOrder,
  type CallSnapshot,
  type ConnectionId,
  type PushedEvent,
  type PushedEventName,
} from 'protocol/bridgeProtocol';
import { FIELD_RULES, fitsRule, orEmpty, type TextRule } from 'protocol/fieldRules';
import { isRecord } from 'protocol/jsonRecord';

export type DecodeResult = { readonly ok: true; readonly event: PushedEvent } | { readonly ok: false; readonly problem: string };

type Fields = Readonly<Record<string, unknown>>;

/** Thrown inside decoding only, and always caught by decodeFrame. */
class FrameProblem extends Error {}

/** A value as the problem message shows it: short, so that a hostile frame cannot flood the agent's screen. */
function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? typeof value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

class Reader {
  constructor(
    private readonly fields: Fields,
    private readonly where: string,
  ) {}

  private problem(key: string, expected: string): FrameProblem {
    return new FrameProblem(`${this.where}.${key} must be ${expected}, got ${shown(this.fields[key])}`);
  }

  /** A text field, checked by the protocol's rule for it (the same rule the bridge validates commands with). */
  text(key: string, rule: TextRule): string {
    const value = this.fields[key];
    if (!fitsRule(rule, value)) throw this.problem(key, rule.wording);
    return value;
  }

  has(key: string): boolean {
    return this.fields[key] !== undefined;
  }

  optionalText(key: string, rule: TextRule): string | undefined {
    return this.fields[key] === undefined ? undefined : this.text(key, rule);
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.fields[key];
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw this.problem(key, `one of ${allowed.join(', ')}`);
    return value as T;
  }

  connectionId(): ConnectionId {
    return this.text('connectionId', FIELD_RULES.connectionId);
  }

  eventId(): EventId {
    return this.text('eventId', FIELD_RULES.eventId);
  }

  referenceId(): number | undefined {
    return this.has('referenceId') ? this.count('referenceId') : undefined;
  }

  count(key: string): number {
    const value = this.fields[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw this.problem(key, 'a whole number of 0 or more');
    return value;
  }

  /** Epoch milliseconds: a whole, positive number. */
  time(key: string): number {
    const value = this.fields[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw this.problem(key, 'a time in epoch milliseconds');
    return value;
  }

  boolean(key: string): boolean {
    const value = this.fields[key];
    if (typeof value !== 'boolean') throw this.problem(key, 'true or false');
    return value;
  }

  empty(key: string): '' {
    if (this.fields[key] !== '') throw this.problem(key, 'an empty text');
    return '';
  }

  object(key: string): Reader {
    const value = this.fields[key];
    if (!isRecord(value)) throw this.problem(key, 'an object');
    return new Reader(value, `${this.where}.${key}`);
  }

  optionalRecord(key: string): Readonly<Record<string, unknown>> | undefined {
    const value = this.fields[key];
    if (value === undefined) return undefined;
    if (!isRecord(value)) throw this.problem(key, 'an object');
    return value;
  }

  /** A list of texts, each checked by the rule. */
  texts(key: string, max: number, rule: TextRule): string[] {
    const value = this.fields[key];
    if (!Array.isArray(value) || value.length > max) throw this.problem(key, `a list of at most ${max} texts`);
    return value.map((entry: unknown, i) => {
      if (!fitsRule(rule, entry)) throw new FrameProblem(`${this.where}.${key}[${i}] must be ${rule.wording}, got ${shown(entry)}`);
      return entry;
    });
  }

  list(key: string, max: number): Reader[] {
    const value = this.fields[key];
    if (!Array.isArray(value) || value.length > max) throw this.problem(key, `a list of at most ${max} entries`);
    return value.map((entry: unknown, i) => {
      if (!isRecord(entry)) throw new FrameProblem(`${this.where}.${key}[${i}] must be an object, got ${shown(entry)}`);
      return new Reader(entry, `${this.where}.${key}[${i}]`);
    });
  }
}

/** A link event or an error may concern no DN in particular: their DN may be empty. */
const ANY_DN = orEmpty(FIELD_RULES.thisDN);
/** A logged-out DN may have no agent yet. */
const ANY_AGENT = orEmpty(FIELD_RULES.agentId);

function decodeCallEvent(r: Reader, eventName: (typeof CALL_EVENT_NAMES)[number]): PushedEvent {
  const referenceId = r.referenceId();
  const transferConnectionId = r.optionalText('transferConnectionId', FIELD_RULES.connectionId);
  const fields = {
    thisDN: r.text('thisDN', FIELD_RULES.thisDN),
    connectionId: r.connectionId(),
    eventId: r.eventId(),
    callUuid: r.text('callUuid', FIELD_RULES.callUuid),
    // An anonymous caller has no number: empty is allowed here and shown as such by interpret().
    ANI: r.text('ANI', FIELD_RULES.ANI),
    callType: r.oneOf('callType', CALL_TYPES),
    ...(referenceId === undefined ? {} : { referenceId }),
    ...(transferConnectionId === undefined ? {} : { transferConnectionId }),
  };
  if (eventName === 'EventPartyAdded' || eventName === 'EventPartyDeleted') return { ...fields, eventName, thirdPartyDN: r.text('thirdPartyDN', FIELD_RULES.thirdPartyDN) };
  const thirdPartyDN = r.optionalText('thirdPartyDN', FIELD_RULES.thirdPartyDN);
  const third = thirdPartyDN === undefined ? {} : { thirdPartyDN };
  if (eventName === 'EventReleased') {
    return {
      ...fields,
      ...third,
      eventName,
      previousState: r.oneOf('previousState', PARTY_STATES),
      callState: r.oneOf('callState', CALL_STATES),
      releasingParty: r.oneOf('releasingParty', RELEASING_PARTIES),
    };
  }
  if (eventName === 'EventPartyChanged') return { ...fields, ...third, eventName, previousConnectionId: r.text('previousConnectionId', FIELD_RULES.connectionId) };
  return { ...fields, ...third, eventName };
}

function decodeAgentEvent(r: Reader, eventName: (typeof AGENT_EVENT_NAMES)[number]): PushedEvent {
  const referenceId = r.referenceId();
  const base = {
    thisDN: r.text('thisDN', FIELD_RULES.thisDN),
    agentId: r.text('agentId', FIELD_RULES.agentId),
    ...(referenceId === undefined ? {} : { referenceId }),
  };
  if (eventName === 'EventAgentNotReady') {
    const reasonCode = r.optionalText('reasonCode', FIELD_RULES.reasonCode);
    return { ...base, eventName, ...(reasonCode === undefined ? {} : { reasonCode }) };
  }
  return { ...base, eventName };
}

function decodeCallSnapshot(r: Reader): CallSnapshot {
  const transferConnectionId = r.optionalText('transferConnectionId', FIELD_RULES.connectionId);
  const otherParties = r.has('otherParties') ? r.texts('otherParties', MAX_OTHER_PARTIES, FIELD_RULES.thirdPartyDN) : undefined;
  return {
    connectionId: r.connectionId(),
    eventId: r.eventId(),
    callUuid: r.text('callUuid', FIELD_RULES.callUuid),
    callType: r.oneOf('callType', CALL_TYPES),
    state: r.oneOf('state', PARTY_STATES),
    ANI: r.text('ANI', FIELD_RULES.ANI),
    ...(transferConnectionId === undefined ? {} : { transferConnectionId }),
    ...(otherParties === undefined ? {} : { otherParties }),
  };
}

function decodeOrder(r: Reader): BridgeOrder {
  return { bridge: r.text('bridge', FIELD_RULES.bridgeId), sequence: r.count('sequence'), time: r.count('time') };
}

/** The order of a command's answer ({ok: true, referenceId, order}), or null when it carries none that can be read. */
export function orderOfReply(reply: Readonly<Record<string, unknown>>): BridgeOrder | null {
  try {
    return decodeOrder(new Reader(reply, 'reply').object('order'));
  } catch (err) {
    if (err instanceof FrameProblem) return null;
    throw err;
  }
}

function decodeAgentSnapshot(r: Reader): AgentSnapshot {
  const reasonCode = r.optionalText('reasonCode', FIELD_RULES.reasonCode);
  return {
    agentId: r.text('agentId', ANY_AGENT),
    state: r.oneOf('state', AGENT_STATES),
    ...(reasonCode === undefined ? {} : { reasonCode }),
  };
}

function decodeFields(r: Reader, eventName: PushedEventName): PushedEvent {
  switch (eventName) {
    case 'EventRinging':
    case 'EventDialing':
    case 'EventEstablished':
    case 'EventHeld':
    case 'EventRetrieved':
    case 'EventDTMFSent':
    case 'EventDestinationBusy':
    case 'EventAbandoned':
    case 'EventReleased':
    case 'EventPartyChanged':
    case 'EventPartyAdded':
    case 'EventPartyDeleted':
      return decodeCallEvent(r, eventName);
    case 'EventAgentReady':
    case 'EventAgentNotReady':
    case 'EventAgentLogout':
      return decodeAgentEvent(r, eventName);
    case 'EventLinkDisconnected':
    case 'EventLinkConnected':
      // The link is the switch's, not a DN's: the DN may be empty.
      return { eventName, thisDN: r.text('thisDN', ANY_DN) };
    case 'EventRegistered':
      return {
        eventName,
        thisDN: r.text('thisDN', FIELD_RULES.thisDN),
        agent: decodeAgentSnapshot(r.object('agent')),
        calls: r.list('calls', MAX_CALLS_PER_DN).map(decodeCallSnapshot),
        linkConnected: r.boolean('linkConnected'),
        order: decodeOrder(r.object('order')),
        ANI: r.empty('ANI'),
        eventId: r.empty('eventId'),
        connectionId: r.empty('connectionId'),
      };
    case 'EventTokenRenewed':
      return { eventName, thisDN: r.text('thisDN', FIELD_RULES.thisDN), expiresAt: r.time('expiresAt') };
    case 'EventError': {
      const referenceId = r.referenceId();
      const request = r.optionalRecord('request');
      const connectionId = r.has('connectionId') ? r.connectionId() : undefined;
      return {
        eventName,
        thisDN: r.text('thisDN', ANY_DN),
        errorCode: r.oneOf('errorCode', BRIDGE_ERROR_CODES),
        errorMessage: r.text('errorMessage', FIELD_RULES.errorMessage),
        ...(request === undefined ? {} : { request }),
        ...(referenceId === undefined ? {} : { referenceId }),
        ...(connectionId === undefined ? {} : { connectionId }),
      };
    }
  }
}

/** Checks one WebSocket frame and returns the event it carries, or what is wrong with it. Never throws. */
export function decodeFrame(data: unknown): DecodeResult {
  if (typeof data !== 'string') return { ok: false, problem: 'a binary frame (the bridge speaks JSON text)' };
  if (data.length > MAX_PUSHED_FRAME_CHARS) return { ok: false, problem: `a frame of ${data.length} characters (at most ${MAX_PUSHED_FRAME_CHARS})` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { ok: false, problem: `a frame that is not JSON: ${shown(data)}` };
  }
  if (!isRecord(parsed)) return { ok: false, problem: `a frame that is not a JSON object: ${shown(parsed)}` };
  const eventName = parsed.eventName;
  if (typeof eventName !== 'string' || !(PUSHED_EVENT_NAMES as readonly string[]).includes(eventName)) {
    return { ok: false, problem: `an unknown eventName ${shown(eventName)}` };
  }
  try {
    return { ok: true, event: decodeFields(new Reader(parsed, eventName), eventName as PushedEventName) };
  } catch (err) {
    if (err instanceof FrameProblem) return { ok: false, problem: err.message };
    throw err;
  }
}
