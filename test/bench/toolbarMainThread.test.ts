/** @jest-environment node */
/** The toolbar's main-thread work up to ready, read from a Chromium trace, and the table that shows it. */
import { mainThreadToReady, traceEventsOf } from '../../bench/src/toolbar/mainThread';
import { markdownReport } from '../../bench/src/report';
import type { BenchResults, ToolbarLoadFigures } from '../../bench/src/results';

describe('main-thread work to ready, from a Chromium trace', () => {
  const page = 'http://localhost:8000/simulator.html';
  const toolbar = 'http://127.0.0.1:8000/index.html';
  /** The page in renderer 10, the toolbar in renderer 20 (main thread 20); times in µs. */
  const navigation = (pid: number, ts: number, url: string) => ({
    name: 'navigationStart',
    cat: 'blink.user_timing',
    ph: 'R',
    pid,
    tid: pid,
    ts,
    args: { frame: 'F', data: { documentLoaderURL: url, isLoadingMainFrame: pid === 10 } },
  });
  const task = (pid: number, tid: number, ts: number, dur: number, tdur?: number) => ({
    name: 'RunTask',
    cat: 'disabled-by-default-devtools.timeline',
    ph: 'X',
    pid,
    tid,
    ts,
    dur,
    ...(tdur !== undefined ? { tdur } : {}),
  });
  const events = [
    navigation(10, 500, page),
    navigation(20, 1_000, ''),
    navigation(20, 1_000, `${toolbar}?vendor=genesys`),
    // Before the navigation start: the renderer's own start-up, not the toolbar's.
    task(20, 20, 200, 300, 300),
    // Inside: 40 ms (30 of CPU), and a nested task inside it that must not be counted again.
    task(20, 20, 2_000, 40_000, 30_000),
    task(20, 20, 10_000, 5_000, 5_000),
    // Cut by ready (at 1,000 + 100,000 µs): 10 of its 20 ms are inside, and half of its CPU.
    task(20, 20, 91_000, 20_000, 16_000),
    // After ready.
    task(20, 20, 150_000, 10_000, 10_000),
    // Another thread of the renderer, and the page's renderer: not the toolbar's main thread.
    task(20, 21, 5_000, 50_000, 50_000),
    task(10, 10, 5_000, 50_000, 50_000),
    { name: 'thread_name', ph: 'M', pid: 20, tid: 20, args: { name: 'CrRendererMain' } },
  ];

  test('the toolbar renderer main thread tasks between its navigation start and ready', () => {
    expect(mainThreadToReady(events, toolbar, page, 100)).toEqual({ tasks: 2, taskMs: 50, cpuMs: 38 });
  });

  test('a trace without thread time gives the task time alone', () => {
    const untimed = events.map((event) => ('tdur' in event ? { ...event, tdur: undefined } : event));
    expect(mainThreadToReady(untimed, toolbar, page, 100)).toEqual({ tasks: 2, taskMs: 50 });
  });

  test('a trace that cannot tell the toolbar apart is refused, saying why', () => {
    expect(() => mainThreadToReady(events, 'http://127.0.0.1:9999/index.html', page, 100)).toThrow(
      'the trace has no navigationStart of http://127.0.0.1:9999/index.html (navigations traced: http://localhost:8000/simulator.html, (blank), http://127.0.0.1:8000/index.html?vendor=genesys)',
    );
    const shared = [navigation(10, 500, page), navigation(10, 1_000, toolbar)];
    expect(() => mainThreadToReady(shared, toolbar, page, 100)).toThrow('ran in the renderer of the page that frames it (process 10)');
    expect(() => mainThreadToReady(events, toolbar, page, 0)).toThrow('ready must be after the navigation start, not 0 ms');
  });

  test('the trace file: an object with traceEvents, or a bare array; anything else is refused', () => {
    expect(traceEventsOf('{"traceEvents": [{"name": "x"}], "metadata": {}}')).toEqual([{ name: 'x' }]);
    expect(traceEventsOf('[{"name": "x"}]')).toEqual([{ name: 'x' }]);
    expect(() => traceEventsOf('{"traceEvents": 3}')).toThrow('the trace has no traceEvents array');
    expect(() => traceEventsOf('{"traceEv')).toThrow(/^the trace is not JSON: /);
  });

  test('the toolbar table shows the shown time and the main thread next to the wall time, against each vendor’s goal, and where the time went', () => {
    const figures: ToolbarLoadFigures = {
      runs: 3,
      readyMedianMs: 300,
      readyMaxMs: 350,
      shownMedianMs: 320,
      shownMaxMs: 380,
      tracedReadyMedianMs: 390,
      mainThreadTaskMedianMs: 210.5,
      mainThreadCpuMedianMs: 180,
      bytes: 300_000,
      requests: 9,
      bytesMax: 300_000,
      requestsMax: 9,
      milestones: { coreArrivedMs: 132, linkStartedMs: 150, configuredMs: 155, uefLoadedMs: 210, fusionConnectedMs: 262, viewStartedMs: 230 },
    };
    const results: BenchResults = {
      date: '2026-11-21T00:00:00.000Z',
      command: 'npm run bench -- --only toolbar',
      quick: false,
      durationSeconds: 60,
      machine: { cores: 2, cpu: 'CPU', memoryGiB: 24, node: 'v20.20.2', platform: 'Linux' },
      toolbar: { genesys: figures, amazon: { ...figures, shownMedianMs: undefined, mainThreadCpuMedianMs: undefined, milestones: { coreArrivedMs: 140 } } },
    };
    const report = markdownReport(results);
    // Where the time went: each milestone the loads reached, then ready and shown.
    expect(report).toContain('| vendor | core arrived | link started | configured | UEF client loaded | Fusion connected | view started | ready | shown |');
    expect(report).toContain('| genesys | 132 | 150 | 155 | 210 | 262 | 230 | 300 | 320 |');
    expect(report).toContain('| amazon | 140 | — | — | — | — | — | 300 | — |');
    // Genesys's goal is a median under 200 ms and under 200 kB; Amazon's, which carries Amazon's Streams library, 1 s and 1.5 MB.
    expect(report).toContain('| genesys | 3 | 300 | 350 | 320 / 380 | 210.5 / 180 (390) | 300 kB / 300 kB | 9 / 9 | missed: ready median ≥ 200 ms, ≥ 200 kB |');
    expect(report).toContain('| amazon | 3 | 300 | 350 | — | 210.5 / — (390) | 300 kB / 300 kB | 9 / 9 | met |');
  });
});
