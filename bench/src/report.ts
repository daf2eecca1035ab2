/** bench/results.json → the Markdown tables printed on stdout (and pasted into the README's "Performance"). */
import { GOALS, type BenchResults, type BridgeStep, type EndToEndResults, type SlowClientStep, type PairedLoads, type ToolbarLoadFigures, type ToolbarResults, type WorkspaceResults } from './results';
import { MILESTONE_ORDER } from './toolbar/milestones';

export function markdownReport(results: BenchResults): string {
  const sections: string[] = [];
  if (results.bridge) {
    const { callsPerSecond, holdMs, measureSeconds, openFileLimit, steps } = results.bridge;
    const addresses = steps.some((step) => (step.sourceAddresses ?? 1) > 1)
      ? `; load clients from ${steps.map((step) => step.sourceAddresses ?? 1).join(', ')} loopback addresses`
      : '';
    sections.push(
      `**Bridge scale** (${callsPerSecond} calls/s, caller hangs up ${holdMs} ms after the answer, ${measureSeconds} s measured per step; times in ms; ` +
        `CPU: each process's own user + system time per call event delivered (bridge) or frame (bare ws), the two running side by side over ${measureSeconds} s; heap: bytes allocated on the V8 heap, likewise; ` +
        `sign-ins/s: sessions signed in and ready per second, and the bridge's cores busy meanwhile; open files: with every session ready` +
        `${openFileLimit !== undefined ? `, under a limit of ${thousands(openFileLimit)} per process` : ''}${addresses})\n\n` +
        table(
          [
            'agents',
            'sessions held',
            'sign-ins/s (bridge cores busy)',
            'events/s',
            'event p50 / p99 / max',
            'bare ws p50 / p99 / max',
            'p99 vs bare ws',
            'CPU per event: bridge / bare ws',
            'CPU vs bare ws',
            'heap per event: bridge / bare ws',
            'Accept → Established p50 / p99',
            'RSS per agent',
            'open files: bridge / load clients',
            'load average',
            'errors',
            'goals',
          ],
          steps.map((step) => [
            thousands(step.agents),
            thousands(step.sessionsHeld),
            step.signInsPerSec === undefined ? '—' : `${thousands(step.signInsPerSec)} (${step.signInCpuCores ?? '—'})`,
            String(step.eventsPerSec),
            triple(step.eventP50Ms, step.eventP99Ms, step.eventMaxMs),
            triple(step.baselineP50Ms, step.baselineP99Ms, step.baselineMaxMs),
            `${step.p99VsBaseline}×`,
            `${step.cpuPerEventUs} µs / ${step.baselineCpuPerFrameUs} µs`,
            `${step.cpuVsBaseline}×`,
            `${thousands(step.heapPerEventBytes)} B / ${thousands(step.baselineHeapPerFrameBytes)} B`,
            `${step.commandP50Ms} / ${step.commandP99Ms}`,
            `${step.rssPerAgentKiB} KiB`,
            `${optionalThousands(step.bridgeOpenFiles)} / ${optionalThousands(step.clientsOpenFiles)}`,
            step.loadAverage === undefined ? '—' : String(step.loadAverage),
            String(step.errors),
            verdict(bridgeMisses(step)),
          ]),
        ),
    );
  }
  if (results.bridge?.slowClients) sections.push(slowClientSection(results.bridge.slowClients, results.bridge.measureSeconds));
  if (results.workspace) sections.push(workspaceSection(results.workspace, results.bridge?.steps ?? []));
  if (results.toolbar) {
    const rows = (Object.entries(results.toolbar) as Array<[keyof typeof GOALS.toolbar, ToolbarLoadFigures]>).map(([vendor, figures]) => [
      vendor,
      String(figures.runs),
      String(figures.readyMedianMs),
      String(figures.readyMaxMs),
      figures.shownMedianMs === undefined ? '—' : `${figures.shownMedianMs} / ${figures.shownMaxMs ?? '—'}`,
      `${figures.mainThreadTaskMedianMs ?? '—'} / ${figures.mainThreadCpuMedianMs ?? '—'} (${figures.tracedReadyMedianMs ?? '—'})`,
      `${kilobytes(figures.bytes)} / ${kilobytes(figures.bytesMax)}`,
      `${figures.requests} / ${figures.requestsMax}`,
      verdict(toolbarMisses(figures, GOALS.toolbar[vendor])),
    ]);
    sections.push(
      `**Toolbar load** (release build served compressed, cold cache, under the UEF stand-in; ready = the toolbar frame's navigation start → its first agentStateEventOperation; ` +
        `shown = the same start → the toolbar's view up with the core's state, its components rendered (median / max); ` +
        `main thread to ready = the toolbar renderer's main-thread tasks over that time, from Chromium's trace of as many loads again (tracing slows a load, so they are not the timed ones): their time and their CPU time, and in brackets those loads' own ready, medians; transferred and requests: median / max of the loads)\n\n` +
        table(['vendor', 'loads', 'ready median (ms)', 'ready max (ms)', 'shown (ms)', 'main thread to ready: tasks / CPU (traced ready) (ms)', 'transferred', 'requests', 'goals'], rows),
    );
    sections.push(milestonesSection(results.toolbar));
    const paired = pairedSection(results.toolbar);
    if (paired) sections.push(paired);
  }
  if (results.endToEnd) {
    const e = results.endToEnd;
    sections.push(
      `**End to end** (${e.calls} calls one after another in Chromium, \`npm start\`'s set-up; ${e.errors} errors; times in ms)\n\n` +
        table(
          ['direction', 'p50', 'p99', 'max', 'goals'],
          [
            ['ring: the simulator rings → Fusion receives newCommEvent', String(e.ringP50Ms), String(e.ringP99Ms), String(e.ringMaxMs), verdict(endToEndMisses(e.ringP99Ms))],
            ['answer: Answer in Fusion → the backend answers', String(e.answerP50Ms), String(e.answerP99Ms), String(e.answerMaxMs), verdict(endToEndMisses(e.answerP99Ms))],
          ],
        ),
    );
  }
  if (results.shift) {
    const { scope, errors, checkpoints } = results.shift;
    sections.push(
      `**A shift in one page** (calls one after another through one Fusion simulator page, \`npm start\`'s set-up, never reloaded; ` +
        `the ${scope === 'toolbar frame' ? "toolbar frame's renderer" : "page's renderer (Fusion simulator and toolbar)"} after a forced garbage collection; ${errors} calls broke off; goal: flat)\n\n` +
        table(
          ['calls', 'JS heap used', 'DOM nodes', 'documents', 'JS event listeners'],
          checkpoints.map((c) => [thousands(c.calls), `${thousands(c.heapUsedKiB)} KiB`, thousands(c.domNodes), String(c.documents), thousands(c.listeners)]),
        ),
    );
  }
  if (results.failover) {
    const f = results.failover;
    sections.push(
      `**Failover** (two bridges behind HAProxy over the fake GWS; the one holding the toolbar killed with SIGKILL mid-call ${f.kills} times, seed ${f.seed}; ` +
        `recovery = the kill → the toolbar connected again through HAProxy with its snapshot; times in ms)\n\n` +
        table(['kills', 'recovery p50', 'recovery p99', 'recovery max'], [[String(f.kills), String(f.recoveryP50Ms), String(f.recoveryP99Ms), String(f.recoveryMaxMs)]]),
    );
  }
  if (results.failures) sections.push(`**Could not run:**\n\n${results.failures.map((failure) => `- ${failure}`).join('\n')}`);
  const m = results.machine;
  sections.push(
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}${m.chromium ? `, Chromium ${m.chromium}` : ''}. ` +
      `Command: \`${results.command}\` (${results.durationSeconds} s).`,
  );
  return `${sections.join('\n\n')}\n`;
}

