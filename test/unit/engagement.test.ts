import { inEnglish } from '../../src/ts/cti/core/agentMessages';
import { EngagementState, Situation, VENDOR_TABLE, VendorInput, columnOf, commandPlan, controlPlan, situationOf, vendorTransition } from '../../src/ts/cti/core/engagement';
import type { CallAction, CallControl } from '../../src/ts/cti/core/types';

const INPUTS: Record<string, VendorInput> = {
  connected: { kind: 'connected' },
  held: { kind: 'held' },
  resumed: { kind: 'resumed' },
  transferred: { kind: 'transferred' },
  'ended by agent while ringing': { kind: 'ended', phase: 'ringing', endedBy: 'agent' },
  'ended by customer while ringing': { kind: 'ended', phase: 'ringing', endedBy: 'customer' },
  'ended by system while ringing': { kind: 'ended', phase: 'ringing', endedBy: 'system' },
  'ended by customer while connected': { kind: 'ended', phase: 'connected', endedBy: 'customer' },
  outboundFailed: { kind: 'outboundFailed', errorCode: 'BUSY', message: 'the line is busy' },
};

/** Expected outcome: "absorb", or "next state <- effects". Inbound for ringing, outbound for dialing, inbound otherwise. */
const VENDOR_TABLE_EXPECTED: Record<EngagementState, Record<keyof typeof INPUTS, string>> = {
  ringing: {
    connected: 'connected <- startComm',
    held: 'held <- startComm',
    resumed: 'connected <- startComm',
    transferred: 'ended <- closeComm:TIMEOUT',
    'ended by agent while ringing': 'ended <- closeComm:REJECT',
    'ended by customer while ringing': 'ended <- closeComm:ABANDONED',
    'ended by system while ringing': 'ended <- closeComm:TIMEOUT',
    'ended by customer while connected': 'wrapup <- startComm closeComm:WRAPUP',
    outboundFailed: 'absorb',
  },
  dialing: {
    connected: 'connected <- startComm',
    held: 'held <- startComm',
    resumed: 'connected <- startComm',
    transferred: 'ended <- closeComm:MISSED',
    'ended by agent while ringing': 'ended <- closeComm:CANCELED',
    'ended by customer while ringing': 'ended <- closeComm:MISSED',
    'ended by system while ringing': 'ended <- closeComm:MISSED',
    'ended by customer while connected': 'wrapup <- startComm closeComm:WRAPUP',
    outboundFailed: 'ended <- outboundError:BUSY:the line is busy closeComm:MISSED',
  },
  connected: {
    connected: 'absorb',
    held: 'held <- ',
    resumed: 'absorb',
    transferred: 'wrapup <- closeComm:WRAPUP',
    'ended by agent while ringing': 'wrapup <- closeComm:WRAPUP',
    'ended by customer while ringing': 'wrapup <- closeComm:WRAPUP',
    'ended by system while ringing': 'wrapup <- closeComm:WRAPUP',
    'ended by customer while connected': 'wrapup <- closeComm:WRAPUP',
    outboundFailed: 'absorb',
  },
  held: {
    connected: 'absorb',
    held: 'absorb',
    resumed: 'connected <- ',
    transferred: 'wrapup <- closeComm:WRAPUP',
    'ended by agent while ringing': 'wrapup <- closeComm:WRAPUP',
    'ended by customer while ringing': 'wrapup <- closeComm:WRAPUP',
    'ended by system while ringing': 'wrapup <- closeComm:WRAPUP',
    'ended by customer while connected': 'wrapup <- closeComm:WRAPUP',
    outboundFailed: 'absorb',
  },
  wrapup: {
    connected: 'absorb',
    held: 'absorb',
    resumed: 'absorb',
    transferred: 'absorb',
    'ended by agent while ringing': 'absorb',
    'ended by customer while ringing': 'absorb',
    'ended by system while ringing': 'absorb',
    'ended by customer while connected': 'absorb',
    outboundFailed: 'absorb',
  },
  ended: {
    connected: 'absorb',
    held: 'absorb',
    resumed: 'absorb',
    transferred: 'absorb',
    'ended by agent while ringing': 'absorb',
    'ended by customer while ringing': 'absorb',
    'ended by system while ringing': 'absorb',
    'ended by customer while connected': 'absorb',
    outboundFailed: 'absorb',
  },
};

const rows = Object.entries(VENDOR_TABLE_EXPECTED).flatMap(([state, byInput]) =>
  Object.entries(byInput).map(([input, expected]) => [state as EngagementState, input, expected] as const),
);

describe('VENDOR_TABLE: the vendor side is data', () => {
  it('has a cell for every state and every kind of report, and nothing else', () => {
    const columns = [...new Set(Object.values(INPUTS).map(columnOf))].sort();
    for (const state of Object.keys(VENDOR_TABLE)) expect(Object.keys(VENDOR_TABLE[state as EngagementState]).sort()).toEqual(columns);
    expect(Object.keys(VENDOR_TABLE).sort()).toEqual(Object.keys(VENDOR_TABLE_EXPECTED).sort());
  });

  it('asks for outboundCommError only where a dial failed, the one report that says why', () => {
    for (const [state, byColumn] of Object.entries(VENDOR_TABLE)) {
      for (const [column, cell] of Object.entries(byColumn)) {
        if ('effects' in cell && cell.effects.includes('outboundError')) expect(`${state} ${column}`).toBe('dialing outboundFailed');
      }
    }
  });

  it('survives a round trip through JSON: cells hold no code', () => {
    expect(JSON.parse(JSON.stringify(VENDOR_TABLE))).toEqual(VENDOR_TABLE);
  });
});

