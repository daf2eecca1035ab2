/**
 * Carries out a validated command for an authenticated agent: refuses a MakeCall to a DN of this switch, checks the
 * link, confines call commands to calls on the agent's own DN, sends the T-Server request and resolves with its
 * ReferenceID once T-Server has answered (its answering event has then already been pushed to the DN's sessions).
 * Refusals are BridgeFailures.
 */
import type { BridgeCommand, BridgeOrder } from '../../../protocol/bridgeProtocol';
import type { TelephonyBackend, TEvent, TRequest } from '../backend/telephonyBackend';
import type { AgentDirectory } from './agentDirectory';
import type { CallLocator } from './callLocator';
import { agentRequestFor, callRequestFor, consultOf, isCallCommand, transferDestinationOf, type CallCommand } from './commandTranslation';
import { checkDestination, checkTransferDestination } from './destinationCheck';
import { BridgeFailure, failureFromBackend } from './failure';
import type { AgentIdentity } from './session';
import type { SessionRegistry } from './sessionRegistry';
import type { OrderClock } from './orderClock';
import type { SnapshotPublisher } from './snapshots';

export class CommandExecutor {
  constructor(
    private readonly backend: TelephonyBackend,
    private readonly registry: SessionRegistry,
    private readonly locator: CallLocator,
    private readonly snapshots: SnapshotPublisher,
    private readonly directory: AgentDirectory,
    private readonly clock: OrderClock,
  ) {}

  /**
   * Resolves with the ReferenceID of the request T-Server answered, and the order of that answer (stamped once
   * T-Server answered, so any snapshot stamped later shows what the command did).
   */
  async execute(agent: AgentIdentity, command: BridgeCommand): Promise<{ referenceId: number; order: BridgeOrder }> {
    const referenceId = await this.carryOut(agent, command);
    return { referenceId, order: this.clock.stamp() };
  }

  private async carryOut(agent: AgentIdentity, command: BridgeCommand): Promise<number> {
    // A client's mistake is its own whatever the link's state: a 4xx, never a backend failure.
    if (command.type === 'MakeCall') checkDestination(command.destination, agent.dn, this.directory);
    const transferTo = isCallCommand(command) ? transferDestinationOf(command) : undefined;
    if (transferTo !== undefined) checkTransferDestination(transferTo, agent.dn);
    // While the CTI link is down T-Server's picture of calls is uncertain: refuse before asking it anything.
    if (!this.backend.linkConnected) throw new BridgeFailure('LINK_DOWN', 'the T-Server link is down; try again when it is back');
    // T-Server takes requests only for registered DNs; normally a session of the agent has registered it already.
    await this.registry.ensureRegistered(agent.dn).catch((error: unknown) => Promise.reject(failureFromBackend(error)));
    if (command.type === 'initialize') return this.initialize(agent);
    const request = isCallCommand(command) ? await this.callRequest(agent, command) : agentRequestFor(command, agent.agentId);
    return referenceIdOf(await this.send(agent.dn, request));
  }

  /** The tutorial's start: (the DN is registered by now) log in and make ready, then tell the sessions (EventRegistered). */
  private async initialize(agent: AgentIdentity): Promise<number> {
    const answer = await this.send(agent.dn, { kind: 'AgentReady', agentId: agent.agentId });
    await this.snapshots.refresh(agent.dn);
    return referenceIdOf(answer);
  }

  private async callRequest(agent: AgentIdentity, command: CallCommand): Promise<TRequest> {
    const status = await this.backend.query(agent.dn).catch((error: unknown) => Promise.reject(failureFromBackend(error)));
    const call = status.calls.find((candidate) => candidate.connId === command.connectionId);
    if (!call) throw this.notOnDn(command.connectionId, agent.dn);
    // The consult call a command ends must be the agent's too: T-Server would act on any call of the switch.
    const consult = consultOf(command);
    if (consult !== undefined && !status.calls.some((candidate) => candidate.connId === consult)) throw this.notOnDn(consult, agent.dn, 'consultConnectionId');
    // The token-less development agent is the tutorial's client (see callRequestFor).
    return callRequestFor(command, call, agent.tokenless === true);
  }

  /** A call that is not on the agent's DN: another agent's (FORBIDDEN), or none the bridge knows (UNKNOWN_CALL). */
  private notOnDn(connId: string, dn: string, field?: 'consultConnectionId'): BridgeFailure {
    if (this.locator.isOnAnotherDn(connId, dn)) return new BridgeFailure('FORBIDDEN', `call ${connId} is not on DN ${dn}`, undefined, undefined, field);
    return new BridgeFailure('UNKNOWN_CALL', `no call ${connId} on DN ${dn}`, undefined, undefined, field);
  }

  private async send(dn: string, request: TRequest): Promise<TEvent> {
    try {
      return await this.backend.request(dn, request);
    } catch (error) {
      throw failureFromBackend(error);
    }
  }
}

/** T-Server echoes the request's ReferenceID in its answer; 0 is T-Lib's "none" should a backend omit it. */
function referenceIdOf(answer: TEvent): number {
  return answer.referenceId ?? 0;
}
