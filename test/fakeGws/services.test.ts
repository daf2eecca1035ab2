/** @jest-environment node */
/**
 * Genesys' services going down and coming back at the fake GWS: ServiceStateChanged on the channel of the service,
 * voice requests refused while VOICE is down, nothing heard of the switch meanwhile, current-session to catch up.
 */
import type { FakeGws } from '../../dev/fakeGws/server';
import { agentSession, control, customerCalls, startTestFake, type CurrentSessionBody, type WorkspaceClient } from './gwsTestKit';

let fake: FakeGws;
let agent1: WorkspaceClient;

beforeEach(async () => {
  fake = await startTestFake();
  agent1 = await agentSession(fake, 'agent1');
});

afterEach(async () => {
  await agent1.close();
  await fake.close();
});

test('VOICE down: ServiceStateChanged UNAVAILABLE on /workspace/v3/voice, voice requests 503, current-session says so', async () => {
  expect((await control(fake, 'POST', '/services/VOICE', { state: 'UNAVAILABLE' })).status).toBe(200);
  const down = await agent1.serviceState('UNAVAILABLE');
  expect(down).toEqual({ messageType: 'ServiceStateChanged', serviceName: 'VOICE', serviceState: 'UNAVAILABLE' });
  expect(agent1.messages.at(-1)?.channel).toBe('/workspace/v3/voice');
  const ready = await agent1.post('voice/ready');
  expect(ready).toEqual({ status: 503, body: { status: { code: 503, message: expect.stringMatching(/VOICE/) } } });
  const session = await agent1.get<CurrentSessionBody>('current-session');
  expect(session.body.data.user.activeSession?.services).toEqual([{ serviceName: 'VOICE', serviceState: 'UNAVAILABLE' }]);

  await control(fake, 'POST', '/services/VOICE', { state: 'AVAILABLE' });
  await agent1.serviceState('AVAILABLE');
  expect((await agent1.post('voice/ready')).status).toBe(200);
  await agent1.dnState('Ready');
});

test('a customer who hangs up while VOICE is down is not heard of; after it is back, current-session no longer lists the call', async () => {
  const connId = await customerCalls(fake, 'agent1', '+15552220001');
  await agent1.callState('Ringing', connId);
  await control(fake, 'POST', '/services/VOICE', { state: 'UNAVAILABLE' });
  await agent1.serviceState('UNAVAILABLE');
  await control(fake, 'POST', `/calls/${connId}/hang-up`);
  await control(fake, 'POST', '/services/VOICE', { state: 'AVAILABLE' });
  // The next message after UNAVAILABLE is AVAILABLE: the release in between was never sent.
  expect(await agent1.waitFor(() => true)).toEqual({ messageType: 'ServiceStateChanged', serviceName: 'VOICE', serviceState: 'AVAILABLE' });
  const session = await agent1.get<CurrentSessionBody>('current-session');
  expect(session.body.data.user.activeSession?.calls).toEqual([]);
});

test('IXN down is told on /workspace/v3/media and leaves voice working', async () => {
  await control(fake, 'POST', '/services/IXN', { state: 'UNAVAILABLE' });
  const down = await agent1.serviceState('UNAVAILABLE');
  expect(down.serviceName).toBe('IXN');
  expect(agent1.messages.at(-1)?.channel).toBe('/workspace/v3/media');
  expect((await agent1.post('voice/ready')).status).toBe(200);
});

test('the control API refuses what it cannot do', async () => {
  expect((await control(fake, 'POST', '/services/VOICE', { state: 'SLEEPY' })).status).toBe(400);
  expect((await control(fake, 'POST', '/calls', { agent: 'nobody', ani: '+1555' })).status).toBe(404);
  expect((await control(fake, 'POST', '/calls', { agent: 'agent1', ani: 'not a number' })).status).toBe(400);
  expect((await control(fake, 'POST', '/calls/0000000000000000/hang-up')).status).toBe(404);
});
