/**
 * The customer's side of the line, through the bridge's simulator control API, as the Fusion simulator's Customer
 * panel plays it. Node's fetch sends no Origin header, which the bridge admits (requests not from a browser).
 */

interface SimulatorState {
  readonly devAgentDn: string | null;
  readonly dns: ReadonlyArray<{ readonly dn: string; readonly calls: ReadonlyArray<{ readonly connId: string }> }>;
}

export interface PlacedCall {
  readonly connectionId: string;
  /** The id the toolbar and Fusion name the call by (its CallUuid). */
  readonly eventId: string;
}

export class Customer {
  constructor(
    private readonly bridgeUrl: string,
    /** In the Fusion simulator's directory, so that Fusion's reverse lookup names the caller as for a real customer. */
    private readonly number = '+16505550100',
  ) {}

  /** The customer calls the development agent's DN. */
  async calls(): Promise<PlacedCall> {
    const body = (await this.post('/simulator/calls', { ani: this.number }, 201)) as Partial<PlacedCall>;
    if (typeof body.connectionId !== 'string' || typeof body.eventId !== 'string') {
      throw new Error(`POST /simulator/calls answered without connectionId and eventId: ${JSON.stringify(body)}`);
    }
    return { connectionId: body.connectionId, eventId: body.eventId };
  }

  async hangsUp(connectionId: string): Promise<void> {
    await this.post(`/simulator/calls/${encodeURIComponent(connectionId)}/hangup`, undefined, 200);
  }

  /** Ends whatever call a failed story left on the agent's phone, so that the next call starts clean. */
  async hangsUpEverything(): Promise<void> {
    const response = await fetch(`${this.bridgeUrl}/simulator/state`);
    if (!response.ok) throw new Error(`GET /simulator/state: HTTP ${response.status}`);
    const state = (await response.json()) as SimulatorState;
    const calls = state.dns.find((entry) => entry.dn === state.devAgentDn)?.calls ?? [];
    for (const call of calls) await fetch(`${this.bridgeUrl}/simulator/calls/${encodeURIComponent(call.connId)}/hangup`, { method: 'POST' });
  }

  private async post(path: string, body: Record<string, string> | undefined, expected: number): Promise<unknown> {
    const response = await fetch(`${this.bridgeUrl}${path}`, {
      method: 'POST',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer: unknown = await response.json().catch(() => undefined);
    if (response.status !== expected) throw new Error(`POST ${path}: HTTP ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  }
}
