import { StartupGate, VendorReporter } from '../../src/ts/cti/vendor/handlerSupport';
import type { VendorEvent } from '../../src/ts/cti/core/types';

describe('VendorReporter', () => {
  it('reports nothing before attach or after detach', () => {
    const seen: VendorEvent[] = [];
    const reporter = new VendorReporter('test');
    reporter.report({ type: 'connected', eventId: 'a' });
    reporter.attach((event) => seen.push(event));
    reporter.report({ type: 'connected', eventId: 'b' });
    reporter.detach();
    reporter.report({ type: 'connected', eventId: 'c' });
    expect(seen).toEqual([{ type: 'connected', eventId: 'b' }]);
  });

  it('reports each link status change once, and again after a re-attach', () => {
    const seen: VendorEvent[] = [];
    const reporter = new VendorReporter('test');
    reporter.attach((event) => seen.push(event));
    reporter.report({ type: 'link', status: 'connecting' });
    reporter.report({ type: 'link', status: 'connecting' });
    reporter.report({ type: 'link', status: 'connected' });
    reporter.detach();
    reporter.attach((event) => seen.push(event));
    reporter.report({ type: 'link', status: 'connected' });
    expect(seen.map((e) => (e.type === 'link' ? e.status : e.type))).toEqual(['connecting', 'connected', 'connected']);
    expect(reporter.link).toBe('connected');
    reporter.detach();
    expect(reporter.link).toBeNull();
  });

  it('logs a listener that throws and goes on reporting', () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const reporter = new VendorReporter('test');
      let calls = 0;
      reporter.attach(() => {
        calls++;
        throw new Error('boom');
      });
      reporter.report({ type: 'connected', eventId: 'a' });
      reporter.report({ type: 'connected', eventId: 'b' });
      expect(calls).toBe(2);
      expect(error).toHaveBeenCalledWith('[test] the toolbar failed to take connected: boom');
    } finally {
      error.mockRestore();
    }
  });
});

describe('StartupGate', () => {
  afterEach(() => jest.useRealTimers());

  it('resolves once; later settlements are ignored', async () => {
    const gate = new StartupGate();
    const started = gate.begin();
    expect(gate.waiting).toBe(true);
    expect(gate.resolve()).toBe(true);
    expect(gate.reject(new Error('late'))).toBe(false);
    expect(gate.waiting).toBe(false);
    await expect(started).resolves.toBeUndefined();
  });

  it('rejects with the time limit error when nothing settles it in time', async () => {
    jest.useFakeTimers();
    const gate = new StartupGate();
    const started = gate.begin({ ms: 1000, timeoutError: () => new Error('no snapshot') });
    jest.advanceTimersByTime(999);
    expect(gate.waiting).toBe(true);
    jest.advanceTimersByTime(1);
    await expect(started).rejects.toThrow('no snapshot');
    expect(gate.waiting).toBe(false);
  });

  it('stops its timer when settled', () => {
    jest.useFakeTimers();
    const gate = new StartupGate();
    void gate.begin({ ms: 1000, timeoutError: () => new Error('no snapshot') });
    gate.resolve();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects a start-up still waiting when a new one begins', async () => {
    const gate = new StartupGate();
    const first = gate.begin();
    const second = gate.begin();
    await expect(first).rejects.toThrow('A new start-up began');
    gate.resolve();
    await expect(second).resolves.toBeUndefined();
  });
});
