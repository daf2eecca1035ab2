/**
 * The Amazon handler's transfers, consults and conferences on the real Streams library through the real initCCP, with
 * the CCP emulator behind the frame: what the core hears of each, Amazon Connect's refusals, the agent's own actions in
 * the CCP, the customer who leaves, a call transferred in, and a toolbar that reconnects or loads mid-consult.
 */
import { ReportedEvents } from '../contract/vendorContract';
import { amazonDriver, type AmazonDriver } from '../contract/amazonDriver';
import { VendorError } from '../../src/ts/cti/core/errors';
import type { TransferDestination, VendorEvent } from '../../src/ts/cti/core/types';
import { QUICK_CONNECTS } from '../../dev/ccp/ccpModel';

const CUSTOMER = '+16505550100';

let driver: AmazonDriver | null = null;

afterEach(async () => {
  if (driver) {
    await driver.handler.stop();
    await driver.dispose();
  }
  driver = null;
});

async function rejection(request: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await request;
  } catch (err) {
    if (!(err instanceof VendorError)) throw new Error(`not a VendorError: ${String(err)}`, { cause: err });
    return { code: err.code, message: err.message };
  }
  throw new Error('the request resolved');
}

async function talking(): Promise<{ d: AmazonDriver; events: ReportedEvents; call: string }> {
  const d = amazonDriver();
  driver = d;
  const events = new ReportedEvents();
  await d.handler.start(events.listener);
  const call = d.model.customerCalls(CUSTOMER);
  await events.waitFor('incoming', (e) => e.type === 'incoming' && e.eventId === call);
  await d.handler.acceptCall(call);
  await events.waitFor('connected', (e) => e.type === 'connected' && e.eventId === call);
  return { d, events, call };
}

/** Reports written short: 'held', 'party Billing desk dialing', 'party gone failed', 'transferred Billing desk', 'ended connected agent'. */
function short(event: VendorEvent): string {
  switch (event.type) {
    case 'thirdParty':
      return event.party ? `party ${event.party.destination} ${event.party.state}` : `party gone ${event.gone ?? '?'}`;
    case 'transferred':
      return `transferred ${event.destination}`;
    case 'ended':
      return `ended ${event.phase} ${event.endedBy}`;
    case 'incoming':
      return event.transfer ? 'incoming transfer' : 'incoming';
    default:
      return event.type;
  }
}

const said = (events: ReportedEvents, call: string) => events.ofCall(call).map(short);
const waitSaid = (events: ReportedEvents, call: string, what: string) => events.waitFor(what, (e) => e.type !== 'link' && short(e) === what && events.ofCall(call).includes(e));

const billingDesk = (): TransferDestination => {
  const qc = QUICK_CONNECTS.find((q) => q.name === 'Billing desk');
  if (!qc?.endpoint.endpointARN) throw new Error('no Billing desk');
  return { kind: 'directory', id: qc.endpoint.endpointARN, name: 'Billing desk' };
};

