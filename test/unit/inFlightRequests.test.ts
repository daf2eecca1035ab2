import { InFlightRequests } from '../../src/ts/cti/core/inFlightRequests';
import { settle } from '../support/recordingFusion';

describe('InFlightRequests', () => {
  it('joins a request asked for again while it runs, runs it anew once it is done, and holds nothing once idle', async () => {
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
