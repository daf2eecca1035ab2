/** @jest-environment node */
/**
 * The Customer panel's side of the Genesys bridge's simulator, against a real bridge: the agent's calls as the panel
 * shows them (with their third party, and the calls transferred away), and the transfer target's phone.
 */
import type { Bridge } from '../../server/src/app';
import { GenesysCustomerSide } from '../../dev/genesysCustomerSide';
import { AGENT2_DN, BridgeKit, postCommand } from '../server/bridgeTestKit';

const kit = new BridgeKit();
afterEach(() => kit.cleanup());

const CUSTOMER = '+16505550100';
const TARGET = AGENT2_DN;

/** A bridge, its panel side, and a customer's call the agent answered. */
async function answered(): Promise<{ bridge: Bridge; side: GenesysCustomerSide; id: string }> {
  const bridge = await kit.start();
  const side = new GenesysCustomerSide(bridge.url);
  await side.callAgent(CUSTOMER);
  const [ringing] = await side.calls();
  await side.softphoneAnswer(ringing.id);
  return { bridge, side, id: ringing.id };
}

test('names the transfer target once it has read the state', async () => {
  const bridge = await kit.start();
  const side = new GenesysCustomerSide(bridge.url);
  expect(side.targetDestinations).toEqual([]);
  await side.calls();
  expect(side.targetDestinations).toEqual([TARGET]);
});

test('a consult shows as the call\'s third party, ringing then talking; the consult call is no call of its own', async () => {
  const { bridge, side, id } = await answered();
  expect((await postCommand(bridge, { type: 'InitiateTransfer', connectionId: id, destination: TARGET })).status).toBe(200);

  expect(await side.calls()).toEqual([{ id, direction: 'inbound', state: 'held', number: CUSTOMER, thirdParty: { destination: TARGET, state: 'ringing' } }]);
  await side.targetAnswers(id);
  expect(await side.calls()).toEqual([{ id, direction: 'inbound', state: 'held', number: CUSTOMER, thirdParty: { destination: TARGET, state: 'talking' } }]);
  await side.targetHangsUp(id);
  expect(await side.calls()).toEqual([{ id, direction: 'inbound', state: 'held', number: CUSTOMER }]);
});

test('the target refuses a consult that rings; it cannot refuse one it answered', async () => {
  const { bridge, side, id } = await answered();
  await postCommand(bridge, { type: 'InitiateTransfer', connectionId: id, destination: TARGET });
  await side.targetRefuses(id);
  expect(await side.calls()).toEqual([expect.not.objectContaining({ thirdParty: expect.anything() })]);

  await postCommand(bridge, { type: 'Retrieve', connectionId: id });
  await postCommand(bridge, { type: 'InitiateTransfer', connectionId: id, destination: TARGET });
  await side.targetAnswers(id);
  await expect(side.targetRefuses(id)).rejects.toThrow(`The call at ${TARGET} is not ringing`);
});

test('a call transferred away stays listed as transferred, with the target, until it ends; a conference shows its member', async () => {
  const { bridge, side, id } = await answered();
  await postCommand(bridge, { type: 'SingleStepTransfer', connectionId: id, destination: TARGET });

  expect(await side.calls()).toEqual([{ id, direction: 'inbound', state: 'transferred', number: CUSTOMER, thirdParty: { destination: TARGET, state: 'ringing' } }]);
  await side.targetAnswers(id);
  expect(await side.calls()).toEqual([{ id, direction: 'inbound', state: 'transferred', number: CUSTOMER, thirdParty: { destination: TARGET, state: 'talking' } }]);
  await side.hangUp(id);
  expect(await side.calls()).toEqual([]);

  await side.callAgent(CUSTOMER);
  const [second] = await side.calls();
  await side.softphoneAnswer(second.id);
  const dialing = await postCommand(bridge, { type: 'InitiateTransfer', connectionId: second.id, destination: TARGET });
  expect(dialing.status).toBe(200);
  await side.targetAnswers(second.id);
  const consult = (await bridge.simulatorState?.())?.calls.find((call) => call.consultFor === second.id);
  await postCommand(bridge, { type: 'CompleteConference', connectionId: second.id, consultConnectionId: consult?.connId ?? '' });
  expect(await side.calls()).toEqual([{ id: second.id, direction: 'inbound', state: 'talking', number: CUSTOMER, thirdParty: { destination: TARGET, state: 'conferenced' } }]);
});

test('the target\'s phone busy, and a colleague transferring a caller to the agent', async () => {
  const { bridge, side, id } = await answered();
  await side.setTargetBusy(true);
  const refused = await postCommand(bridge, { type: 'SingleStepTransfer', connectionId: id, destination: TARGET });
  expect(refused.body).toMatchObject({ errorCode: 'BACKEND_ERROR', errorMessage: expect.stringContaining('busy') });
  await side.setTargetBusy(false);
  await side.hangUp(id);

  await side.transferToAgent(CUSTOMER);
  expect(await side.calls()).toEqual([{ id: expect.any(String) as unknown, direction: 'inbound', state: 'ringing', number: CUSTOMER }]);
  await expect(side.targetAnswers('0123456789abcdef')).rejects.toThrow('No transfer target is on call 0123456789abcdef');
});
