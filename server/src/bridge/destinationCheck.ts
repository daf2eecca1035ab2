/**
 * The MakeCall and transfer destinations the bridge refuses as the client's mistake although they are dialable numbers: the DNs
 * of this switch. The agent's own DN cannot call itself; another agent's DN is an internal call, which the bridge
 * does not place (the simulator does not model internal calls, and a call between two agents' DNs would show both
 * of them the other's call). Refused before T-Server is asked, so that T-Server's refusals stay the backend's own.
 */
import { dialString } from '../../../protocol/fieldRules';
import type { AgentDirectory } from './agentDirectory';
import { BridgeFailure } from './failure';

/** Throws the refusal when `destination` (already a dialable number) is a DN of this switch, seen from `ownDn`. */
export function checkDestination(destination: string, ownDn: string, directory: AgentDirectory): void {
  const dialed = dialString(destination);
  if (dialed === dialString(ownDn)) {
    throw new BridgeFailure('BAD_REQUEST', `${destination} is your own phone (DN ${ownDn}): a DN cannot call itself`, undefined, undefined, 'destination');
  }
  if (directory.dns.some((dn) => dialString(dn) === dialed)) {
    throw new BridgeFailure('FORBIDDEN', `${destination} is another agent's DN on this switch: the bridge does not place calls between agents`, undefined, undefined, 'destination');
  }
}

/**
 * Throws the refusal when a transfer or consult names the agent's own DN: the call is on it already. Another agent's
 * DN is where a transfer to a colleague goes, so it passes; whether T-Server can route the rest is T-Server's to say.
 */
export function checkTransferDestination(destination: string, ownDn: string): void {
  if (dialString(destination) === dialString(ownDn)) {
    throw new BridgeFailure('BAD_REQUEST', `${destination} is your own phone (DN ${ownDn}): a call cannot be transferred to the DN it is on`, undefined, undefined, 'destination');
  }
}
