import { OrderedFusionPublisher } from '../../src/ts/cti/core/orderedFusionPublisher';
import { settle } from '../support/recordingFusion';

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