/**
 * The workspace steps, each beside the simulator backend's step of the same agent count when that ran: the bridge's
 * cost per agent with a Workspace session and a CometD long poll each, against its cost with the in-process simulator.
 */
function workspaceSection(workspace: WorkspaceResults, simulatorSteps: readonly BridgeStep[]): string {
  const { callsPerSecond, holdMs, measureSeconds, openFileLimit, steps } = workspace;
  const simulator = (agents: number): string => {
    const step = simulatorSteps.find((candidate) => candidate.agents === agents);
    return step ? `${step.rssPerAgentKiB} KiB / ${step.commandP50Ms} ms` : '—';
  };
  return (
    `**Bridge scale, Workspace API backend** (the fake GWS in its own process, one Workspace session and CometD long poll per agent; ${callsPerSecond} calls/s placed through the fake's control API, caller hangs up ${holdMs} ms after the answer, ${measureSeconds} s measured per step; open-file limit ${thousands(openFileLimit)}; times in ms, CPU in ms per call event received)

` +
    table(
      [
        'agents',
        'reached (open, Ready)',
        'sign-ins/s',
        'calls/s',
        'events/s',
        'ring p50 / p99 / max',
        'Accept → Established p50 / p99 / max',
        'RSS / heap per agent',
        'CPU per event: bridge / fake GWS',
        'cores busy, idle: bridge / fake GWS',
        'cores busy, calls: bridge / fake GWS',
        'open files: bridge / fake GWS',
        'load average',
        'errors',
        'simulator backend, same agents: RSS per agent / Accept → Established p50',
      ],
      steps.map((step) => [
        thousands(step.agents),
        `${thousands(step.agentsReached)} (${thousands(step.sessionsHeld)} held)`,
        String(step.signInsPerSec),
        String(step.callsPerSec),
        String(step.eventsPerSec),
        triple(step.ringP50Ms, step.ringP99Ms, step.ringMaxMs),
        triple(step.answerP50Ms, step.answerP99Ms, step.answerMaxMs),
        `${step.rssPerAgentKiB} KiB / ${step.heapPerAgentKiB} KiB`,
        `${step.bridgeCpuPerEventMs} / ${step.gwsCpuPerEventMs}`,
        `${step.bridgeIdleCpuCores} / ${step.gwsIdleCpuCores}`,
        `${step.bridgeCpuCores} / ${step.gwsCpuCores}`,
        `${thousands(step.bridgeOpenFiles)} / ${thousands(step.gwsOpenFiles)}`,
        String(step.loadAverage),
        String(step.errors),
        simulator(step.agents),
      ]),
    )
  );
}

