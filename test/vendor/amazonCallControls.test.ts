/**
 * The Amazon handler's call controls on the real Streams library through the real initCCP, with the CCP emulator
 * behind the frame: bad input refused with a clear error and the call left as it was, the agent's own Hold and Mute in
 * the CCP, a toolbar loaded during a held call, and a softphone that never answers a mute.
 */
import { ReportedEvents } from '../contract/vendorContract';
import { amazonDriver, type AmazonDriver } from '../contract/amazonDriver';
import { VendorError } from '../../src/ts/cti/core/errors';
import type { VendorEvent } from '../../src/ts/cti/core/types';

const CUSTOMER = '+16505550100';

let driver: AmazonDriver | null = null;

afterEach(async () => {
  jest.restoreAllMocks();
  if (driver) {
    await driver.handler.stop();
    await driver.dispose();
  }
  driver = null;
});

async function rejection(request: Promise<void>): Promise<{ code: string; message: string }> {
  try {
    await request;
  } catch (err) {
    if (!(err instanceof VendorError)) throw new Error(`not a VendorError: ${String(err)}`, { cause: err });
    return { code: err.code, message: err.message };
  }
  throw new Error('the request resolved');
}

async function startedWithCall(options: Parameters<typeof amazonDriver>[0] = {}): Promise<{ d: AmazonDriver; events: ReportedEvents; call: string }> {
  const d = amazonDriver(options);
  driver = d;
  const events = new ReportedEvents();
  await d.handler.start(events.listener);
  const call = d.model.customerCalls(CUSTOMER);
  await events.waitFor('incoming', (e) => e.type === 'incoming' && e.eventId === call);
  await d.handler.acceptCall(call);
  await events.waitFor('connected', (e) => e.type === 'connected' && e.eventId === call);
  return { d, events, call };
}

const typesOf = (events: ReportedEvents, eventId: string) => events.ofCall(eventId).map((e: VendorEvent) => e.type);

describe('Amazon call controls: bad input', () => {
  it('digits that are no keypad keys are refused with what is wrong, before Amazon Connect is asked; the call hears nothing', async () => {
    const { d, call } = await startedWithCall();
    expect(await rejection(d.handler.sendDigits(call, '12a'))).toEqual({ code: 'REFUSED', message: '"a" is not a keypad key: use 0-9, * and #, or a comma for a pause.' });
    expect(await rejection(d.handler.sendDigits(call, ''))).toEqual({ code: 'REFUSED', message: 'Type at least one digit.' });
    expect(d.model.contacts()[0]).toMatchObject({ state: 'connected', digitsHeard: '' });
  });

  it('hold of a ringing call is INVALID_IN_STATE and it keeps ringing; a second hold is Amazon Connect’s refusal, and the call stays held', async () => {
    const d = amazonDriver();
    driver = d;
    const events = new ReportedEvents();
    await d.handler.start(events.listener);
    const ringing = d.model.customerCalls(CUSTOMER);
    await events.waitFor('incoming', (e) => e.type === 'incoming' && e.eventId === ringing);
    expect(await rejection(d.handler.holdCall(ringing))).toEqual({ code: 'INVALID_IN_STATE', message: 'The call is not connected.' });
    expect(d.model.contacts()[0].state).toBe('connecting');

    await d.handler.acceptCall(ringing);
    await events.waitFor('connected', (e) => e.type === 'connected' && e.eventId === ringing);
    await d.handler.holdCall(ringing);
    await events.waitFor('held', (e) => e.type === 'held' && e.eventId === ringing);
    expect(await rejection(d.handler.holdCall(ringing))).toEqual({
      code: 'INVALID_IN_STATE',
      message: 'Amazon Connect could not put the call on hold: Cannot put call on hold: Invalid contact state.',
    });
    expect(d.model.contacts()[0].customerLeg).toBe('hold');
    expect(typesOf(events, ringing)).toEqual(['incoming', 'connected', 'held']);
  });

  it('resume of a call not on hold is INVALID_IN_STATE in Amazon Connect’s words, and nothing is reported', async () => {
    const { d, events, call } = await startedWithCall();
    expect(await rejection(d.handler.resumeCall(call))).toEqual({ code: 'INVALID_IN_STATE', message: 'Amazon Connect could not take the call off hold: Error received from Voice Service' });
    expect(typesOf(events, call)).toEqual(['incoming', 'connected']);
  });

  it('every control on an unknown call is NOT_FOUND', async () => {
    const { d } = await startedWithCall();
    const { handler } = d;
    for (const request of [handler.holdCall('nobody'), handler.resumeCall('nobody'), handler.muteCall('nobody'), handler.unmuteCall('nobody'), handler.sendDigits('nobody', '1')]) {
      expect(await rejection(request)).toEqual({ code: 'NOT_FOUND', message: 'Amazon Connect does not know this call.' });
    }
  });

  it('digits to a customer on hold are refused by Amazon Connect, and the call stays held', async () => {
    const { d, events, call } = await startedWithCall();
    await d.handler.holdCall(call);
    await events.waitFor('held', (e) => e.type === 'held');
    expect(await rejection(d.handler.sendDigits(call, '1'))).toEqual({
      code: 'INVALID_IN_STATE',
      message: `Amazon Connect could not send the digits: Contact ${call} has its customer on hold; resume the call before sending digits.`,
    });
    expect(d.model.contacts()[0]).toMatchObject({ customerLeg: 'hold', digitsHeard: '' });
  });
});

