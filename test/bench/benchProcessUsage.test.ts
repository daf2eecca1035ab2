/** @jest-environment node */
/** Whether a scale step's processes fit within the open-file limit, and what this process has open. */
import { mostAgentsWithin, openFileLimit, openFiles, openFilesRefusal, type OpenFilesNeeded } from '../../bench/src/processUsage';

const bridge: OpenFilesNeeded = { process: 'the bridge process', perAgent: 1, spare: 256, what: 'a WebSocket per session' };
const clients: OpenFilesNeeded = { process: "the load clients' process", perAgent: 1, spare: 256, what: 'one socket per session' };
const workspace: OpenFilesNeeded = { process: 'the bridge process', perAgent: 2, spare: 1024, what: 'a WebSocket and a CometD long poll per agent' };

describe('the open-file limit', () => {
  test('a step within the limit in every process runs', () => {
    expect(openFilesRefusal('bridge', 19_744, [bridge, clients], 20_000)).toBeUndefined();
    expect(openFilesRefusal('workspace', 9488, [workspace], 20_000)).toBeUndefined();
  });

  test('a step beyond it is refused, naming each process that would run out and the most agents that fit', () => {
    expect(openFilesRefusal('bridge', 25_000, [bridge, clients], 20_000)).toBe(
      "bridge: 25,000 agents need about 25,256 open files in the bridge process (a WebSocket per session, and 256 to spare) and 25,256 in the load clients' process " +
        '(one socket per session, and 256 to spare), and the open-file limit (ulimit -n) is 20,000 per process: raise it, or ask for at most 19,744 agents',
    );
    expect(openFilesRefusal('bridge', 19_745, [bridge, { ...clients, spare: 0 }], 20_000)).toMatch(/about 20,001 open files in the bridge process \(.*\), and the open-file limit/);
    expect(openFilesRefusal('workspace', 9489, [workspace], 20_000)).toMatch(/^workspace: 9,489 agents need about 20,002 open files in the bridge process .* at most 9,488 agents$/);
  });

  test('the most agents that fit is that of the process that runs out first', () => {
    expect(mostAgentsWithin(20_000, [bridge, workspace])).toBe(9488);
    expect(mostAgentsWithin(Number.POSITIVE_INFINITY, [bridge])).toBe(Number.POSITIVE_INFINITY);
  });

  test("this process's limit and open files are read from /proc", () => {
    if (process.platform !== 'linux') return;
    expect(openFileLimit()).toBeGreaterThan(0);
    expect(openFiles(process.pid)).toBeGreaterThan(2);
  });
});
