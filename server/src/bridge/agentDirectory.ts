/** The server's agent table (config.agents) in both directions: agentId → DN for trust, DN → agentId for snapshots. */
import type { AgentEntry } from '../config';

export class AgentDirectory {
  private readonly dnByAgent = new Map<string, string>();
  private readonly agentByDn = new Map<string, string>();

  constructor(agents: Readonly<Record<string, AgentEntry>>) {
    for (const [agentId, entry] of Object.entries(agents)) {
      this.dnByAgent.set(agentId, entry.dn);
      this.agentByDn.set(entry.dn, agentId);
    }
  }

  dnOf(agentId: string): string | undefined {
    return this.dnByAgent.get(agentId);
  }

  agentOf(dn: string): string | undefined {
    return this.agentByDn.get(dn);
  }

  get dns(): string[] {
    return [...this.agentByDn.keys()];
  }
}
