/**
 * What Amazon Connect keeps of an agent between two loads of the CCP page. The agent's state and contacts live in the
 * service, not in the page: a CCP that reloads (the agent pressed F5 in it, the browser discarded the frame, Streams
 * refreshed an iframe that stopped answering) asks the service again and finds its calls as they are
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/worker.js: the shared worker polls
 * GetAgentSnapshot and hands every new page the latest snapshot). The emulator keeps it in a sessionStorage of the tab
 * (ccpEmulator.ts says which), so a reloaded emulator picks up where it was, as a reloaded CCP would; a new tab starts
 * afresh.
 *
 * Stored data is read back as untrusted input: a stale or damaged record is refused with the field at fault named,
 * and the emulator starts afresh rather than run on it.
 */
import type { ConnectionStateType, ContactStateType, InitiationMethod } from './ccpModel';
import { MAX_DIGITS_HEARD } from './ccpCallControls';
import { ENDPOINT_TYPES, type EndpointData } from './ccpTransfers';

/**
 * 2: contacts keep the digits their customer heard and their softphone mute, the agent the contact last connected.
 * 3: contacts keep how they started and their third party; the calls the agent transferred, and the target's busy.
 */
export const SAVED_STATE_VERSION = 3;

export interface SavedLeg {
  readonly connectionId: string;
  readonly state: ConnectionStateType;
  readonly since: number;
}

export interface SavedThirdParty extends SavedLeg {
  readonly endpoint: EndpointData;
  readonly quickConnectName: string | null;
  readonly toTarget: boolean;
}

export interface SavedTransferredCall {
  readonly contactId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly phoneNumber: string;
  readonly destination: string;
  readonly state: 'ringing' | 'talking';
  readonly toTarget: boolean;
}

export interface SavedContact {
  readonly contactId: string;
  readonly initialContactId: string;
  readonly direction: 'inbound' | 'outbound';
  readonly initiationMethod: InitiationMethod;
  readonly phoneNumber: string;
  readonly queue: { readonly queueARN: string; readonly queueId: string; readonly name: string | null };
  readonly queueTimestamp: number;
  readonly state: ContactStateType;
  readonly since: number;
  readonly agent: SavedLeg;
  readonly customer: SavedLeg;
  readonly thirdParty: SavedThirdParty | null;
  /** The DTMF digits the customer heard ('' for none). */
  readonly digits: string;
  /** The softphone's mute of the contact's media. */
  readonly muted: boolean;
  /** When its ring or dial timer fires (epoch ms), if one runs. */
  readonly deadline?: number;
}

export interface SavedCcpState {
  readonly version: typeof SAVED_STATE_VERSION;
  /** The agent state the agent chose, by name, and since when. */
  readonly chosen: string;
  readonly chosenSince: number;
  /** The system or error state shown instead, by name; null: the chosen one. */
  readonly system: string | null;
  readonly nextState: { readonly name: string; readonly since: number } | null;
  readonly stateSince: number;
  readonly shownStateName: string;
  readonly contacts: readonly SavedContact[];
  /** The contact the agent last connected to, which the softphone's mute acts on; null: none yet. */
  readonly lastActive: string | null;
  readonly transferred: readonly SavedTransferredCall[];
  readonly targetBusy: boolean;
}

const CONTACT_STATES: readonly ContactStateType[] = ['connecting', 'connected', 'ended', 'missed', 'rejected', 'error'];
const LEG_STATES: readonly ConnectionStateType[] = ['connecting', 'connected', 'hold', 'disconnected'];
const DIGITS_HEARD = /^[0-9*#,]*$/;
/** More than any agent holds (two voice contacts, plus ended ones not yet cleared). */
const MAX_CONTACTS = 20;

class Field {
  constructor(
    private readonly value: unknown,
    private readonly path: string,
  ) {}

  private fail(expected: string): never {
    throw new Error(`${this.path} must be ${expected}`);
  }

  at(key: string): Field {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) this.fail('an object');
    return new Field((this.value as Record<string, unknown>)[key], `${this.path}.${key}`);
  }

  text(): string {
    if (typeof this.value !== 'string' || this.value === '' || this.value.length > 256) this.fail('a text of 1 to 256 characters');
    return this.value;
  }

  textOrNull(): string | null {
    return this.value === null ? null : this.text();
  }

  time(): number {
    if (typeof this.value !== 'number' || !Number.isFinite(this.value) || this.value < 0) this.fail('a time in epoch milliseconds');
    return this.value;
  }

  oneOf<T extends string>(allowed: readonly T[]): T {
    if (typeof this.value !== 'string' || !(allowed as readonly string[]).includes(this.value)) this.fail(`one of ${allowed.join(', ')}`);
    return this.value as T;
  }

  flag(): boolean {
    if (typeof this.value !== 'boolean') this.fail('true or false');
    return this.value;
  }

  /** Keypad digits, maybe none. */
  digits(): string {
    if (typeof this.value !== 'string' || this.value.length > MAX_DIGITS_HEARD || !DIGITS_HEARD.test(this.value)) {
      this.fail(`at most ${MAX_DIGITS_HEARD} of 0-9, *, # and ','`);
    }
    return this.value;
  }

  present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  list(max: number): Field[] {
    if (!Array.isArray(this.value) || this.value.length > max) this.fail(`a list of at most ${max} entries`);
    return this.value.map((entry: unknown, i) => new Field(entry, `${this.path}[${i}]`));
  }
}

