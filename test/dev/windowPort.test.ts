/** createWindowPort accepts only well-formed messages from the expected window and origin. */
import { CHANNEL, Message } from '../../dev/protocol';
import { createWindowPort, httpOrigin } from '../../dev/transport';

const welcome: Message = { channel: CHANNEL, kind: 'welcome' };
const TOOLBAR_ORIGIN = 'http://127.0.0.1:8000';

function setup() {
  const target = { postMessage: jest.fn() } as unknown as Window;
  const port = createWindowPort(target, TOOLBAR_ORIGIN, window);
  const received: Message[] = [];
  port.onMessage((m) => received.push(m));
  const dispatch = (data: unknown, origin: string, source: unknown) =>
    window.dispatchEvent(new MessageEvent('message', { data, origin, source: source as MessageEventSource }));
  return { target, port, received, dispatch };
}

beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

describe('createWindowPort', () => {
  it('accepts a well-formed message from the target window and origin', () => {
    const { received, dispatch, target } = setup();
    dispatch(welcome, TOOLBAR_ORIGIN, target);
    expect(received).toEqual([welcome]);
  });

  it('ignores the right window at the wrong origin', () => {
    const { received, dispatch, target } = setup();
    dispatch(welcome, 'http://localhost:8000', target);
    dispatch(welcome, 'https://127.0.0.1:8000', target);
    expect(received).toEqual([]);
  });

  it('ignores the right origin from another window', () => {
    const { received, dispatch } = setup();
    dispatch(welcome, TOOLBAR_ORIGIN, window);
    dispatch(welcome, TOOLBAR_ORIGIN, null);
    expect(received).toEqual([]);
  });

  it('drops malformed data from the right window and origin', () => {
    const { received, dispatch, target } = setup();
    dispatch({ channel: CHANNEL, kind: 'subscribe', eventName: 'nope' }, TOOLBAR_ORIGIN, target);
    dispatch('just a string', TOOLBAR_ORIGIN, target);
    expect(received).toEqual([]);
    expect(console.warn).toHaveBeenCalledTimes(2);
  });

  it("carries Fusion's events and answers in the shapes of Oracle's typings, and drops the shapes it used before", () => {
    const { received, dispatch, target } = setup();
    const base = { channel: 'PHONE', channelType: 'ORA_SVC_PHONE', toolbarName: 'Toolbar', uuid: 'u-1' };
    const outgoing: Message = {
      channel: CHANNEL,
      kind: 'event',
      deliveryId: 'd-1',
      eventName: 'onOutgoingEvent',
      data: { ...base, method: 'onOutgoingEvent', outData: { SVCMCA_ANI: '+16505550142', SVCMCA_CALL_ID: 'u-1' }, origin: 'FusionSimulator', windowName: '' },
    };
    const configuration: Message = {
      channel: CHANNEL,
      kind: 'publishResult',
      requestId: 'r-1',
      ok: true,
      operation: 'getConfigurationOperation',
      data: {
        method: 'getConfigurationOperation',
        result: 'success',
        toolbarName: 'Toolbar',
        uuid: 'u-2',
        outData: {},
        error: null,
        configuration: { faTrustToken: '', agentId: 'LISA.AGENT', agentPartyId: '1', features: 'INBOUND_CALL', companionPanelUrl: '', companionPanelTitle: '' },
      },
    };
    dispatch(outgoing, TOOLBAR_ORIGIN, target);
    dispatch(configuration, TOOLBAR_ORIGIN, target);
    // Before: onOutgoingEvent as {data, outData}, and an operation's answer as {data, outData} with the agent in outData.
    dispatch({ channel: CHANNEL, kind: 'event', deliveryId: 'd-2', eventName: 'onOutgoingEvent', data: { data: {}, outData: {} } }, TOOLBAR_ORIGIN, target);
    dispatch({ channel: CHANNEL, kind: 'publishResult', requestId: 'r-2', ok: true, data: {}, outData: { agentId: 'LISA.AGENT' } }, TOOLBAR_ORIGIN, target);
    expect(received).toEqual([outgoing, configuration]);
    expect(console.warn).toHaveBeenCalledTimes(2);
  });

  it('posts with the explicit target origin', () => {
    const { port, target } = setup();
    port.send(welcome);
    expect(target.postMessage).toHaveBeenCalledWith(welcome, TOOLBAR_ORIGIN);
  });
});

describe('httpOrigin', () => {
  it.each([
    ['http://localhost:8000', 'http://localhost:8000'],
    ['https://fusion.example.com/fscmUI/faces', 'https://fusion.example.com'],
    ['javascript:alert(1)', null],
    ['file:///etc/passwd', null],
    ['localhost:8000', null],
    ['', null],
    [null, null],
  ])('%p → %p', (input, expected) => {
    expect(httpOrigin(input)).toBe(expected);
  });
});
