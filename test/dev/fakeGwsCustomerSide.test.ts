/** @jest-environment node */
/**
 * The Customer panel's side of the fake GWS, against the fake itself: it shows one agent's calls as the panel does,
 * plays the customer, the callee and the agent's phone through the control API, and reports refusals in the fake's
 * words.
 */
import type { FakeGws } from '../../dev/fakeGws/server';
import { FakeGwsCustomerSide } from '../../dev/fakeGwsCustomerSide';
import { agentSession, startTestFake, type WorkspaceClient } from '../fakeGws/gwsTestKit';

let fake: FakeGws;
let side: FakeGwsCustomerSide;

beforeEach(async () => {
  fake = await startTestFake();
  side = new FakeGwsCustomerSide(fake.url, 'agent2');
});

afterEach(async () => {
  await fake.close();
});

test('names the fake and the agent it plays for', () => {
  expect(side.description).toBe(`Fake GWS at ${fake.url}: the customer, agent2's phone and the other agents' phones.`);
});

test('a customer calls the agent, the agent answers on the phone and hangs up there: the panel follows each step', async () => {
  await side.callAgent('+16505550100');
  const [ringing] = await side.calls();
  expect(ringing).toEqual({ id: expect.stringMatching(/^[0-9a-f]{16}$/) as unknown, direction: 'inbound', state: 'ringing', number: '+16505550100' });
  // Only that agent's calls: agent1 has none.
  expect(await new FakeGwsCustomerSide(fake.url, 'agent1').calls()).toEqual([]);

  await side.softphoneAnswer(ringing.id);
  expect(await side.calls()).toEqual([{ ...ringing, state: 'talking' }]);
  await side.softphoneHangUp(ringing.id);
  expect(await side.calls()).toEqual([]);
});

test('the agent holds and resumes on the phone, and the panel shows the digits the customer heard', async () => {
  const agent = await agentSession(fake, 'agent2');
  try {
    await side.callAgent('+16505550100');
    const [ringing] = await side.calls();
    await side.softphoneAnswer(ringing.id);
    await side.softphoneHold(ringing.id);
    expect(await side.calls()).toEqual([{ ...ringing, state: 'held' }]);
    await side.softphoneResume(ringing.id);
    expect((await agent.post(`voice/calls/${ringing.id}/send-dtmf`, { data: { dtmfDigits: '42#' } })).status).toBe(200);
    expect(await side.calls()).toEqual([{ ...ringing, state: 'talking', digitsHeard: '42#' }]);
    await expect(side.softphoneResume(ringing.id)).rejects.toThrow(`call ${ringing.id} is Established at agent2's DN`);
  } finally {
    await agent.close();
  }
});

test('the customer hangs up', async () => {
  await side.callAgent('+16505550100');
  const [call] = await side.calls();
  await side.hangUp(call.id);
  expect(await side.calls()).toEqual([]);
});

describe('an outbound call the agent dials', () => {
  let agent: WorkspaceClient;

  beforeEach(async () => {
    agent = await agentSession(fake, 'agent2');
  });

  afterEach(async () => {
    await agent.close();
  });

  async function dial(): Promise<string> {
    const answer = await agent.post('voice/make-call', { data: { destination: '+14155550123' } });
    expect(answer.status).toBe(200);
    const [call] = await waitForCalls(1);
    expect(call).toMatchObject({ direction: 'outbound', state: 'dialing', number: '+14155550123' });
    return call.id;
  }

  async function waitForCalls(count: number) {
    for (;;) {
      const calls = await side.calls();
      if (calls.length === count) return calls;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  test('the callee answers', async () => {
    const id = await dial();
    await side.calleeAnswers(id);
    expect(await side.calls()).toMatchObject([{ id, state: 'talking' }]);
  });

  test('the callee is busy', async () => {
    const id = await dial();
    await side.calleeBusy(id);
    expect(await side.calls()).toEqual([]);
  });
});

test('a refusal is an error in the fake’s words', async () => {
  await expect(side.hangUp('0000000000000000')).rejects.toThrow('no call 0000000000000000 with a party outside the switch');
  await expect(new FakeGwsCustomerSide(fake.url, 'nobody').calls()).rejects.toThrow('no agent "nobody"');
  await expect(side.callAgent('not a number')).rejects.toThrow('ani "not a number" is not a phone number');
});

describe('transfers, played at the other agents\' phones', () => {
  let agent: WorkspaceClient;
  const CUSTOMER = '+16505550100';

  beforeEach(async () => {
    agent = await agentSession(fake, 'agent2');
  });

  afterEach(async () => {
    await agent.close();
  });

  /** agent2 talks with a customer; resolves the call's id. */
  async function talking(): Promise<string> {
    await side.callAgent(CUSTOMER);
    const [ringing] = await side.calls();
    await side.softphoneAnswer(ringing.id);
    await agent.callState('Established', ringing.id);
    return ringing.id;
  }

  test('a consult is the call\'s third party, ringing then talking, then conferenced; the colleague leaving drops it', async () => {
    const id = await talking();
    expect(side.targetDestinations).toEqual(['7001']);
    await agent.post(`voice/calls/${id}/initiate-transfer`, { data: { destination: '7001' } });
    const consult = (await agent.callState('Dialing')).call.id;

    expect(await side.calls()).toEqual([{ id, direction: 'inbound', state: 'held', number: CUSTOMER, thirdParty: { destination: '7001', state: 'ringing' } }]);
    await side.targetAnswers(id);
    expect((await side.calls())[0].thirdParty).toEqual({ destination: '7001', state: 'talking' });
    await agent.post(`voice/calls/${consult}/complete-conference`, { data: { parentConnId: id } });
    await agent.callState('Established', id);
    expect(await side.calls()).toEqual([{ id, direction: 'inbound', state: 'talking', number: CUSTOMER, thirdParty: { destination: '7001', state: 'conferenced' } }]);
    await side.targetHangsUp(id);
    expect(await side.calls()).toEqual([{ id, direction: 'inbound', state: 'talking', number: CUSTOMER }]);
  });

  test('a call transferred away is listed as transferred until it ends; the colleague may refuse a consult that rings', async () => {
    const id = await talking();
    await agent.post(`voice/calls/${id}/single-step-transfer`, { data: { destination: '7001' } });
    await agent.callState('Released', id);
    expect(await side.calls()).toEqual([{ id, direction: 'inbound', state: 'transferred', number: CUSTOMER, thirdParty: { destination: '7001', state: 'ringing' } }]);
    await side.targetAnswers(id);
    expect((await side.calls())[0]).toMatchObject({ state: 'transferred', thirdParty: { state: 'talking' } });
    await side.hangUp(id);
    expect(await side.calls()).toEqual([]);

    const second = await talking();
    await agent.post(`voice/calls/${second}/initiate-transfer`, { data: { destination: '7001' } });
    await agent.callState('Dialing');
    await side.targetRefuses(second);
    await expect(side.targetRefuses(second)).rejects.toThrow(`No colleague is on call ${second}`);
  });

  test('a colleague transfers a caller to the agent', async () => {
    await side.transferToAgent(CUSTOMER);
    expect(await side.calls()).toEqual([{ id: expect.any(String) as unknown, direction: 'inbound', state: 'ringing', number: CUSTOMER }]);
  });
});