function leg(f: Field): SavedLeg {
  return { connectionId: f.at('connectionId').text(), state: f.at('state').oneOf(LEG_STATES), since: f.at('since').time() };
}

function thirdParty(f: Field): SavedThirdParty | null {
  if (!f.present()) return null;
  const endpoint = f.at('endpoint');
  const queue = endpoint.at('queue');
  return {
    ...leg(f),
    endpoint: {
      endpointARN: endpoint.at('endpointARN').textOrNull(),
      type: endpoint.at('type').oneOf(ENDPOINT_TYPES),
      name: endpoint.at('name').textOrNull(),
      phoneNumber: endpoint.at('phoneNumber').textOrNull(),
      agentLogin: null,
      queue: queue.present() ? { queueARN: queue.at('queueARN').text(), name: queue.at('name').text() } : null,
    },
    quickConnectName: f.at('quickConnectName').textOrNull(),
    toTarget: f.at('toTarget').flag(),
  };
}

function transferredCall(f: Field): SavedTransferredCall {
  return {
    contactId: f.at('contactId').text(),
    direction: f.at('direction').oneOf(['inbound', 'outbound'] as const),
    phoneNumber: f.at('phoneNumber').text(),
    destination: f.at('destination').text(),
    state: f.at('state').oneOf(['ringing', 'talking'] as const),
    toTarget: f.at('toTarget').flag(),
  };
}

function contact(f: Field): SavedContact {
  const queue = f.at('queue');
  const deadline = f.at('deadline');
  return {
    contactId: f.at('contactId').text(),
    initialContactId: f.at('initialContactId').text(),
    direction: f.at('direction').oneOf(['inbound', 'outbound'] as const),
    initiationMethod: f.at('initiationMethod').oneOf(['inbound', 'outbound', 'transfer'] as const),
    phoneNumber: f.at('phoneNumber').text(),
    queue: { queueARN: queue.at('queueARN').text(), queueId: queue.at('queueId').text(), name: queue.at('name').textOrNull() },
    queueTimestamp: f.at('queueTimestamp').time(),
    state: f.at('state').oneOf(CONTACT_STATES),
    since: f.at('since').time(),
    agent: leg(f.at('agent')),
    customer: leg(f.at('customer')),
    thirdParty: thirdParty(f.at('thirdParty')),
    digits: f.at('digits').digits(),
    muted: f.at('muted').flag(),
    ...(deadline.present() ? { deadline: deadline.time() } : {}),
  };
}

/** Reads a saved state (parsed JSON); throws an Error naming the first field that is wrong. */
export function readSavedState(raw: unknown): SavedCcpState {
  const f = new Field(raw, 'saved CCP state');
  // A record of another version (an older emulator's) is not guessed at.
  if (f.at('version').present() ? (raw as { version: unknown }).version !== SAVED_STATE_VERSION : true) {
    throw new Error(`saved CCP state.version must be ${SAVED_STATE_VERSION}`);
  }
  const next = f.at('nextState');
  return {
    version: SAVED_STATE_VERSION,
    chosen: f.at('chosen').text(),
    chosenSince: f.at('chosenSince').time(),
    system: f.at('system').textOrNull(),
    nextState: next.present() ? { name: next.at('name').text(), since: next.at('since').time() } : null,
    stateSince: f.at('stateSince').time(),
    shownStateName: f.at('shownStateName').text(),
    contacts: f.at('contacts').list(MAX_CONTACTS).map(contact),
    lastActive: f.at('lastActive').textOrNull(),
    transferred: f.at('transferred').list(MAX_CONTACTS).map(transferredCall),
    targetBusy: f.at('targetBusy').flag(),
  };
}
