/**
 * What Fusion sends the toolbar, malformed: commands with missing or mistyped fields, unknown commands (also names of
 * Object.prototype's members), huge strings, click-to-dial and data updates that make no sense. Each goes in through the
 * UEF callbacks FusionHandler subscribed (the stand-in's own checks would drop them before), while a real call rings.
 * The toolbar answers or ignores each, says so in bounded words where the agent should know, and loses no call.
 */
import { FusionSimulator } from '../../dev/fusionSimulator';
import { createMemoryChannel } from '../../dev/transport';
import { createUefStandIn } from '../../dev/uefStandIn';
import { IntegrationEventsHandler } from '../../src/ts/cti/core/integrationEventsHandler';
import { FusionHandler } from '../../src/ts/cti/fusion/fusionHandler';
import type { IEventResponse, UefEventCallback, UefGlobal } from '../../src/ts/cti/fusion/uef';
import { ManualVendor } from '../support/manualVendor';
import { wrapPhoneContext } from '../support/wrapPhoneContext';
import { settle } from '../support/recordingFusion';

const HUGE = 'x'.repeat(1_000_000);

/** The stand-in, with every callback FusionHandler subscribes kept by event name. */
function capturing(real: UefGlobal, callbacks: Map<string, UefEventCallback>): UefGlobal {
  return wrapPhoneContext(real, (phone) => ({
    subscribe: (request, callback) => {
      callbacks.set(request.getEventName(), callback);
      return phone.subscribe(request, callback);
    },
    publish: (request) => phone.publish(request),
  }));
}

async function setUp() {
  const { toolbarEnd, hostEnd } = createMemoryChannel();
  const simulator = new FusionSimulator(hostEnd, { eventTimeoutMs: 2000 });
  const callbacks = new Map<string, UefEventCallback>();
  const logs: string[] = [];
  const fusion = new FusionHandler(capturing(createUefStandIn(toolbarEnd), callbacks), {
    applicationName: 'ToolbarTest',
    appClassification: 'ORA_SERVICE',
    phoneLineId: '1',
    log: (level, message) => logs.push(`${level}: ${message}`),
  });
  await fusion.connect();
  const vendor = new ManualVendor();
  const core = new IntegrationEventsHandler({ vendor, fusion, log: () => undefined });
  await core.start();
  vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+1 650 555 0100' });
  await settle();
  const story = () => simulator.operations.filter((o) => /CommEvent|outboundCommError/.test(o.operation)).map((o) => o.operation);
  /** Delivers `response` to the toolbar's callback for `eventName`, as Oracle's client would, and awaits its answer. */
  const deliver = async (eventName: string, response: unknown): Promise<unknown> => {
    const callback = callbacks.get(eventName);
    if (!callback) throw new Error(`the toolbar did not subscribe to ${eventName}`);
    return callback(response as IEventResponse);
  };
  /** The call that rang before each case: still ringing, told to Fusion once, nothing asked of the vendor. */
  const expectCallKept = () => {
    expect(core.snapshot().engagements).toEqual([expect.objectContaining({ eventId: 'c1', state: 'ringing' })]);
    expect(story()).toEqual(['newCommEvent']);
    expect(vendor.calls).toEqual([]);
  };
  return { core, vendor, logs, deliver, expectCallKept };
}

/** An interaction or agent command's response data with Oracle's members, whose getters return what a test gives. */
function command(fields: { command?: () => unknown; eventId?: () => unknown }) {
  const data = { result: '', resultDisplayString: '', outData: undefined as unknown };
  const responseData = {
    getData: () => data,
    getEventId: fields.eventId ?? (() => 'c1'),
    getCommand: fields.command ?? (() => 'accept'),
    getSlot: () => '',
    getInData: () => ({}),
    getResult: () => data.result,
    getResultDisplayString: () => data.resultDisplayString,
    getOutdata: () => data.outData,
    setOutdata: (value: unknown) => void (data.outData = value),
    setResult: (value: string) => void (data.result = value),
  };
  return { response: { getEventName: () => 'command', getResponseData: () => responseData }, data };
}