describe('Amazon call controls: the softphone and the CCP', () => {
  it("the agent's Mute in the CCP is reported for the call; the mute ends with the call, which is said before its end", async () => {
    const { d, events, call } = await startedWithCall();
    d.model.agentMutes(true);
    await events.waitFor('muted', (e) => e.type === 'muted' && e.eventId === call);
    d.model.agentHangsUp(call);
    await events.waitFor('ended', (e) => e.type === 'ended' && e.eventId === call);
    expect(typesOf(events, call)).toEqual(['incoming', 'connected', 'muted', 'unmuted', 'ended']);
  });

  it('only the call last connected can be muted, as the softphone mutes that one', async () => {
    const { d, events, call } = await startedWithCall();
    const second = d.model.customerCalls('+442071838750');
    await events.waitFor('incoming of the second', (e) => e.type === 'incoming' && e.eventId === second);
    await d.handler.acceptCall(second);
    await events.waitFor('connected of the second', (e) => e.type === 'connected' && e.eventId === second);
    expect(await rejection(d.handler.muteCall(call))).toEqual({
      code: 'INVALID_IN_STATE',
      message: 'Amazon Connect mutes only the call you connected to last: mute this call in the CCP.',
    });
    await d.handler.muteCall(second);
    expect(d.model.contacts().map((c) => c.muted)).toEqual([false, true]);
  });

  it('a softphone that never answers (no CCP holds the audio): the mute times out saying so, and nothing is reported', async () => {
    const { d, events, call } = await startedWithCall({ handler: { requestTimeoutMs: 500 } });
    jest.spyOn(d.model, 'softphoneMute').mockImplementation(() => undefined);
    expect(await rejection(d.handler.muteCall(call))).toEqual({
      code: 'TIMEOUT',
      message: "Amazon Connect's softphone did not mute the call within 0.5 s: the CCP that holds the call's audio did not answer.",
    });
    expect(typesOf(events, call)).toEqual(['incoming', 'connected']);
  });

  it('a toolbar loaded while a call is on hold reports it held; held is said again when the agent signs back in', async () => {
    const d = amazonDriver();
    driver = d;
    const call = d.model.customerCalls(CUSTOMER);
    d.model.agentAnswers(call);
    d.model.agentHolds(call);
    const events = new ReportedEvents();
    await d.handler.start(events.listener);
    await events.waitFor('held', (e) => e.type === 'held' && e.eventId === call);
    expect(typesOf(events, call)).toEqual(['incoming', 'connected', 'held']);

    const mark = events.mark();
    connect.core.getEventBus().trigger(connect.EventType.TERMINATED);
    await events.waitFor('the link down', (e) => e.type === 'link' && e.status === 'down', mark);
    d.model.setAgentState('Lunch'); // the next snapshot: the agent is back
    await events.waitFor('the link up', (e) => e.type === 'link' && e.status === 'connected', mark);
    await events.waitFor('held again', (e) => e.type === 'held' && e.eventId === call, mark);
    expect(typesOf(events, call)).toEqual(['incoming', 'connected', 'held', 'held']);
    await d.handler.resumeCall(call);
    await events.waitFor('resumed', (e) => e.type === 'resumed' && e.eventId === call);
  });
});
