import { ClosedCalls } from '../../src/ts/cti/core/closedCalls';
import { OrderedFusionPublisher } from '../../src/ts/cti/core/orderedFusionPublisher';
import { InFlightRequests } from '../../src/ts/cti/core/inFlightRequests';
import { settle } from '../support/recordingFusion';

describe('ClosedCalls', () => {
  it('remembers ended calls up to its capacity, forgetting the oldest first', () => {
    const closed = new ClosedCalls(2);
    for (const id of ['a', 'b', 'c']) closed.add(id);
    expect(['a', 'b', 'c'].map((id) => closed.has(id))).toEqual([false, true, true]);
    expect(closed.size).toBe(2);
  });

  it('remembers 500 calls unless told otherwise', () => {
    expect(new ClosedCalls().capacity).toBe(500);
  });
});

describe('OrderedFusionPublisher', () => {
  it('runs one call’s publishes in order, reports a failure and goes on, and holds nothing once idle', async () => {
    const order: string[] = [];
    const failures: string[] = [];
    const publisher = new OrderedFusionPublisher((what, err) => failures.push(`${what}: ${(err as Error).message}`));
    let answer = (): void => undefined;
    const gate = new Promise<void>((resolve) => (answer = resolve));
    publisher.publish('c1', 'new', async () => {
      await gate;
      order.push('c1 new');
      throw new Error('refused');
    });
    publisher.publish('c1', 'close', async () => {
      order.push('c1 close');
    });
    publisher.publish('c2', 'new', async () => {
      order.push('c2 new');
    });
    await settle();
    expect(order).toEqual(['c2 new']); // c2 does not wait for c1
    answer();
    await settle();
    expect(order).toEqual(['c2 new', 'c1 new', 'c1 close']);
    expect(failures).toEqual(['new: refused']);
    expect(publisher.pending).toBe(0);
  });
});

describe('InFlightRequests', () => {
  it('joins a request asked for again while it runs, and runs it anew once it is done', async () => {
    const requests = new InFlightRequests<string>();
    let runs = 0;
    const run = () => Promise.resolve(`run ${++runs}`);
    const [first, second] = await Promise.all([requests.once('k', run), requests.once('k', run)]);
    expect([first, second]).toEqual(['run 1', 'run 1']);
    await settle();
    expect(requests.size).toBe(0);
    expect(await requests.once('k', run)).toBe('run 2');
  });
});
