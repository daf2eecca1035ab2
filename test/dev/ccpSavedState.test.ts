/** The CCP emulator keeps what Amazon Connect keeps of the agent, so a reloaded CCP picks up where it was. */
import { CcpModel } from '../../dev/ccp/ccpModel';
import { readSavedState, type SavedCcpState } from '../../dev/ccp/ccpSavedState';

const CALLER = '+16505550100';
const CALLEE = '+14155550123';

/** What the earlier page stored, as the reloaded one reads it back. */
function stored(model: CcpModel): SavedCcpState {
  return readSavedState(JSON.parse(JSON.stringify(model.save())));
}

/** The model as a reloaded CCP would build it: from what the earlier page stored. */
function reloaded(saved: SavedCcpState | CcpModel, options: { ringTimeoutMs: number | null; dialTimeoutMs?: number | null }): CcpModel {
  return new CcpModel({ ...options, restore: saved instanceof CcpModel ? stored(saved) : saved });
}

afterEach(() => jest.useRealTimers());

describe('a reloaded CCP emulator', () => {
  it('shows the same agent and contacts, legs and timestamps as before the reload', () => {
    const model = new CcpModel({ ringTimeoutMs: null, dialTimeoutMs: null });
    const talking = model.customerCalls(CALLER);
    model.agentAnswers(talking);
    model.customerCalls('+442071838750');
    const before = model.agentData().snapshot;

    const after = reloaded(model, { ringTimeoutMs: null }).agentData().snapshot;

    expect({ ...after, snapshotTimestamp: null, localTimestamp: null }).toEqual({ ...before, snapshotTimestamp: null, localTimestamp: null });
  });

  it('keeps the state the agent chose and the system state shown over it', () => {
    const model = new CcpModel({ ringTimeoutMs: null, initialState: 'Available' });
    const call = model.customerCalls(CALLER);
    model.agentAnswers(call);
    model.agentHangsUp(call);
    const after = reloaded(model, { ringTimeoutMs: null });
    expect([after.agentStateName(), after.availabilityStateName()]).toEqual(['AfterCallWork', 'Available']);
  });

  it('a call ringing when the CCP reloaded rings out at the moment it would have, not later', () => {
    jest.useFakeTimers({ now: new Date('2026-12-02T08:00:00Z') });
    const model = new CcpModel({ ringTimeoutMs: 30_000 });
    const call = model.customerCalls(CALLER);
    jest.advanceTimersByTime(20_000);
    const saved = stored(model);
    model.dispose(); // the old page is gone with its timers
    const after = reloaded(saved, { ringTimeoutMs: 30_000 });
    jest.advanceTimersByTime(9_999);
    expect(after.contacts().find((c) => c.contactId === call)?.state).toBe('connecting');
    jest.advanceTimersByTime(1);
    expect(after.contacts().find((c) => c.contactId === call)?.state).toBe('error');
    after.dispose();
  });

  it('an outbound call whose dial timer ran out while the page was away fails at once', () => {
    jest.useFakeTimers({ now: new Date('2026-12-02T08:00:00Z') });
    const model = new CcpModel({ ringTimeoutMs: null, dialTimeoutMs: 5_000 });
    model.handleApi('createOutboundContact', { endpoint: { phoneNumber: CALLEE } });
    const saved = stored(model);
    model.dispose();
    jest.setSystemTime(new Date('2026-12-02T08:00:10Z'));
    const after = reloaded(saved, { ringTimeoutMs: null, dialTimeoutMs: 5_000 });
    jest.advanceTimersByTime(0);
    expect(after.contacts().map((c) => c.state)).toEqual(['error']);
    expect(after.agentStateName()).toBe('FailedConnectCustomer');
    after.dispose();
  });
});

describe('readSavedState', () => {
  const good = (): SavedCcpState => {
    const model = new CcpModel({ ringTimeoutMs: null });
    model.agentAnswers(model.customerCalls(CALLER));
    return JSON.parse(JSON.stringify(model.save())) as SavedCcpState;
  };

  it.each<[string, (state: Record<string, unknown>) => unknown, string]>([
    ['not an object', () => 'agent', 'saved CCP state must be an object'],
    ['another version', (s) => ({ ...s, version: 2 }), 'saved CCP state.version must be 3'],
    ['no version', (s) => ({ ...s, version: undefined }), 'saved CCP state.version must be 3'],
    ['a chosen state that is no text', (s) => ({ ...s, chosen: 7 }), 'saved CCP state.chosen must be a text of 1 to 256 characters'],
    ['a time that is text', (s) => ({ ...s, stateSince: 'now' }), 'saved CCP state.stateSince must be a time in epoch milliseconds'],
    ['a contact in an unknown state', (s) => ({ ...s, contacts: [{ ...(s.contacts as object[])[0], state: 'talking' }] }), 'saved CCP state.contacts[0].state must be one of connecting, connected, ended, missed, rejected, error'],
    ['a leg without its id', (s) => ({ ...s, contacts: [{ ...(s.contacts as Array<Record<string, unknown>>)[0], agent: { state: 'connected', since: 1 } }] }), 'saved CCP state.contacts[0].agent.connectionId must be a text of 1 to 256 characters'],
    ['too many contacts', (s) => ({ ...s, contacts: Array(21).fill((s.contacts as object[])[0]) }), 'saved CCP state.contacts must be a list of at most 20 entries'],
  ])('refuses %s, naming the field', (_what, damage, message) => {
    expect(() => readSavedState(damage(good() as unknown as Record<string, unknown>))).toThrow(message);
  });

  it('a state name no agent has is refused when the model is built from it', () => {
    expect(() => new CcpModel({ ringTimeoutMs: null, restore: { ...good(), chosen: 'Dancing' } })).toThrow('initialState "Dancing" is not one of the agent states');
    expect(() => new CcpModel({ ringTimeoutMs: null, restore: { ...good(), system: 'Napping' } })).toThrow('the saved system state "Napping" is not one Amazon Connect shows');
  });
});