describe('Amazon transfers: the directory', () => {
  it("declares transfers, conferences and a directory; lists the agent's quick connects, every page, in Amazon Connect's order", async () => {
    const { d } = await talking();
    expect(d.handler.capabilities).toMatchObject({ transfer: true, conference: true, transferDirectory: true });
    expect(await d.handler.transferDirectory()).toEqual([
      { id: expect.stringMatching(/\/transfer-destination\//), name: 'Billing desk', kind: 'number' },
      { id: expect.stringMatching(/\/transfer-destination\//), name: 'Maria Garcia', kind: 'agent' },
      { id: expect.stringMatching(/\/transfer-destination\//), name: 'Claims queue', kind: 'queue' },
    ]);
  });

  // REFUSED, not NOT_FOUND: the call is still there (NOT_FOUND would read "Amazon Connect no longer has this call").
  it("an entry Amazon Connect no longer lists is REFUSED; Amazon Connect's refusal to list is its own words", async () => {
    const { d, events, call } = await talking();
    const gone: TransferDestination = { kind: 'directory', id: 'arn:aws:connect:us-east-1:123456789012:instance/x/transfer-destination/gone', name: 'Old desk' };
    expect(await rejection(d.handler.transferCall(call, gone, { mode: 'consult' }))).toEqual({ code: 'REFUSED', message: '"Old desk" is not among your quick connects now: choose another destination.' });
    d.model.failNext('getEndpoints', { type: 'AccessDeniedException', message: 'Not allowed to list quick connects' });
    expect(await rejection(d.handler.transferDirectory())).toEqual({ code: 'UNAUTHORIZED', message: 'Amazon Connect could not list your quick connects: Not allowed to list quick connects' });
    expect(said(events, call)).toEqual(['incoming', 'connected']);
  });
});

describe('Amazon transfers: a consult', () => {
  it('holds the customer and calls the quick connect; it answers; completing it leaves the customer with it', async () => {
    const { d, events, call } = await talking();
    await d.handler.transferCall(call, billingDesk(), { mode: 'consult' });
    await waitSaid(events, call, 'party Billing desk dialing');
    d.model.targetAnswers(call);
    await waitSaid(events, call, 'party Billing desk talking');
    await d.handler.completeTransfer(call);
    await waitSaid(events, call, 'transferred Billing desk');
    expect(said(events, call)).toEqual(['incoming', 'connected', 'held', 'party Billing desk dialing', 'party Billing desk talking', 'transferred Billing desk']);
    expect(d.model.transferredCalls()).toEqual([expect.objectContaining({ contactId: call, destination: 'Billing desk', state: 'talking' })]);
    await d.handler.completeWrapup(call);
    expect(d.model.contacts()).toEqual([]);
  });

  it('a number is named as the agent typed it; the target refuses: gone, could not be reached, and the customer still waits', async () => {
    const { d, events, call } = await talking();
    await d.handler.transferCall(call, { kind: 'number', phoneNumber: ' +1 650 555 0199 ' }, { mode: 'consult' });
    await waitSaid(events, call, 'party +1 650 555 0199 dialing');
    d.model.targetRefuses(call);
    await waitSaid(events, call, 'party gone failed');
    expect(d.model.contacts()[0].customerLeg).toBe('hold');
    await d.handler.resumeCall(call);
    await waitSaid(events, call, 'resumed');
    expect(said(events, call)).toEqual(['incoming', 'connected', 'held', 'party +1 650 555 0199 dialing', 'party gone failed', 'resumed']);
  });

  it('cancelled while it rings: the third party is dropped and the customer taken back', async () => {
    const { d, events, call } = await talking();
    await d.handler.transferCall(call, billingDesk(), { mode: 'consult' });
    await waitSaid(events, call, 'party Billing desk dialing');
    await d.handler.cancelTransfer(call);
    await waitSaid(events, call, 'resumed');
    expect(said(events, call)).toEqual(['incoming', 'connected', 'held', 'party Billing desk dialing', 'party gone cancelled', 'resumed']);
    expect(d.model.contacts()[0]).toMatchObject({ customerLeg: 'connected', thirdParty: { state: 'disconnected' } });
  });

  it('an agent quick connect talks as soon as Amazon Connect routed the call to that agent', async () => {
    const { d, events, call } = await talking();
    const maria = (await d.handler.transferDirectory()).find((entry) => entry.name === 'Maria Garcia');
    if (!maria) throw new Error('no Maria Garcia');
    await d.handler.transferCall(call, { kind: 'directory', id: maria.id, name: maria.name }, { mode: 'consult' });
    await waitSaid(events, call, 'party Maria Garcia talking');
    expect(said(events, call)).toEqual(['incoming', 'connected', 'held', 'party Maria Garcia dialing', 'party Maria Garcia talking']);
  });

  it('the customer hangs up while the agent consults: the call ends by the customer and the agent is taken off it', async () => {
    const { d, events, call } = await talking();
    await d.handler.transferCall(call, billingDesk(), { mode: 'consult' });
    d.model.targetAnswers(call);
    await waitSaid(events, call, 'party Billing desk talking');
    d.model.customerHangsUp(call);
    await waitSaid(events, call, 'ended connected customer');
    const deadline = Date.now() + 3000;
    while (d.model.contacts()[0].state !== 'ended' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(d.model.contacts()[0]).toMatchObject({ state: 'ended', agentLeg: 'disconnected' });
    expect(d.model.transferredCalls()).toEqual([]);
    expect(said(events, call)).toEqual(['incoming', 'connected', 'held', 'party Billing desk dialing', 'party Billing desk talking', 'ended connected customer']);
  });

  it('the agent hangs up in the CCP during a consult: the customer goes to the third party, a transfer', async () => {
    const { d, events, call } = await talking();
    await d.handler.transferCall(call, billingDesk(), { mode: 'consult' });
    await waitSaid(events, call, 'party Billing desk dialing');
    d.model.agentHangsUp(call);
    await waitSaid(events, call, 'transferred Billing desk');
    expect(d.model.transferredCalls()).toEqual([expect.objectContaining({ state: 'ringing' })]);
  });

  it('refuses a second transfer while one is under way, a transfer that is no way of transferring, and one of a ringing call', async () => {
    const { d, events, call } = await talking();
    await d.handler.transferCall(call, billingDesk(), { mode: 'consult' });
    await waitSaid(events, call, 'party Billing desk dialing');
    expect(await rejection(d.handler.transferCall(call, { kind: 'number', phoneNumber: '+442071838750' }, { mode: 'consult' }))).toEqual({
      code: 'INVALID_IN_STATE',
      message: 'A transfer is already under way.',
    });
    expect(await rejection(d.handler.conferenceCall(call))).toEqual({ code: 'INVALID_IN_STATE', message: 'The transfer target has not answered yet: wait, or cancel the transfer.' });
    expect(await rejection(d.handler.transferCall(call, billingDesk(), { mode: 'warm' as never }))).toEqual({ code: 'REFUSED', message: '"warm" is not a kind of transfer.' });
    expect(await rejection(d.handler.transferCall(call, { kind: 'number', phoneNumber: 'billing' }, { mode: 'blind' }))).toEqual({ code: 'REFUSED', message: '"billing" is not a number to transfer to.' });
    const ringing = d.model.customerCalls('+442071838750');
    await events.waitFor('the second call', (e) => e.type === 'incoming' && e.eventId === ringing);
    expect(await rejection(d.handler.transferCall(ringing, billingDesk(), { mode: 'blind' }))).toEqual({ code: 'INVALID_IN_STATE', message: 'The call is not connected.' });
    expect(await rejection(d.handler.completeTransfer(ringing))).toEqual({ code: 'INVALID_IN_STATE', message: 'No transfer is under way.' });
    expect(await rejection(d.handler.cancelTransfer('nobody'))).toEqual({ code: 'NOT_FOUND', message: 'Amazon Connect does not know this call.' });
  });
});

describe('Amazon transfers: a conference', () => {
  it('joins all three; the agent who hangs up leaves the customer and the third party talking', async () => {
    const { d, events, call } = await talking();
    await d.handler.transferCall(call, billingDesk(), { mode: 'consult' });
    d.model.targetAnswers(call);
    await waitSaid(events, call, 'party Billing desk talking');
    await d.handler.conferenceCall(call);
    await waitSaid(events, call, 'party Billing desk conferenced');
    await d.handler.hangupCall(call);
    await waitSaid(events, call, 'ended connected agent');
    expect(said(events, call)).toEqual(['incoming', 'connected', 'held', 'party Billing desk dialing', 'party Billing desk talking', 'resumed', 'party Billing desk conferenced', 'ended connected agent']);
    expect(d.model.transferredCalls()).toEqual([expect.objectContaining({ contactId: call, state: 'talking' })]);
  });

  it('the third party leaves the conference: gone, hung up, and the agent and the customer talk on', async () => {
    const { d, events, call } = await talking();
    await d.handler.transferCall(call, billingDesk(), { mode: 'consult' });
    d.model.targetAnswers(call);
    await waitSaid(events, call, 'party Billing desk talking');
    await d.handler.conferenceCall(call);
    await waitSaid(events, call, 'party Billing desk conferenced');
    d.model.targetHangsUp(call);
    await waitSaid(events, call, 'party gone hungUp');
    expect(d.model.contacts()[0]).toMatchObject({ state: 'connected', customerLeg: 'connected' });
    await d.handler.hangupCall(call);
    await waitSaid(events, call, 'ended connected agent');
  });

  it('the customer leaves the conference: the call ends by the customer and the agent is taken off it', async () => {
    const { d, events, call } = await talking();
    await d.handler.transferCall(call, billingDesk(), { mode: 'consult' });
    d.model.targetAnswers(call);
    await waitSaid(events, call, 'party Billing desk talking');
    await d.handler.conferenceCall(call);
    await waitSaid(events, call, 'party Billing desk conferenced');
    d.model.customerHangsUp(call);
    await waitSaid(events, call, 'ended connected customer');
    const deadline = Date.now() + 3000;
    while (d.model.contacts()[0].state !== 'ended' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(d.model.contacts()[0].state).toBe('ended');
  });
});

describe('Amazon transfers: blind', () => {
  it('leaves the call to the quick connect at once, reported transferred; the desk rings with the customer', async () => {
    const { d, events, call } = await talking();
    await d.handler.transferCall(call, billingDesk(), { mode: 'blind' });
    await waitSaid(events, call, 'transferred Billing desk');
    expect(said(events, call)).toEqual(['incoming', 'connected', 'transferred Billing desk']);
    expect(d.model.transferredCalls()).toEqual([expect.objectContaining({ contactId: call, state: 'ringing', toTarget: true })]);
  });

  it('a busy desk fails the transfer and the call stays with the agent, as it was', async () => {
    const { d, events, call } = await talking();
    d.model.setTargetBusy(true);
    expect(await rejection(d.handler.transferCall(call, billingDesk(), { mode: 'blind' }))).toEqual({ code: 'REFUSED', message: 'Billing desk could not be reached. The customer is still on the call.' });
    expect(d.model.contacts()[0]).toMatchObject({ state: 'connected', agentLeg: 'connected', customerLeg: 'connected' });
    expect(said(events, call)).toEqual(['incoming', 'connected']);
  });

  it('a number Amazon Connect will not dial is refused in its words, and the call stays as it was', async () => {
    const { d, events, call } = await talking();
    expect(await rejection(d.handler.transferCall(call, { kind: 'number', phoneNumber: '+81 3 1234 5678' }, { mode: 'blind' }))).toEqual({
      code: 'REFUSED',
      message: 'Amazon Connect could not transfer the call to +81 3 1234 5678: The number +81312345678 is not in a country this agent may dial (us, gb, fr, de).',
    });
    expect(d.model.contacts()[0]).toMatchObject({ state: 'connected', customerLeg: 'connected', thirdParty: null });
    expect(said(events, call)).toEqual(['incoming', 'connected']);
    await d.handler.transferCall(call, { kind: 'number', phoneNumber: '+16505550199' }, { mode: 'consult' });
    await waitSaid(events, call, 'party +16505550199 dialing');
  });
});

describe('Amazon transfers: calls transferred in, reconnects and reloads', () => {
  it('a call another agent transferred here rings as a transferred call from the customer', async () => {
    const d = amazonDriver();
    driver = d;
    const events = new ReportedEvents();
    await d.handler.start(events.listener);
    const call = d.model.transferToAgent(CUSTOMER);
    const incoming = await events.waitFor('incoming', (e) => e.type === 'incoming' && e.eventId === call);
    expect(incoming).toEqual({ type: 'incoming', eventId: call, phoneNumber: CUSTOMER, transfer: {} });
  });

  it('the third party is said again when the agent signs back in', async () => {
    const { d, events, call } = await talking();
    await d.handler.transferCall(call, billingDesk(), { mode: 'consult' });
    d.model.targetAnswers(call);
    await waitSaid(events, call, 'party Billing desk talking');
    const mark = events.mark();
    connect.core.getEventBus().trigger(connect.EventType.TERMINATED);
    await events.waitFor('the link down', (e) => e.type === 'link' && e.status === 'down', mark);
    d.model.setAgentState('Lunch');
    await events.waitFor('the third party again', (e) => e.type === 'thirdParty' && e.eventId === call, mark);
    expect(events.since(mark).filter((e) => e.type !== 'link' && e.type !== 'agentState').map(short)).toEqual(['held', 'party Billing desk talking']);
  });

  it('a toolbar loaded during a consult tells its story so far, the third party named by its quick connect', async () => {
    const d = amazonDriver();
    driver = d;
    const call = d.model.customerCalls(CUSTOMER);
    d.model.agentAnswers(call);
    const desk = QUICK_CONNECTS.find((q) => q.name === 'Billing desk');
    d.model.handleApi('createAdditionalConnection', { contactId: call, endpoint: desk?.endpoint });
    d.model.targetAnswers(call);
    const events = new ReportedEvents();
    await d.handler.start(events.listener);
    await waitSaid(events, call, 'party Billing desk talking');
    expect(said(events, call)).toEqual(['incoming', 'connected', 'held', 'party Billing desk talking']);
    await d.handler.completeTransfer(call);
    await waitSaid(events, call, 'transferred Billing desk');
  });
});

describe("Amazon transfers: the contract driver's view of the target", () => {
  it('follows the target through a consult, a conference and the transfer, and the agent through the end', async () => {
    const { d, events, call } = await talking();
    const target = d.transferTarget;
    if (!target || !d.targetCall || !d.targetAnswers || !d.targetHangsUp || !d.agentHasCalls) throw new Error('the driver plays no transfer target');
    expect(await d.targetCall()).toEqual({ state: 'none', withCustomer: false, withAgent: false });
    await d.handler.transferCall(call, target.destination, { mode: 'consult' });
    await waitSaid(events, call, `party ${target.reportedAs} dialing`);
    expect(await d.targetCall()).toEqual({ state: 'ringing', withCustomer: false, withAgent: false });
    await d.targetAnswers();
    await waitSaid(events, call, `party ${target.reportedAs} talking`);
    expect(await d.targetCall()).toEqual({ state: 'talking', withCustomer: false, withAgent: true });
    await d.handler.conferenceCall(call);
    await waitSaid(events, call, `party ${target.reportedAs} conferenced`);
    expect(await d.targetCall()).toEqual({ state: 'talking', withCustomer: true, withAgent: true });
    await d.handler.hangupCall(call);
    await waitSaid(events, call, 'ended connected agent');
    expect(await d.targetCall()).toEqual({ state: 'talking', withCustomer: true, withAgent: false });
    expect(await d.agentHasCalls()).toBe(false);
    await d.targetHangsUp();
    expect(await d.targetCall()).toEqual({ state: 'none', withCustomer: false, withAgent: false });
  });

  it('the unroutable destination is refused and the call stays; a call transferred in rings as one', async () => {
    const { d, events, call } = await talking();
    if (!d.transferTarget || !d.callTransferredIn || !d.agentHasCalls) throw new Error('the driver plays no transfer target');
    expect((await rejection(d.handler.transferCall(call, d.transferTarget.unroutable, { mode: 'consult' }))).code).toBe('REFUSED');
    expect(await d.agentHasCalls()).toBe(true);
    await d.handler.hangupCall(call);
    await waitSaid(events, call, 'ended connected agent');
    await d.handler.completeWrapup(call);
    const transferred = await d.callTransferredIn('+442071838750');
    expect(await events.waitFor('the transferred call', (e) => e.type === 'incoming' && e.eventId === transferred)).toMatchObject({ transfer: {} });
  });
});
