/**
 * The Amazon handler's start-up and failures on the real Streams library, through the real initCCP, with the CCP
 * emulator behind the frame (test/support/streams/ccpFrame.ts): a CCP that never acknowledges, a blocked
 * sign-in window, a page reloaded during a call, and Amazon Connect refusing a request.
 */
import { inEnglish } from '../../src/ts/cti/core/agentMessages';
import { ReportedEvents } from '../contract/vendorContract';
import { amazonDriver, type AmazonDriver } from '../contract/amazonDriver';
import type { VendorEvent } from '../../src/ts/cti/core/types';
import { VendorError } from '../../src/ts/cti/core/errors';
import { DECLINE_CLICK_COUNTS_MS } from '../../src/ts/cti/vendor/amazon/amazonCalls';

let driver: AmazonDriver | null = null;

afterEach(async () => {
  jest.restoreAllMocks();
  if (driver) {
    await driver.handler.stop();
    await driver.dispose();
  }
  driver = null;
});

const isError = (event: VendorEvent): event is Extract<VendorEvent, { type: 'error' }> => event.type === 'error';
const ofCall = (events: ReportedEvents, eventId: string) => events.ofCall(eventId).map((e) => e.type);

async function outcome(promise: Promise<void>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('Amazon Connect start-up', () => {
  it('a CCP that never acknowledges: start() rejects saying what to check, and nothing but the link is reported', async () => {
    driver = amazonDriver({ acknowledge: false, handler: { startTimeoutMs: 1000 } });
    const events = new ReportedEvents();
    const result = await outcome(driver.handler.start(events.listener));
    expect(result).toMatch(/The Amazon Connect CCP at https:\/\/example\.my\.connect\.aws\/ccp-v2\/ did not answer within 1 s/);
    expect(result).toMatch(/amazon\.ccpUrl/);
    expect(result).toMatch(/approved origins/);
    expect(events.events.map((e) => e.type)).toEqual(['link']);
  });

  it('a blocked sign-in window: the agent is told to allow pop-ups, and start() still ends with a reason', async () => {
    const open = jest.spyOn(window, 'open').mockReturnValue(null);
    driver = amazonDriver({ acknowledge: false, handler: { loginPopup: true, ccpLoadTimeoutMs: 1000, startTimeoutMs: 4000 } });
    const events = new ReportedEvents();
    const started = outcome(driver.handler.start(events.listener));
    const blocked = await events.waitFor('the blocked-popup error', isError, 0, 4000);
    expect(open).toHaveBeenCalled();
    expect(inEnglish(blocked.message)).toMatch(/Amazon Connect's sign-in window did not open: the browser may have blocked it\. Allow pop-ups for http:\/\/localhost/);
    expect(await started).toMatch(/did not answer within 4 s/);
  });

  it('with the sign-in window turned off, the agent is told to sign in elsewhere', async () => {
    driver = amazonDriver({ acknowledge: false, handler: { loginPopup: false, ccpLoadTimeoutMs: 1000, startTimeoutMs: 3000 } });
    const events = new ReportedEvents();
    const started = outcome(driver.handler.start(events.listener));
    const told = await events.waitFor('the sign-in error', isError, 0, 3000);
    expect(inEnglish(told.message)).toMatch(/Sign in to Amazon Connect at https:\/\/example\.my\.connect\.aws\/ccp-v2\/ in another tab/);
    expect(await started).toMatch(/did not answer/);
  });

  it('calls already up when the toolbar loads (a reload during a call) are reported, not lost', async () => {
    driver = amazonDriver();
    const talking = driver.model.customerCalls('+16505550100');
    driver.model.agentAnswers(talking);
    const events = new ReportedEvents();
    await driver.handler.start(events.listener);
    await events.waitFor('connected of the call', (e) => e.type === 'connected' && e.eventId === talking);
    expect(events.ofCall(talking)).toEqual([
      { type: 'incoming', eventId: talking, phoneNumber: '+16505550100' },
      { type: 'connected', eventId: talking },
    ]);
    // …and it can be ended from the toolbar as any other call.
    await driver.handler.hangupCall(talking);
    await events.waitFor('ended of the call', (e) => e.type === 'ended' && e.eventId === talking);
    expect(events.ofCall(talking).at(-1)).toEqual({ type: 'ended', eventId: talking, phase: 'connected', endedBy: 'agent' });
  });
});

/** Resolves once `done()` holds, checking every 20 ms; rejects after `ms` saying what it waited for. */
async function until(what: string, done: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Amazon Connect stopped and started again in one page', () => {
  it("stop() soon after the CCP answered: Streams' start-up metrics, sent a second later, go nowhere instead of throwing", async () => {
    // Streams keeps no handle on that timer: it calls connect.publishMetric, which asks connect.core.getUpstream().
    const outcomes: string[] = [];
    const lib = connect as unknown as { publishMetric: (metric: unknown) => void };
    const publish = lib.publishMetric;
    jest.spyOn(lib, 'publishMetric').mockImplementation((metric) => {
      try {
        publish(metric);
        outcomes.push('sent');
      } catch (err) {
        outcomes.push((err as Error).message);
      }
    });
    driver = amazonDriver();
    await driver.handler.start(new ReportedEvents().listener);
    await driver.handler.stop();
    await until("Streams' start-up metrics", () => outcomes.length > 0);
    expect(outcomes.every((outcome) => outcome === 'sent')).toBe(true);
  });

  it("a second CCP framed in the page reuses the page's Amazon Connect provider: no console error, and it knows the new frame", async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const first = amazonDriver();
    driver = first;
    await first.handler.start(new ReportedEvents().listener);
    await first.handler.stop();
    await first.dispose();
    driver = amazonDriver();
    const events = new ReportedEvents();
    await driver.handler.start(events.listener);
    const contactId = driver.model.customerCalls('+16505550100');
    await events.waitFor('incoming', (e) => e.type === 'incoming' && e.eventId === contactId);
    expect(errors).not.toHaveBeenCalled();
    const core = connect.core as unknown as { _amazonConnectProviderData: { isStreamsProvider: boolean; provider: { getProxy(): { ccpIFrame: unknown } } } };
    expect(core._amazonConnectProviderData.isStreamsProvider).toBe(true);
    expect(core._amazonConnectProviderData.provider.getProxy().ccpIFrame).toBe(document.querySelector('iframe'));
  });
});

