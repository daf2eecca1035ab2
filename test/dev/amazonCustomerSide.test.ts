/**
 * The Customer panel's Amazon side: the control channel to the CCP emulator inside the toolbar frame, against a real
 * CcpModel behind a fake pair of windows (the simulator page, and the frames of the toolbar).
 */
import { AmazonCustomerSide, MessageSource, PostTarget } from '../../dev/amazonCustomerSide';
import { answerControl } from '../../dev/ccp/ccpControl';
import { CcpModel } from '../../dev/ccp/ccpModel';

const EMULATOR_ORIGIN = 'http://localhost:8000';
const CALLER = '+16505550100';

type Listener = (event: MessageEvent) => void;

/** The simulator page's window: where replies arrive. */
class PageWindow implements MessageSource {
  readonly listeners = new Set<Listener>();
  addEventListener(_type: 'message', listener: Listener): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: Listener): void {
    this.listeners.delete(listener);
  }
  deliver(data: unknown, origin: string, source: unknown): void {
    const event = { data: JSON.parse(JSON.stringify(data)) as unknown, origin, source } as unknown as MessageEvent;
    for (const listener of Array.from(this.listeners)) listener(event);
  }
}

/** A frame of the toolbar. postMessage drops what is not addressed to its origin, as a browser does. */
class FakeFrame implements PostTarget {
  closed = false;
  readonly received: Array<{ message: unknown; targetOrigin: string }> = [];
  constructor(
    readonly origin: string,
    private readonly page: PageWindow,
    private readonly answer: ((message: unknown) => unknown) | null,
    private readonly replyOrigin = origin,
  ) {}
  postMessage(message: unknown, targetOrigin: string): void {
    this.received.push({ message, targetOrigin });
    if (targetOrigin !== '*' && targetOrigin !== this.origin) return;
    const copy = JSON.parse(JSON.stringify(message)) as unknown;
    setTimeout(() => {
      if (this.closed || !this.answer) return;
      const reply = this.answer(copy);
      if (reply) this.page.deliver(reply, this.replyOrigin, this);
    }, 0);
  }
}

function setUp(options: { timeoutMs?: number } = {}) {
  const page = new PageWindow();
  const model = new CcpModel({ ringTimeoutMs: null });
  const emulator = new FakeFrame(EMULATOR_ORIGIN, page, (m) => answerControl(model, m));
  const silent = new FakeFrame('https://example.my.connect.aws', page, null);
  const frames: PostTarget[] = [silent, emulator];
  const toolbar = { contentWindow: { frames } as { frames: PostTarget[] } | null };
  const side = new AmazonCustomerSide(toolbar, page, EMULATOR_ORIGIN, { timeoutMs: options.timeoutMs ?? 200 });
  return { page, model, emulator, silent, frames, toolbar, side };
}

const hellos = (frame: FakeFrame) => frame.received.filter((r) => (r.message as { type: string }).type === 'ccp-emulator/hello');

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the promise to fail');
}