/** The slow-client step beside the same flood at clients that read, and the same step without the flood. */
function slowClientSection(step: SlowClientStep, measureSeconds: number): string {
  const rss = (kib: number | undefined): string => (kib === undefined ? '—' : `${Math.round(kib / 1024)} MiB`);
  const { reading } = step;
  return (
    `**Slow clients** (the first bridge step again, ${thousands(step.slowClients)} of its ${thousands(step.agents)} agents NotReady and ` +
    `${thousands(step.floodCallsPerSecond)} calls/s rung and abandoned at their DNs; their sockets paused until the bridge closed them all ` +
    `(${thousands(step.floodCallsRung)} calls), or reading for as long; the bridge closes a client once ${kilobytes(step.sendBufferBytes)} wait ` +
    `for it (limits.sendBufferBytes); the other clients' figures over ${measureSeconds} s, RSS peak over the whole flood; times in ms)\n\n` +
    table(
      ['run', 'flooded clients closed: 4002 / dead peer (the last after)', 'other clients held', 'event p50 / p99 / max', 'Accept → Established p99', 'bridge RSS peak', 'errors', 'goals'],
      [
        ['no flood (the bridge step)', '—', '—', `— / ${step.withoutEventP99Ms} / —`, String(step.withoutCommandP99Ms), rss(step.withoutRssPeakKiB), '—', '—'],
        ['flooded clients reading', '—', '—', triple(reading.eventP50Ms, reading.eventP99Ms, reading.eventMaxMs), String(reading.commandP99Ms), rss(reading.rssPeakKiB), String(reading.errors), '—'],
        [
          'flooded clients not reading',
          `${step.closedSlowConsumer} / ${step.closedDeadPeer} (${step.closedAfterSeconds === undefined ? 'not all in 120 s' : `${step.closedAfterSeconds} s`})`,
          thousands(step.sessionsHeld),
          triple(step.eventP50Ms, step.eventP99Ms, step.eventMaxMs),
          String(step.commandP99Ms),
          rss(step.rssPeakKiB),
          String(step.errors),
          verdict(slowClientMisses(step)),
        ],
      ],
    )
  );
}

function slowClientMisses(step: SlowClientStep): string[] {
  const misses: string[] = [];
  if (step.errors > 0) misses.push(`${step.errors} errors`);
  const others = step.agents - step.slowClients;
  if (step.sessionsHeld < others) misses.push(`${others - step.sessionsHeld} other sessions lost`);
  const closed = step.closedSlowConsumer + step.closedDeadPeer;
  if (closed < step.slowClients) misses.push(`${step.slowClients - closed} slow clients still held`);
  if (!(step.eventP99Ms <= GOALS.maxSlowClientP99VsReading * step.reading.eventP99Ms)) misses.push(`p99 over ${GOALS.maxSlowClientP99VsReading}× reading`);
  // Bounded: at most each slow client's send buffer more than the same flood at clients that read.
  if (!(step.rssPeakKiB - step.reading.rssPeakKiB <= (step.slowClients * step.sendBufferBytes) / 1024)) misses.push("RSS beyond the slow clients' send buffers");
  return misses;
}