describe('Amazon Connect refusing a request, over the real protocol', () => {
  async function started(): Promise<ReportedEvents> {
    driver = amazonDriver();
    const events = new ReportedEvents();
    await driver.handler.start(events.listener);
    return events;
  }

  it('a failed accept rejects readably and leaves the call ringing; its real end is reported once', async () => {
    const events = await started();
    const model = driver!.model;
    const contactId = model.customerCalls('+16505550100');
    await events.waitFor('incoming', (e) => e.type === 'incoming' && e.eventId === contactId);
    model.failNext('acceptContact', { type: 'InternalServiceException', message: 'The softphone is not ready' });
    expect(await outcome(driver!.handler.acceptCall(contactId))).toBe('Amazon Connect could not accept the call.');
    expect(model.contacts().find((c) => c.contactId === contactId)?.state).toBe('connecting');
    model.customerHangsUp(contactId);
    await events.waitFor('ended', (e) => e.type === 'ended' && e.eventId === contactId);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ofCall(events, contactId)).toEqual(['incoming', 'ended']);
  });

  it('a failed decline and a failed hang-up reject with Amazon Connect’s reason and end nothing', async () => {
    const events = await started();
    const model = driver!.model;
    const contactId = model.customerCalls('+16505550100');
    await events.waitFor('incoming', (e) => e.type === 'incoming' && e.eventId === contactId);
    model.failNext('rejectContact', { type: 'InvalidStateException', message: 'Contact is not ringing' });
    expect(await outcome(driver!.handler.rejectCall(contactId))).toBe('Amazon Connect could not decline the call: Contact is not ringing');
    await driver!.handler.acceptCall(contactId);
    await events.waitFor('connected', (e) => e.type === 'connected' && e.eventId === contactId);
    model.failNext('destroyConnection', { type: 'InternalServiceException', message: 'Try again' });
    expect(await outcome(driver!.handler.hangupCall(contactId))).toBe('Amazon Connect could not hang up: Try again');
    expect(model.contacts().find((c) => c.contactId === contactId)?.state).toBe('connected');
    // The customer ends it: the agent's failed request must not turn it into the agent's hang-up.
    model.customerHangsUp(contactId);
    await events.waitFor('ended', (e) => e.type === 'ended' && e.eventId === contactId);
    expect(events.ofCall(contactId).at(-1)).toEqual({ type: 'ended', eventId: contactId, phase: 'connected', endedBy: 'customer' });
  });

  it('a refused dial rejects readably and reports nothing', async () => {
    const events = await started();
    driver!.model.failNext('createOutboundContact', { type: 'InvalidParameterException', message: 'The number is not dialable' });
    const mark = events.mark();
    expect(await outcome(driver!.handler.makeOutboundCall('+33142685300', 'toolbar-1'))).toBe('Amazon Connect could not call +33142685300: The number is not dialable');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events.since(mark)).toEqual([]);
  });

  it("the contract driver's refuseNext has Amazon Connect refuse an accept, then a hang-up, of a call it has: each a VendorError, and the call goes on", async () => {
    const events = await started();
    const contactId = await driver!.customerCalls('+16505550100');
    await events.waitFor('incoming', (e) => e.type === 'incoming' && e.eventId === contactId);
    driver!.refuseNext('acceptCall');
    await expect(driver!.handler.acceptCall(contactId)).rejects.toBeInstanceOf(VendorError);
    expect(driver!.model.contacts().find((c) => c.contactId === contactId)?.state).toBe('connecting');
    await driver!.handler.acceptCall(contactId);
    await events.waitFor('connected', (e) => e.type === 'connected' && e.eventId === contactId);
    driver!.refuseNext('hangupCall');
    await expect(driver!.handler.hangupCall(contactId)).rejects.toBeInstanceOf(VendorError);
    expect(driver!.model.contacts().find((c) => c.contactId === contactId)?.state).toBe('connected');
    await driver!.handler.hangupCall(contactId);
    await events.waitFor('ended', (e) => e.type === 'ended' && e.eventId === contactId);
    expect(events.ofCall(contactId).at(-1)).toEqual({ type: 'ended', eventId: contactId, phase: 'connected', endedBy: 'agent' });
  });
});

