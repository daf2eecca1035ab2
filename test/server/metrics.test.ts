/** @jest-environment node */
/**
 * BridgeMetrics: frames are counted as they go and reach genesys_bridge_events_out_total when it is read, once each;
 * a session's commands are counted by type and result.
 */
import { BridgeMetrics } from '../../server/src/bridge/metrics';
import { AGENT1_DN, BridgeKit, simulatorOf } from './bridgeTestKit';

const kit = new BridgeKit();
afterEach(() => kit.cleanup());

async function framesCounted(metrics: BridgeMetrics): Promise<number> {
  const text = await metrics.registry.getSingleMetricAsString('genesys_bridge_events_out_total');
  const line = text.split('\n').find((candidate) => candidate.startsWith('genesys_bridge_events_out_total '));
  return Number(line?.split(' ').pop());
}

test('every frame sent is counted once, however often the metric is read', async () => {
  const metrics = new BridgeMetrics({ sessions: () => 0, linkConnected: () => true, draining: () => false });
  expect(await framesCounted(metrics)).toBe(0);
  for (let frame = 0; frame < 3; frame += 1) metrics.frameSent();
  expect(await framesCounted(metrics)).toBe(3);
  expect(await framesCounted(metrics)).toBe(3);
  metrics.frameSent();
  metrics.frameSent();
  expect((await metrics.registry.metrics()).split('\n')).toContain('genesys_bridge_events_out_total 5');
  expect(await framesCounted(metrics)).toBe(5);
});

test("a session's frames and commands, as /metrics shows them", async () => {
  const bridge = await kit.start();
  const { stream } = await kit.connectAndSnapshot(bridge);
  stream.send({ type: 'Ready' });
  await stream.waitFor('EventAgentReady');
  const call = simulatorOf(bridge).customerCalls({ dn: AGENT1_DN, ani: '+15550100' });
  await stream.waitFor('EventRinging');
  stream.send({ type: 'Accept', connectionId: call.connId });
  await stream.waitFor('EventEstablished');
  stream.send({ type: 'Hold', connectionId: 'ffffffffffffffff' });
  await stream.waitFor('EventError');

  const lines = (await (await fetch(`${bridge.url}/metrics`)).text()).split('\n');
  expect(lines).toContain('genesys_bridge_commands_total{type="Ready",result="ok"} 1');
  expect(lines).toContain('genesys_bridge_commands_total{type="Accept",result="ok"} 1');
  expect(lines).toContain('genesys_bridge_commands_total{type="Hold",result="UNKNOWN_CALL"} 1');
  expect(lines).toContain(`genesys_bridge_events_out_total ${stream.received.length}`);
});
