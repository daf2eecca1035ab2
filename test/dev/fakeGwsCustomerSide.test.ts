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
  expect(side.description).toBe(`Fake GWS at ${fake.url}: the customer and agent2's phone.`);
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
