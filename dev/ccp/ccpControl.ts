/**
 * The CCP emulator's control channel: how another page of the emulator's own origin (the Fusion simulator's Customer
 * panel) plays the customer, the callee, the transfer target, another agent who transfers a call, and the agent's own
 * CCP. Messages, by postMessage:
 *
 *   → {type: 'ccp-emulator/hello', id}                                      "are you the emulator?"
 *   → {type: 'ccp-emulator/control', id, action, args: [...]}
 *   ← {type: 'ccp-emulator/reply', id, ok: true, result} | {type: 'ccp-emulator/reply', id, ok: false, error}
 *
 * Shared by the emulator page (which answers) and AmazonCustomerSide (which asks).
 */
import { CcpModel, ModelContactView, TransferredCallView } from './ccpModel';

export const HELLO_TYPE = 'ccp-emulator/hello';
export const CONTROL_TYPE = 'ccp-emulator/control';
export const REPLY_TYPE = 'ccp-emulator/reply';
/** What the emulator answers to hello. */
export const EMULATOR_NAME = 'ccp-emulator';

export const CONTROL_ACTIONS = [
  'state',
  'customerCalls',
  'customerHangsUp',
  'calleeAnswers',
  'calleeBusy',
  'agentAnswers',
  'agentHangsUp',
  'agentClears',
  'agentHolds',
  'agentResumes',
  'agentMutes',
  'setAgentState',
  'failNext',
  'targetAnswers',
  'targetRefuses',
  'targetHangsUp',
  'setTargetBusy',
  'transferToAgent',
] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

export interface HelloMessage {
  readonly type: typeof HELLO_TYPE;
  readonly id: string;
}

export interface ControlMessage {
  readonly type: typeof CONTROL_TYPE;
  readonly id: string;
  readonly action: ControlAction;
  readonly args: readonly unknown[];
}

export type ControlReply =
  | { readonly type: typeof REPLY_TYPE; readonly id: string; readonly ok: true; readonly result: unknown }
  | { readonly type: typeof REPLY_TYPE; readonly id: string; readonly ok: false; readonly error: string };

/** The result of 'state'. */
export interface EmulatorState {
  readonly agentState: { readonly name: string; readonly type: string };
  readonly contacts: ModelContactView[];
  /** Calls the agent left to the customer and a third party, still on the line. */
  readonly transferred: TransferredCallView[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAction(value: unknown): value is ControlAction {
  return typeof value === 'string' && (CONTROL_ACTIONS as readonly string[]).includes(value);
}

/** The reply, if it is one (for the asking side). */
export function parseReply(value: unknown): ControlReply | null {
  if (!isRecord(value) || value.type !== REPLY_TYPE || typeof value.id !== 'string') return null;
  if (value.ok === true) return { type: REPLY_TYPE, id: value.id, ok: true, result: value.result };
  if (value.ok === false) return { type: REPLY_TYPE, id: value.id, ok: false, error: typeof value.error === 'string' ? value.error : 'The CCP emulator failed without saying why.' };
  return null;
}

function stringArg(args: readonly unknown[], index: number, name: string): string {
  const value = args[index];
  if (typeof value !== 'string' || value === '') throw new Error(`${name} must be a non-empty string`);
  return value;
}

function run(model: CcpModel, action: ControlAction, args: readonly unknown[]): unknown {
  switch (action) {
    case 'state':
      return { agentState: { name: model.agentStateName(), type: model.agentStateType() }, contacts: model.contacts(), transferred: model.transferredCalls() } satisfies EmulatorState;
    case 'customerCalls':
      return model.customerCalls(stringArg(args, 0, 'customerCalls: the phone number'));
    case 'customerHangsUp':
      return model.customerHangsUp(stringArg(args, 0, 'customerHangsUp: the contact id'));
    case 'calleeAnswers':
      return model.calleeAnswers(stringArg(args, 0, 'calleeAnswers: the contact id'));
    case 'calleeBusy':
      return model.calleeBusy(stringArg(args, 0, 'calleeBusy: the contact id'));
    case 'agentAnswers':
      return model.agentAnswers(stringArg(args, 0, 'agentAnswers: the contact id'));
    case 'agentHangsUp':
      return model.agentHangsUp(stringArg(args, 0, 'agentHangsUp: the contact id'));
    case 'agentClears':
      return model.agentClears(stringArg(args, 0, 'agentClears: the contact id'));
    case 'agentHolds':
      return model.agentHolds(stringArg(args, 0, 'agentHolds: the contact id'));
    case 'agentResumes':
      return model.agentResumes(stringArg(args, 0, 'agentResumes: the contact id'));
    case 'agentMutes': {
      const mute = args[0];
      if (typeof mute !== 'boolean') throw new Error('agentMutes: mute must be true or false');
      return model.agentMutes(mute);
    }
    case 'setAgentState':
      return model.setAgentState(stringArg(args, 0, 'setAgentState: the state name'));
    case 'targetAnswers':
      return model.targetAnswers(stringArg(args, 0, 'targetAnswers: the contact id'));
    case 'targetRefuses':
      return model.targetRefuses(stringArg(args, 0, 'targetRefuses: the contact id'));
    case 'targetHangsUp':
      return model.targetHangsUp(stringArg(args, 0, 'targetHangsUp: the contact id'));
    case 'setTargetBusy': {
      const busy = args[0];
      if (typeof busy !== 'boolean') throw new Error('setTargetBusy: busy must be true or false');
      return model.setTargetBusy(busy);
    }
    case 'transferToAgent':
      return model.transferToAgent(stringArg(args, 0, 'transferToAgent: the phone number'));
    case 'failNext': {
      const err = args[1];
      if (!isRecord(err) || typeof err.type !== 'string' || typeof err.message !== 'string') throw new Error('failNext: the error must be {type, message}');
      return model.failNext(stringArg(args, 0, 'failNext: the method'), { type: err.type, message: err.message });
    }
  }
}

/**
 * Answers one message of the control channel, or returns null when it is not one (the emulator page then ignores
 * it). A malformed control message that names an id gets an error reply. Never throws.
 */
export function answerControl(model: CcpModel, message: unknown): ControlReply | null {
  if (!isRecord(message) || typeof message.type !== 'string') return null;
  if (message.type !== HELLO_TYPE && message.type !== CONTROL_TYPE) return null;
  const id = message.id;
  if (typeof id !== 'string' || id === '') return null; // nobody to answer
  if (message.type === HELLO_TYPE) return { type: REPLY_TYPE, id, ok: true, result: EMULATOR_NAME };
  if (!isAction(message.action)) {
    return { type: REPLY_TYPE, id, ok: false, error: `Unknown action ${JSON.stringify(message.action) ?? 'undefined'}; the CCP emulator knows ${CONTROL_ACTIONS.join(', ')}.` };
  }
  const args = message.args === undefined ? [] : message.args;
  if (!Array.isArray(args)) return { type: REPLY_TYPE, id, ok: false, error: `${message.action}: args must be an array` };
  try {
    const result = run(model, message.action, args);
    return { type: REPLY_TYPE, id, ok: true, result: result === undefined ? null : result };
  } catch (error) {
    return { type: REPLY_TYPE, id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