function bridgeMisses(step: BridgeStep): string[] {
  const misses: string[] = [];
  if (step.errors > 0) misses.push(`${step.errors} errors`);
  if (step.sessionsHeld < step.agents) misses.push(`${step.agents - step.sessionsHeld} sessions lost`);
  if (!(step.p99VsBaseline <= GOALS.maxP99VsBaseline)) misses.push(`p99 over ${GOALS.maxP99VsBaseline}× bare ws`);
  if (!(step.cpuVsBaseline <= GOALS.maxCpuVsBaseline)) misses.push(`CPU over ${GOALS.maxCpuVsBaseline}× bare ws`);
  if (!(step.rssPerAgentKiB < GOALS.maxRssPerAgentKiB)) misses.push(`over ${GOALS.maxRssPerAgentKiB} KiB per agent`);
  return misses;
}

function toolbarMisses(figures: ToolbarLoadFigures, goal: { readonly maxReadyMedianMs: number; readonly maxBytes: number } | undefined): string[] {
  if (!goal) return ['no goal for this vendor'];
  const misses: string[] = [];
  if (!(figures.readyMedianMs < goal.maxReadyMedianMs)) misses.push(`ready median ≥ ${goal.maxReadyMedianMs} ms`);
  if (!(figures.bytesMax < goal.maxBytes)) misses.push(`≥ ${kilobytes(goal.maxBytes)}`);
  return misses;
}

function endToEndMisses(p99: EndToEndResults['ringP99Ms']): string[] {
  return p99 < GOALS.maxEndToEndP99Ms ? [] : [`p99 ≥ ${GOALS.maxEndToEndP99Ms} ms`];
}

function verdict(misses: readonly string[]): string {
  return misses.length === 0 ? 'met' : `missed: ${misses.join(', ')}`;
}

function kilobytes(bytes: number): string {
  return `${Math.round(bytes / 1000)} kB`;
}

function triple(p50: number, p99: number, max: number): string {
  return `${p50} / ${p99} / ${max}`;
}

function thousands(value: number): string {
  return value.toLocaleString('en-US');
}

/** A figure older results may lack: "—" then. */
function optionalThousands(value: number | undefined): string {
  return value === undefined ? '—' : thousands(value);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Where the toolbar's loads spent their time: the medians of its milestones (bench/src/toolbar/milestones.ts). */
function milestonesSection(toolbar: ToolbarResults): string {
  const ms = (value: number | undefined): string => (value === undefined ? '—' : String(value));
  const rows = (Object.entries(toolbar) as Array<[string, ToolbarLoadFigures]>).map(([vendor, figures]) => [
    vendor,
    ...MILESTONE_ORDER.map(({ name }) => ms(figures.milestones?.[name])),
    String(figures.readyMedianMs),
    ms(figures.shownMedianMs),
  ]);
  return (
    `**Where a toolbar load's time goes** (the same timed loads; ms from the toolbar frame's navigation start, medians: the core's file received, then the toolbar's own ` +
    `User Timing marks, src/ts/loadMarks.ts; the link to Fusion and the view go on side by side)\n\n` +
    table(['vendor', ...MILESTONE_ORDER.map(({ words }) => words), 'ready', 'shown'], rows)
  );
}

/** This build against another, pair by pair (--against): only when the run had one. */
function pairedSection(toolbar: ToolbarResults): string | undefined {
  const vendors = (Object.entries(toolbar) as Array<[string, ToolbarLoadFigures]>).filter(([, figures]) => figures.against !== undefined);
  if (vendors.length === 0) return undefined;
  const signed = (ms: number): string => (ms > 0 ? `+${ms}` : String(ms));
  const rows = vendors.map(([vendor, figures]) => {
    const paired = figures.against as PairedLoads;
    return [
      vendor,
      String(paired.pairs),
      `${figures.readyMedianMs} / ${paired.readyMedianMs}`,
      signed(paired.readyDifferenceMedianMs),
      `${paired.readySooner} of ${paired.pairs}`,
      `${figures.shownMedianMs ?? '—'} / ${paired.shownMedianMs}`,
      signed(paired.shownDifferenceMedianMs),
      `${paired.shownSooner} of ${paired.pairs}`,
    ];
  });
  const dirs = [...new Set(vendors.map(([, figures]) => (figures.against as PairedLoads).dir))].join(', ');
  return (
    `**Against another build, pair by pair** (each timed load of this build beside one of ${dirs}, the two in turn first; ms; differences: this build's less the other's in each pair, median)\n\n` +
    table(['vendor', 'pairs', 'ready median: this / other', 'ready, pair by pair', 'ready sooner', 'shown median: this / other', 'shown, pair by pair', 'shown sooner'], rows)
  );
}