describe('vendorTransition: every state × every vendor report', () => {
  it.each(rows)('%s + %s → %s', (state, input, expected) => {
    const direction = state === 'dialing' ? 'outbound' : 'inbound';
    const t = vendorTransition(state, direction, INPUTS[input]);
    const actual =
      t.kind === 'absorb'
        ? 'absorb'
        : `${t.to} <- ${t.effects.map((e) => (e.kind === 'closeComm' ? `closeComm:${e.reason}` : e.kind === 'outboundError' ? `outboundError:${e.errorCode}:${e.message}` : e.kind)).join(' ')}`;
    expect(actual).toBe(expected);
  });
});

const COMMAND_TABLE: Record<Situation, Record<CallAction, string>> = {
  ringing: { accept: 'vendor acceptCall', reject: 'vendor rejectCall', hangup: 'vendor rejectCall' },
  dialing: { accept: 'invalid', reject: 'vendor hangupCall', hangup: 'vendor hangupCall' },
  connected: { accept: 'done', reject: 'invalid', hangup: 'vendor hangupCall' },
  held: { accept: 'done', reject: 'invalid', hangup: 'vendor hangupCall' },
  // The agent chooses what becomes of the customer: hanging up is not one of the choices.
  consultDialing: { accept: 'done', reject: 'invalid', hangup: 'invalid' },
  consultTalking: { accept: 'done', reject: 'invalid', hangup: 'invalid' },
  conference: { accept: 'done', reject: 'invalid', hangup: 'vendor hangupCall' },
  wrapup: { accept: 'invalid', reject: 'done', hangup: 'done' },
  ended: { accept: 'invalid', reject: 'done', hangup: 'done' },
};

const commandRows = Object.entries(COMMAND_TABLE).flatMap(([state, byAction]) =>
  Object.entries(byAction).map(([action, expected]) => [state as Situation, action as CallAction, expected] as const),
);

describe('commandPlan: every state × every agent action', () => {
  it.each(commandRows)('%s + %s → %s', (state, action, expected) => {
    const plan = commandPlan(state, action);
    const actual = plan.kind === 'vendor' ? `vendor ${plan.verb}` : plan.kind;
    expect(actual).toBe(expected);
    if (plan.kind === 'invalid') expect(inEnglish(plan.message)).toMatch(/\w+ \w+/);
  });
});

/** Mute and unmute ask the vendor in every talked situation: whether the call is already muted is the mediator's to say. */
const NONE = { hold: 'invalid', resume: 'invalid', mute: 'invalid', unmute: 'invalid', digits: 'invalid', transfer: 'invalid', completeTransfer: 'invalid', conference: 'invalid', cancelTransfer: 'invalid' };
const MIC = { mute: 'vendor muteCall', unmute: 'vendor unmuteCall' };
const NO_CONSULT = { completeTransfer: 'invalid', conference: 'invalid', cancelTransfer: 'invalid' };
const CONTROL_TABLE: Record<Situation, Record<CallControl, string>> = {
  ringing: NONE,
  dialing: NONE,
  connected: { hold: 'vendor holdCall', resume: 'done', ...MIC, digits: 'vendor sendDigits', transfer: 'vendor transferCall', ...NO_CONSULT },
  held: { hold: 'done', resume: 'vendor resumeCall', ...MIC, digits: 'invalid', transfer: 'invalid', ...NO_CONSULT },
  consultDialing: { hold: 'done', resume: 'invalid', ...MIC, digits: 'invalid', transfer: 'invalid', completeTransfer: 'invalid', conference: 'invalid', cancelTransfer: 'vendor cancelTransfer' },
  consultTalking: {
    hold: 'done',
    resume: 'invalid',
    ...MIC,
    digits: 'invalid',
    transfer: 'invalid',
    completeTransfer: 'vendor completeTransfer',
    conference: 'vendor conferenceCall',
    cancelTransfer: 'vendor cancelTransfer',
  },
  conference: { hold: 'invalid', resume: 'done', ...MIC, digits: 'vendor sendDigits', transfer: 'invalid', completeTransfer: 'invalid', conference: 'done', cancelTransfer: 'invalid' },
  wrapup: NONE,
  ended: NONE,
};

describe('situationOf: a talked call with a third party', () => {
  it.each([
    ['connected', undefined, 'connected'],
    ['held', { destination: '7002', state: 'dialing' }, 'consultDialing'],
    ['held', { destination: '7002', state: 'talking' }, 'consultTalking'],
    ['connected', { destination: '7002', state: 'conferenced' }, 'conference'],
    ['wrapup', { destination: '7002', state: 'talking' }, 'wrapup'],
  ] as const)('%s with %j → %s', (state, thirdParty, expected) => {
    expect(situationOf({ state, thirdParty })).toBe(expected);
  });
});

const controlRows = Object.entries(CONTROL_TABLE).flatMap(([state, byControl]) =>
  Object.entries(byControl).map(([control, expected]) => [state as Situation, control as CallControl, expected] as const),
);

describe('controlPlan: every state × every call control', () => {
  it.each(controlRows)('%s + %s → %s', (state, control, expected) => {
    const plan = controlPlan(state, control);
    const actual = plan.kind === 'vendor' ? `vendor ${plan.verb}` : plan.kind;
    expect(actual).toBe(expected);
    if (plan.kind === 'invalid') expect(inEnglish(plan.message)).toMatch(/\w+ \w+/);
  });
});