describe('Amazon Connect as it really answers, over the real protocol', () => {
  async function started(options: Parameters<typeof amazonDriver>[0] = {}): Promise<ReportedEvents> {
    driver = amazonDriver(options);
    const events = new ReportedEvents();
    await driver.handler.start(events.listener);
    return events;
  }

  async function ringing(events: ReportedEvents, phoneNumber = '+16505550100'): Promise<string> {
    const contactId = driver!.model.customerCalls(phoneNumber);
    await events.waitFor('incoming', (e) => e.type === 'incoming' && e.eventId === contactId);
    return contactId;
  }

  const endOf = (events: ReportedEvents, contactId: string) => events.waitFor('ended', (e) => e.type === 'ended' && e.eventId === contactId);

  /** The Reject clicks Streams delivers to this page (the handler hears them from the same bus, subscribed first). */
  function clicksHeard(): unknown[] {
    const heard: unknown[] = [];
    const subscription = connect.core.getEventBus().subscribe('click_stream_data', (click: unknown) => heard.push(click));
    listening.push(() => (subscription as { unsubscribe(): void }).unsubscribe());
    return heard;
  }
  const listening: Array<() => void> = [];
  afterEach(() => {
    for (const stop of listening.splice(0)) stop();
  });

  it('a refusal reaches Streams as the shared worker sends it, a JSON string with a stack, and the agent reads only its message', async () => {
    const events = await started();
    const contactId = await ringing(events);
    const failures: unknown[] = [];
    const contact = new connect.Agent().getContacts().find((c) => c.getContactId() === contactId)!;
    driver!.model.failNext('rejectContact', { type: 'InvalidStateException', message: 'Contact is not ringing' });
    await new Promise<void>((resolve) => contact.reject({ success: () => resolve(), failure: (err: unknown) => (failures.push(err), resolve()) }));
    expect(typeof failures[0]).toBe('string');
    expect(JSON.parse(failures[0] as string)).toEqual({ type: 'InvalidStateException', message: 'Contact is not ringing', stack: expect.any(Array), retryStatus: 'none', statusCode: 400 });

    driver!.model.failNext('rejectContact', { type: 'InvalidStateException', message: 'Contact is not ringing' });
    let refused: unknown;
    await driver!.handler.rejectCall(contactId).catch((err: unknown) => (refused = err));
    expect(refused).toBeInstanceOf(VendorError);
    expect(refused).toMatchObject({ code: 'INVALID_IN_STATE', message: 'Amazon Connect could not decline the call: Contact is not ringing', vendorCode: 'InvalidStateException' });
  });

  it('a dial Amazon Connect refuses for its number says INVALID_NUMBER for Fusion', async () => {
    await started();
    driver!.model.failNext('createOutboundContact', { type: 'InvalidParameterException', message: 'The number is not dialable' });
    let refused: unknown;
    await driver!.handler.makeOutboundCall('+33142685300', 'toolbar-1').catch((err: unknown) => (refused = err));
    expect(refused).toMatchObject({ code: 'REFUSED', outboundErrorCode: 'INVALID_NUMBER', message: 'Amazon Connect could not call +33142685300: The number is not dialable' });
  });

  it('a number written the national way is dialed in E.164 with amazon.defaultCountry', async () => {
    const events = await started({ handler: { defaultCountry: 'US' } });
    await driver!.handler.makeOutboundCall('(415) 555-0123', 'toolbar-1');
    await events.waitFor('dialing', (e) => e.type === 'dialing' && e.eventId === 'toolbar-1');
    expect(events.ofCall('toolbar-1')).toEqual([{ type: 'dialing', eventId: 'toolbar-1', phoneNumber: '+14155550123' }]);
    expect(driver!.model.contacts().map((c) => c.phoneNumber)).toEqual(['+14155550123']);
  });

  // Whether Amazon's CCP page declines through Streams' contact.reject(), which broadcasts a Reject click to every page
  // first, is not published (dev/ccp/ccpModel.ts): by default the emulated CCP does not, as the realistic case.
  it('a call declined in the CCP, which tells the library nothing but the end: ends ringing by the system (TIMEOUT), and is cleared', async () => {
    const events = await started();
    const contactId = await ringing(events);
    const clicks = clicksHeard();
    driver!.model.agentHangsUp(contactId);
    expect(await endOf(events, contactId)).toEqual({ type: 'ended', eventId: contactId, phase: 'ringing', endedBy: 'system' });
    await until('the declined contact cleared', () => driver!.model.contacts().length === 0);
    expect(driver!.model.agentStateName()).toBe('MissedCallAgent');
    expect(clicks).toEqual([]);
  });

  it('a call declined in a CCP that broadcasts the Reject click (as Streams\' contact.reject() does): ends ringing by the agent (REJECT), and is cleared', async () => {
    const events = await started({ rejectBroadcastsClick: true });
    const contactId = await ringing(events);
    const clicks = clicksHeard();
    driver!.model.agentHangsUp(contactId);
    expect(await endOf(events, contactId)).toEqual({ type: 'ended', eventId: contactId, phase: 'ringing', endedBy: 'agent' });
    await until('the declined contact cleared', () => driver!.model.contacts().length === 0);
    expect(clicks).toEqual([{ contactId, clickType: 'Reject', clickTime: expect.any(String) }]);
  });

  it('a Reject in the CCP that Amazon Connect refuses: its click reached the toolbar, yet the ring that rings out later ends by the system', async () => {
    let clock = 1_000_000;
    const events = await started({ rejectBroadcastsClick: true, ringTimeoutMs: null, clock: () => clock });
    const contactId = await ringing(events);
    const clicks = clicksHeard();
    driver!.model.failNext('rejectContact', { type: 'InvalidStateException', message: 'Contact is not ringing' });
    expect(() => driver!.model.agentHangsUp(contactId)).toThrow(/refused the Reject/);
    await until('the Reject click broadcast', () => clicks.length === 1);
    clock += DECLINE_CLICK_COUNTS_MS + 1;
    driver!.model.ringOut(contactId);
    expect(await endOf(events, contactId)).toEqual({ type: 'ended', eventId: contactId, phase: 'ringing', endedBy: 'system' });
  });

  it('a Reject in the CCP that Amazon Connect refuses, then the caller hangs up at once: ends ringing by the customer', async () => {
    const events = await started({ rejectBroadcastsClick: true, ringTimeoutMs: null, clock: () => 1_000_000 });
    const contactId = await ringing(events);
    const clicks = clicksHeard();
    driver!.model.failNext('rejectContact', { type: 'InvalidStateException', message: 'Contact is not ringing' });
    expect(() => driver!.model.agentHangsUp(contactId)).toThrow(/refused the Reject/);
    await until('the Reject click broadcast', () => clicks.length === 1);
    driver!.model.customerHangsUp(contactId);
    expect(await endOf(events, contactId)).toEqual({ type: 'ended', eventId: contactId, phase: 'ringing', endedBy: 'customer' });
  });

  it('a decline from the toolbar that Amazon Connect refuses takes its own Reject click back: a ring-out right after ends by the system', async () => {
    const events = await started({ ringTimeoutMs: null, clock: () => 1_000_000 });
    const contactId = await ringing(events);
    const clicks = clicksHeard();
    driver!.model.failNext('rejectContact', { type: 'InvalidStateException', message: 'Contact is not ringing' });
    expect(await outcome(driver!.handler.rejectCall(contactId))).toBe('Amazon Connect could not decline the call: Contact is not ringing');
    expect(clicks).toEqual([{ contactId, clickType: 'Reject', clickTime: expect.any(String) }]); // Streams' own, sent before it asked
    driver!.model.ringOut(contactId);
    expect(await endOf(events, contactId)).toEqual({ type: 'ended', eventId: contactId, phase: 'ringing', endedBy: 'system' });
  });

  it('a call declined from the toolbar ends ringing by the agent', async () => {
    const events = await started();
    const contactId = await ringing(events);
    await driver!.handler.rejectCall(contactId);
    expect(await endOf(events, contactId)).toEqual({ type: 'ended', eventId: contactId, phase: 'ringing', endedBy: 'agent' });
  });

  it('a ring nobody answers ends ringing by the system, the agent shown "Missed call"', async () => {
    const events = await started({ ringTimeoutMs: 300 });
    const contactId = await ringing(events);
    expect(await endOf(events, contactId)).toEqual({ type: 'ended', eventId: contactId, phase: 'ringing', endedBy: 'system' });
    await until('the missed call shown', () => events.latestPresence()?.displayName === 'Missed call');
  });

  it('the caller hanging up while it rings ends it ringing by the customer', async () => {
    const events = await started();
    const contactId = await ringing(events);
    driver!.model.customerHangsUp(contactId);
    expect(await endOf(events, contactId)).toEqual({ type: 'ended', eventId: contactId, phase: 'ringing', endedBy: 'customer' });
  });
});
