/**
 * BridgeCommand → T-Server request, for the agent's own DN. Pure: the caller has already found the call on the
 * agent's DN (see CommandExecutor), so what is left here is which request each command is, and the one rule T-Server
 * cannot enforce: it has a single RequestReleaseCall for both declining and hanging up, while the protocol keeps
 * Reject and Hangup apart so that a stale click cannot hang up a call the agent meant to decline, or the reverse.
 * The exception is the tutorial's own client (token-less, development mode): its hangupCall sends Reject for a
 * talking call, which its Java microservice turned into RequestReleaseCall, so for it Reject releases in any state.
 */
import type { BridgeCommand } from '../../../protocol/bridgeProtocol';
import type { TCall, TRequest } from '../backend/telephonyBackend';
import { BridgeFailure } from './failure';

export type CallCommand = Extract<BridgeCommand, { readonly connectionId: string }>;
export type AgentCommand = Exclude<BridgeCommand, CallCommand | { readonly type: 'initialize' }>;

export function isCallCommand(command: BridgeCommand): command is CallCommand {
  return 'connectionId' in command;
}

export function callRequestFor(command: CallCommand, call: TCall, rejectReleasesAnyCall = false): TRequest {
  const connId = call.connId;
  switch (command.type) {
    case 'Accept':
      return { kind: 'AnswerCall', connId };
    case 'Reject':
      if (call.state !== 'Ringing' && !rejectReleasesAnyCall) {
        throw new BridgeFailure('INVALID_IN_STATE', `Reject declines a ringing call; call ${connId} is ${call.state} (use Hangup)`);
      }
      return { kind: 'ReleaseCall', connId };
    case 'Hangup':
      if (call.state === 'Ringing') {
        throw new BridgeFailure('INVALID_IN_STATE', `call ${connId} is ringing: decline it with Reject`);
      }
      return { kind: 'ReleaseCall', connId };
    case 'Hold':
      return { kind: 'HoldCall', connId };
    case 'Retrieve':
      return { kind: 'RetrieveCall', connId };
    case 'SendDTMF':
      return { kind: 'SendDTMF', connId, digits: command.digits };
    case 'SingleStepTransfer':
      return { kind: 'SingleStepTransfer', connId, destination: command.destination };
    case 'InitiateTransfer':
    case 'InitiateConference':
      return { kind: command.type, connId, destination: command.destination };
    case 'CompleteTransfer':
    case 'CompleteConference':
      return { kind: command.type, connId, consultConnId: command.consultConnectionId };
    case 'Reconnect':
      return { kind: 'ReconnectCall', connId, consultConnId: command.consultConnectionId };
  }
}

/** The consult call a command names beside its own call (CompleteTransfer, CompleteConference, Reconnect). */
export function consultOf(command: CallCommand): string | undefined {
  return 'consultConnectionId' in command ? command.consultConnectionId : undefined;
}

/** Where a command sends its call (SingleStepTransfer, InitiateTransfer, InitiateConference). */
export function transferDestinationOf(command: CallCommand): string | undefined {
  return 'destination' in command ? command.destination : undefined;
}

export function agentRequestFor(command: AgentCommand, agentId: string): TRequest {
  switch (command.type) {
    case 'MakeCall':
      return {
        kind: 'MakeCall',
        destination: command.destination,
        userData: command.eventId !== undefined ? { eventId: command.eventId } : {},
      };
    case 'Ready':
      return { kind: 'AgentReady', agentId };
    case 'NotReady':
      return {
        kind: 'AgentNotReady',
        agentId,
        ...(command.reasonCode !== undefined ? { reasonCode: command.reasonCode } : {}),
      };
  }
}