describe('FusionHandler with malformed input from Fusion', () => {
  it('ignores an interaction command without response data, and keeps the call', async () => {
    const t = await setUp();
    await t.deliver('onToolbarInteractionCommand', { getEventName: () => 'onToolbarInteractionCommand' });
    expect(t.logs).toContain('error: onToolbarInteractionCommand arrived without command data; ignored.');
    t.expectCallKept();
  });

  it.each([
    ['a number', () => 42, 'The toolbar does not support the command "42".'],
    ['an object', () => ({ command: 'accept' }), 'Fusion sent a command without naming it.'],
    ['a name of Object.prototype', () => 'toString', 'The toolbar does not support the command "toString".'],
    ['another one', () => 'constructor', 'The toolbar does not support the command "constructor".'],
  ])('refuses a command that is %s, by name, and keeps the call', async (_case, getCommand, message) => {
    const t = await setUp();
    const { response, data } = command({ command: getCommand });
    await t.deliver('onToolbarInteractionCommand', response);
    expect(data).toMatchObject({ result: 'failure', resultDisplayString: message });
    expect(t.core.snapshot().lastError).toBe(message);
    t.expectCallKept();
  });

  it('names a command of a megabyte by its start and length only', async () => {
    const t = await setUp();
    const { response, data } = command({ command: () => HUGE });
    await t.deliver('onToolbarInteractionCommand', response);
    expect(data.result).toBe('failure');
    expect(data.resultDisplayString).toBe(`The toolbar does not support the command "${'x'.repeat(64)}… (1000000 characters)".`);
    t.expectCallKept();
  });

  it('refuses a call id of a hundred thousand characters without looking it up', async () => {
    const t = await setUp();
    const { response, data } = command({ command: () => 'accept', eventId: () => 'c'.repeat(100_000) });
    await t.deliver('onToolbarInteractionCommand', response);
    expect(data).toMatchObject({ result: 'failure', resultDisplayString: 'The command "accept" named a call id of 100000 characters; the toolbar takes at most 256.' });
    t.expectCallKept();
  });

  it('answers failure, in words, when reading the command throws', async () => {
    const t = await setUp();
    const { response, data } = command({
      command: () => {
        throw new TypeError('getCommand is broken');
      },
    });
    await t.deliver('onToolbarInteractionCommand', response);
    expect(data).toMatchObject({ result: 'failure', resultDisplayString: "The toolbar could not carry out Fusion's command: getCommand is broken" });
    t.expectCallKept();
  });

  it.each([
    ['custom', 'custom'],
    ['named like a member of Object.prototype', 'hasOwnProperty'],
    ['of a megabyte', HUGE],
  ])('refuses the agent command %s, by a bounded name', async (_case, name) => {
    const t = await setUp();
    const { response, data } = command({ command: () => name });
    await t.deliver('onToolbarAgentCommand', response);
    expect(data.result).toBe('failure');
    expect(data.resultDisplayString.length).toBeLessThan(160);
    expect(data.resultDisplayString).toMatch(/^The toolbar does not support the agent command "/);
    t.expectCallKept();
  });

  it.each([
    ['outData that is not an object', () => 'SVCMCA_ANI=555', 'Fusion asked for a call without saying which number to dial.'],
    ['no number', () => ({ SVCMCA_CALL_ID: 'o1' }), 'Fusion asked for a call without saying which number to dial.'],
    ['a number of a megabyte', () => ({ SVCMCA_ANI: HUGE, SVCMCA_CALL_ID: 'o1' }), `"${'x'.repeat(64)}… (1000000 characters)" is not a phone number.`],
    [
      'a call id of a megabyte',
      () => ({ SVCMCA_ANI: '+16505550142', SVCMCA_CALL_ID: HUGE }),
      'Fusion asked for a call to +16505550142 under a call id of 1000000 characters; the toolbar takes at most 256.',
    ],
  ])('refuses a click-to-dial with %s, in bounded words, and places no call', async (_case, getOutData, message) => {
    const t = await setUp();
    await t.deliver('onOutgoingEvent', { getEventName: () => 'onOutgoingEvent', getResponseData: () => ({ getData: () => ({}), getOutData }) });
    expect(t.core.snapshot().lastError).toBe(message);
    t.expectCallKept();
  });

  it.each([
    ['an unknown update type', { updateType: 'SOMETHING_ELSE' }, 'c1'],
    ['an update for a call id of a megabyte', { updateType: 'OFFER_TIMEOUT' }, HUGE],
    ['an update for a call nobody has', { updateType: 'WRAPUP_CLOSED' }, 'nope'],
    ['outData that is not an object', 'OFFER_TIMEOUT', 'c1'],
  ])('ignores onDataUpdated with %s, and keeps the call', async (_case, outData, eventId) => {
    const t = await setUp();
    await t.deliver('onDataUpdated', { getEventName: () => 'onDataUpdated', getResponseData: () => ({ getData: () => ({}), getOutData: () => outData, getEventId: () => eventId }) });
    await settle();
    t.expectCallKept();
    expect(t.logs.every((line) => line.length < 300)).toBe(true);
  });
});