describe('AmazonCustomerSide', () => {
  it('describes itself', () => {
    expect(setUp().side.description).toBe("Amazon Connect CCP emulator in the toolbar: the customer, the transfer target and the agent's CCP.");
    expect(setUp().side.targetDestinations).toEqual(['Billing desk', '+16505550199']);
  });

  it("finds the emulator among the toolbar's frames by saying hello with the emulator's origin as target", async () => {
    const { side, emulator, silent } = setUp();
    expect(await side.calls()).toEqual([]);
    expect(hellos(emulator)).toHaveLength(1);
    expect(hellos(emulator)[0].targetOrigin).toBe(EMULATOR_ORIGIN);
    expect(hellos(silent)[0].targetOrigin).toBe(EMULATOR_ORIGIN);
    await side.calls();
    expect(hellos(emulator)).toHaveLength(1); // found once, then remembered
    expect(emulator.received.map((r) => (r.message as { action?: string }).action ?? 'hello')).toEqual(['hello', 'state', 'state']);
    expect(silent.received).toHaveLength(1);
  });

  it('plays an inbound call: ringing, answered on the softphone, hung up by the customer', async () => {
    const { side, model } = setUp();
    await side.callAgent(CALLER);
    const [ringing] = await side.calls();
    expect(ringing).toEqual({ id: expect.any(String), direction: 'inbound', state: 'ringing', number: CALLER, digitsHeard: '' });
    expect(model.contacts()[0].contactId).toBe(ringing.id);
    await side.softphoneAnswer(ringing.id);
    expect(await side.calls()).toEqual([{ ...ringing, state: 'talking' }]);
    await side.hangUp(ringing.id);
    expect(model.contacts()[0].state).toBe('ended');
    expect(await side.calls()).toEqual([]); // after-contact work is no longer a call on the line
  });

  it("plays the CCP's Hold and Resume, the customer then hearing hold music, and shows the digits the customer heard", async () => {
    const { side, model } = setUp();
    await side.callAgent(CALLER);
    const [call] = await side.calls();
    await side.softphoneAnswer(call.id);
    const agentLeg = model.agentData().snapshot.contacts[0].connections[0].connectionId;
    model.handleApi('sendDigits', { contactId: call.id, connectionId: agentLeg, digits: '42#' });
    await side.softphoneHold(call.id);
    expect(await side.calls()).toEqual([{ ...call, state: 'held', digitsHeard: '42#' }]);
    await side.softphoneResume(call.id);
    expect((await side.calls())[0].state).toBe('talking');
    expect(await failure(side.softphoneResume(call.id))).toBe('Amazon Connect refused the Resume: Error received from Voice Service');
  });

  it('plays the softphone hanging up, and the callee of an outbound call answering or being busy', async () => {
    const { side, model } = setUp();
    await side.callAgent(CALLER);
    const [call] = await side.calls();
    await side.softphoneHangUp(call.id);
    expect(model.contacts()[0].state).toBe('error'); // declined, as real voice contacts end
    expect(await side.calls()).toEqual([]);
    model.agentClears(call.id);

    model.handleApi('createOutboundContact', { endpoint: { phoneNumber: '+14155550123' } });
    const [dialing] = await side.calls();
    expect(dialing).toEqual({ id: expect.any(String), direction: 'outbound', state: 'dialing', number: '+14155550123', digitsHeard: '' });
    await side.calleeAnswers(dialing.id);
    expect((await side.calls())[0].state).toBe('talking');
    await side.softphoneHangUp(dialing.id);
    model.agentClears(dialing.id);

    model.handleApi('createOutboundContact', { endpoint: { phoneNumber: '+14155550124' } });
    const [second] = await side.calls();
    await side.calleeBusy(second.id);
    expect(model.contacts()[0].state).toBe('error');
    expect(await side.calls()).toEqual([]);
  });

  it('shows the third party of a consult and a conference, and plays it: it answers, and hangs up', async () => {
    const { side, model } = setUp();
    await side.callAgent(CALLER);
    const [call] = await side.calls();
    await side.softphoneAnswer(call.id);
    model.handleApi('createAdditionalConnection', { contactId: call.id, endpoint: { type: 'phone_number', phoneNumber: '+16505550199' } });
    expect(await side.calls()).toEqual([{ ...call, state: 'held', thirdParty: { destination: '+16505550199', state: 'ringing' } }]);
    await side.targetAnswers(call.id);
    expect((await side.calls())[0].thirdParty).toEqual({ destination: '+16505550199', state: 'talking' });
    model.handleApi('conferenceConnections', { contactId: call.id });
    expect(await side.calls()).toEqual([{ ...call, state: 'talking', thirdParty: { destination: '+16505550199', state: 'conferenced' } }]);
    await side.targetHangsUp(call.id);
    expect(await side.calls()).toEqual([{ ...call, state: 'talking' }]);
    expect(await failure(side.targetRefuses(call.id))).toBe(`Nothing rings at a third party of call ${call.id}: there is nothing to refuse.`);
  });

  it('lists a call the agent transferred until the customer or the third party hangs up; a busy target drops it at once', async () => {
    const { side, model } = setUp();
    await side.callAgent(CALLER);
    const [call] = await side.calls();
    await side.softphoneAnswer(call.id);
    const transfer = () => model.handleApi('createAdditionalConnection', { contactId: call.id, endpoint: { type: 'phone_number', phoneNumber: '+16505550199' } });
    await side.setTargetBusy(true);
    transfer();
    expect((await side.calls())[0]).toEqual({ ...call, state: 'held' }); // the busy desk is gone already
    await side.setTargetBusy(false);
    transfer();
    await side.softphoneHangUp(call.id); // the agent leaves: a blind transfer
    expect(await side.calls()).toEqual([{ id: call.id, direction: 'inbound', state: 'transferred', number: CALLER, thirdParty: { destination: '+16505550199', state: 'ringing' } }]);
    await side.targetAnswers(call.id);
    expect((await side.calls())[0].thirdParty?.state).toBe('talking');
    await side.hangUp(call.id);
    expect(await side.calls()).toEqual([]);
  });

  it('plays another agent who transfers a caller to this one', async () => {
    const { side, model } = setUp();
    await side.transferToAgent(CALLER);
    expect(await side.calls()).toEqual([{ id: expect.any(String), direction: 'inbound', state: 'ringing', number: CALLER, digitsHeard: '' }]);
    expect(model.contacts()[0].initiationMethod).toBe('transfer');
  });

  it("passes the emulator's refusals on as errors", async () => {
    const { side, model } = setUp();
    model.setAgentState('Lunch');
    expect(await failure(side.callAgent(CALLER))).toMatch(/^The agent is not available/);
    expect(await failure(side.hangUp('no-such-contact'))).toBe("There is no contact no-such-contact on the agent's CCP.");
    expect(await failure(side.callAgent('not a number'))).toMatch(/E\.164/);
  });

  it('says the emulator is not loaded when the toolbar has no frames, at once', async () => {
    const { side, frames } = setUp();
    frames.length = 0;
    const started = Date.now();
    expect(await failure(side.calls())).toMatch(/^The CCP emulator is not loaded in the toolbar yet \(the toolbar has no frames\)/);
    expect(Date.now() - started).toBeLessThan(150);
    const noWindow = new AmazonCustomerSide({ contentWindow: null }, new PageWindow(), EMULATOR_ORIGIN);
    expect(await failure(noWindow.calls())).toMatch(/not loaded in the toolbar yet \(the toolbar frame has no window\)/);
  });

  it('says the emulator is not loaded when no frame answers in time, and finds it once it does', async () => {
    const { side, frames, silent, emulator } = setUp({ timeoutMs: 50 });
    frames.splice(0, frames.length, silent);
    const message = await failure(side.calls());
    expect(message).toMatch(/^The CCP emulator is not loaded in the toolbar yet \(none of the toolbar's 1 frame answered from http:\/\/localhost:8000 within 50 ms\)/);
    expect(message).toMatch(/ccp-emulator\.html/);
    frames.push(emulator);
    expect(await side.calls()).toEqual([]);
  });

  it('says hello again until a frame that was still loading answers, so a search begun too early still finds it', async () => {
    const { side, frames, model, page } = setUp({ timeoutMs: 2000 });
    // Still about:blank, whose origin is the toolbar's: the browser drops a message addressed to the emulator's origin.
    const loading = new FakeFrame('http://127.0.0.1:8000', page, (m) => answerControl(model, m), EMULATOR_ORIGIN);
    frames.splice(0, frames.length, loading);
    setTimeout(() => {
      (loading as { origin: string }).origin = EMULATOR_ORIGIN; // the emulator page has loaded in the same frame
    }, 150);

    await side.callAgent(CALLER);

    expect(hellos(loading).length).toBeGreaterThan(1);
    expect(model.contacts()).toEqual([expect.objectContaining({ phoneNumber: CALLER, state: 'connecting' })]);
  });

  it('asks only once for the emulator when several requests wait for it', async () => {
    const { side, emulator } = setUp();
    await Promise.all([side.calls(), side.calls(), side.calls()]);
    expect(hellos(emulator)).toHaveLength(1);
  });

  it('ignores replies from another origin or another window', async () => {
    const page = new PageWindow();
    const model = new CcpModel({ ringTimeoutMs: null });
    // A frame of the emulator's origin that answers as if from elsewhere (its replies must not count)…
    const wrongOrigin = new FakeFrame(EMULATOR_ORIGIN, page, (m) => answerControl(model, m), 'http://127.0.0.1:8000');
    const side = new AmazonCustomerSide({ contentWindow: { frames: [wrongOrigin] } }, page, EMULATOR_ORIGIN, { timeoutMs: 50 });
    expect(await failure(side.calls())).toMatch(/not loaded in the toolbar yet/);
    expect(wrongOrigin.received.map((r) => (r.message as { type: string }).type)).toContain('ccp-emulator/hello'); // it was asked, and answered

    // …and a reply with the right id from the right origin but another window is not the answer either.
    const emulator = new FakeFrame(EMULATOR_ORIGIN, page, null);
    const impostor = {};
    const other = new AmazonCustomerSide({ contentWindow: { frames: [emulator] } }, page, EMULATOR_ORIGIN, { timeoutMs: 50 });
    const pending = failure(other.calls());
    await new Promise((resolve) => setTimeout(resolve, 0));
    const hello = emulator.received[0].message as { id: string };
    page.deliver({ type: 'ccp-emulator/reply', id: hello.id, ok: true, result: 'ccp-emulator' }, EMULATOR_ORIGIN, impostor);
    expect(await pending).toMatch(/not loaded in the toolbar yet/);
  });

  it('fails a request the emulator does not answer in time, then looks for the emulator again', async () => {
    const { side, emulator, frames, page, model } = setUp({ timeoutMs: 50 });
    await side.calls();
    const stuck = new FakeFrame(EMULATOR_ORIGIN, page, (m) => ((m as { type: string }).type === 'ccp-emulator/hello' ? answerControl(model, m) : null));
    // The emulator frame was replaced (the library reloads its CCP iframe): the old window no longer answers.
    emulator.closed = true;
    frames.splice(0, frames.length, stuck);
    expect(await failure(side.calls())).toBe('The CCP emulator did not answer "state" within 50 ms.');
    const fresh = new FakeFrame(EMULATOR_ORIGIN, page, (m) => answerControl(model, m));
    frames.splice(0, frames.length, fresh);
    expect(await side.calls()).toEqual([]);
    expect(hellos(fresh)).toHaveLength(1);
  });

  it('dispose() fails pending requests and stops listening', async () => {
    const { side, page, frames, silent } = setUp({ timeoutMs: 1000 });
    frames.splice(0, frames.length, silent);
    const pending = failure(side.calls());
    side.dispose();
    expect(await pending).toMatch(/not loaded in the toolbar yet/);
    expect(page.listeners.size).toBe(0);
  });
});
