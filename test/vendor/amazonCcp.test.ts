/**
 * The Amazon handler's start-up and failures on the real Streams library, through the real initCCP, with the CCP
 * emulator behind the frame (test/support/streams/ccpFrame.ts): a CCP that never acknowledges, a blocked
 * sign-in window, a page reloaded during a call, and Amazon Connect refusing a request.
 */
import { ReportedEvents } from '../contract/vendorContract';
import { amazonDriver, type AmazonDriver } from '../contract/amazonDriver';
import type { VendorEvent } from '../../src/ts/cti/core/types';
import { VendorError } from '../../src/ts/cti/core/errors';

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
    expect(blocked.message).toMatch(/Amazon Connect's sign-in window did not open: the browser may have blocked it\. Allow pop-ups for http:\/\/localhost/);
    expect(await started).toMatch(/did not answer within 4 s/);
  });

  it('with the sign-in window turned off, the agent is told to sign in elsewhere', async () => {
    driver = amazonDriver({ acknowledge: false, handler: { loginPopup: false, ccpLoadTimeoutMs: 1000, startTimeoutMs: 3000 } });
    const events = new ReportedEvents();
    const started = outcome(driver.handler.start(events.listener));
    const told = await events.waitFor('the sign-in error', isError, 0, 3000);
    expect(told.message).toMatch(/Sign in to Amazon Connect at https:\/\/example\.my\.connect\.aws\/ccp-v2\/ in another tab/);
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
