/** Renders a benchmark run: the markdown table of figures against targets, and an SVG chart. */

export interface Measure {
  label: string;
  /** 2xx answers counted. */
  ok: number;
  /** 2xx answers per second. */
  rps: number;
  /** Latency percentiles of the 2xx answers, ms (sub-millisecond resolution). */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  statusCodes: Record<string, number>;
  seconds: number;
  /** Each round's figures when this is a median over rounds. */
  rounds?: { rps: number; p50: number; p99: number }[];
}

export interface BenchReport {
  mode: string;
  date: string;
  machine: { nproc: number; cpu: string; memoryGiB: number; os: string; node: string; loadAverage?: { start: number[]; end: number[] } };
  store: string;
  sizes: { calls: number; small: number; messagesPerCall: number };
  settings: { duration: number; connections: number; rounds: number; pageDepth: number; synchronous: string };
  seeding: { large: { seconds: number; seededAt: string }; small: { seconds: number; seededAt: string } };
  responseBytes: number;
  /** The bare node:http server answering the same bytes (the floor). */
  floor?: Measure;
  /** Get Call on the large database served by two workers. */
  getCallTwoWorkers?: Measure;
  bare: Measure;
  getCall: Measure;
  getCallSmall: Measure;
  /** Each list query at full concurrency (median of rounds), and `single`: one connection. */
  lists: (Measure & { pagesPerWalk: number; single?: Measure })[];
  appends: Measure & {
    acknowledged: number;
    presentAfterKill: number;
    targetCalls: number;
    /** CPU ms per append by process (absent in reports made before it was measured). */
    cpuPerAppend?: { server: number; database: number; loadGenerator: number };
  };
  /** Get Call polled while messages are appended at a steady rate (absent from older reports). */
  mixed?: { pollsAlone: Measure; polls: Measure; appends: Measure; appendRate: number; appendConnections?: number };
  peakRssMiB: number;
}

export interface TargetRow {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => `${x.toFixed(2)} ms`;

export function targetRows(r: BenchReport): TargetRow[] {
  const ratio = r.getCall.rps / r.bare.rps;
  const growth = r.getCall.p50 / r.getCallSmall.p50;
  const rows: TargetRow[] = [
    {
      what: 'Get Call throughput vs bare route',
      target: '≥ 0.70 ×',
      measured: `${ratio.toFixed(2)} × (${n0(r.getCall.rps)} vs ${n0(r.bare.rps)} req/s)`,
      met: ratio >= 0.7,
    },
    ...(r.floor
      ? [
          {
            what: 'Get Call throughput vs bare node:http server',
            target: '≥ 0.50 ×',
            measured: `${(r.getCall.rps / r.floor.rps).toFixed(2)} × (${n0(r.getCall.rps)} vs ${n0(r.floor.rps)} req/s)`,
            met: r.getCall.rps / r.floor.rps >= 0.5,
          },
        ]
      : []),
    ...(r.getCallTwoWorkers
      ? [
          {
            what: 'Get Call, 2 workers vs 1',
            target: '> 1 ×',
            measured: `${(r.getCallTwoWorkers.rps / r.getCall.rps).toFixed(2)} × (${n0(r.getCallTwoWorkers.rps)} req/s, p99 ${ms(r.getCallTwoWorkers.p99)})`,
            met: r.getCallTwoWorkers.rps > r.getCall.rps,
          },
        ]
      : []),
    { what: 'Get Call p99', target: '≤ 10 ms', measured: ms(r.getCall.p99), met: r.getCall.p99 <= 10 },
    {
      what: `Get Call p50 at ${n0(r.sizes.calls)} vs ${n0(r.sizes.small)} calls`,
      target: '≤ 1.30 ×',
      measured: `${growth.toFixed(2)} × (${ms(r.getCall.p50)} vs ${ms(r.getCallSmall.p50)})`,
      met: growth <= 1.3,
    },
  ];
  for (const l of r.lists) {
    const alone = l.single ? `; 1 connection: p50 ${ms(l.single.p50)}, p99 ${ms(l.single.p99)}` : '';
    rows.push({
      what: `${l.label} p99 (cursor-paged)`,
      target: '≤ 50 ms',
      measured: `${ms(l.p99)} (${n0(l.rps)} pages/s${alone})`,
      met: l.p99 <= 50,
    });
  }
  rows.push({
    what: 'Message appends (201 per second)',
    target: '≥ 5,000 /s',
    measured: `${n0(r.appends.rps)} /s (p99 ${ms(r.appends.p99)})`,
    met: r.appends.rps >= 5000,
  });
  rows.push({
    what: 'Acknowledged appends present after kill -9',
    target: 'all',
    measured: `${n0(r.appends.presentAfterKill)} present of ${n0(r.appends.acknowledged)} acknowledged`,
    met: r.appends.presentAfterKill >= r.appends.acknowledged,
  });
  rows.push({
    what: 'Peak RSS of the server (VmHWM)',
    target: '≤ 300 MB',
    measured: `${r.peakRssMiB.toFixed(0)} MiB`,
    met: r.peakRssMiB <= 300,
  });
  return rows;
}

function measureRow(m: Measure, extra = ''): string {
  const rounds = m.rounds && m.rounds.length > 1 ? ` (rounds: ${m.rounds.map((x) => n0(x.rps)).join(' / ')} req/s)` : '';
  const bad = Object.entries(m.statusCodes).filter(([c]) => !c.startsWith('2'));
  const status = bad.length || m.errors ? `${bad.map(([c, k]) => `${k}×${c}`).join(' ')}${m.errors ? ` ${m.errors} err` : ''}` : 'all 2xx';
  return `| ${m.label} | ${n0(m.rps)} | ${ms(m.p50)} | ${ms(m.p90)} | ${ms(m.p99)} | ${ms(m.max)} | ${status}${extra}${rounds} |`;
}

export function renderMarkdown(r: BenchReport, notes: string): string {
  const rows = targetRows(r);
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench${r.mode === 'full' ? '' : ` -- --${r.mode}`}\` on ${r.date.slice(0, 10)} (${r.mode} mode). The real server`,
    'runs as its own process (`node dist/cli/main.js serve`); autocannon drives it from the bench',
    'process over loopback. Raw figures: [benchmarks.json](benchmarks.json); chart: [benchmarks.svg](benchmarks.svg).',
    '',
    '## Setup',
    '',
    `- Machine: ${r.machine.nproc} CPUs (${r.machine.cpu}), ${r.machine.memoryGiB} GiB memory, ${r.machine.os}; Node ${r.machine.node}.`,
    `- Store: ${r.store}${r.store === 'sqlite' ? ` (WAL, \`synchronous=${r.settings.synchronous}\`)` : ''}; ${n0(r.sizes.calls)} calls × ${r.sizes.messagesPerCall} messages` +
      ` (3 accounts, the measured one owns 90 %), and a ${n0(r.sizes.small)}-call database for the growth comparison.`,
    `- Seeding (\`calls-api seed\`): ${n0(r.sizes.calls)} calls in ${r.seeding.large.seconds.toFixed(0)} s.`,
    `- Load: ${r.settings.connections} connections, ${r.settings.duration} s per run; Get Call and the bare route: median of ${r.settings.rounds} alternating round(s);` +
      ` list queries: median of ${Math.min(r.settings.rounds, 3)} round(s), each connection following \`Link: rel="next"\` up to ${r.settings.pageDepth} pages, then starting over.`,
    `- Get Call asks for random ids of existing calls; the bare route answers the same ${n0(r.responseBytes)} bytes of one call from memory (no auth, no store).`,
    `- The machine is shared with other work (2 cores, tests of other branches may run): figures are medians and carry that noise` +
      (r.machine.loadAverage
        ? ` (load average 1/5/15 min at start ${r.machine.loadAverage.start.join(' / ')}, at end ${r.machine.loadAverage.end.join(' / ')}).`
        : '.'),
    '',
    '## Targets',
    '',
    '| What | Target | Measured | |',
    '|---|---|---|---|',
    ...rows.map((t) => `| ${t.what} | ${t.target} | ${t.measured} | ${t.met ? 'met' : '**missed**'} |`),
    '',
    '## All figures',
    '',
    '| Run | 2xx/s | p50 | p90 | p99 | max | status |',
    '|---|---|---|---|---|---|---|',
    ...(r.floor ? [measureRow(r.floor)] : []),
    measureRow(r.bare),
    measureRow(r.getCall),
    ...(r.getCallTwoWorkers ? [measureRow(r.getCallTwoWorkers)] : []),
    measureRow(r.getCallSmall),
    ...r.lists.flatMap((l) => [
      measureRow(l, `, ${l.pagesPerWalk.toFixed(1)} pages per walk`),
      ...(l.single ? [measureRow(l.single)] : []),
    ]),
    measureRow(
      r.appends,
      `, ${n0(r.appends.acknowledged)} acknowledged over ${r.appends.targetCalls} calls${r.mixed ? ' (with the mixed run below)' : ''}${cpuPerAppendText(r)}`,
    ),
    ...(r.mixed
      ? [
          measureRow(r.mixed.pollsAlone, `, the ${n0(r.appends.targetCalls)} calls appended to above`),
          measureRow(r.mixed.polls, `, the ${n0(r.appends.targetCalls)} calls being appended to`),
          measureRow(
            r.mixed.appends,
            `, at the same time${r.mixed.appendConnections ? ` from ${r.mixed.appendConnections} connections` : ''}`,
          ),
        ]
      : []),
    '',
    `Peak RSS of the server process: ${r.peakRssMiB.toFixed(0)} MiB.`,
    '',
    '![Benchmark chart](benchmarks.svg)',
    '',
  ];
  return lines.join('\n') + (notes ? '\n' + notes : '\n<!-- notes -->\n');
}

/** Two bar panels: requests/s and p99 latency (with the target line) per measured run. */
export function renderSvg(r: BenchReport): string {
  const items = [r.bare, r.getCall, r.getCallSmall, ...(r.mixed ? [r.mixed.polls] : []), ...r.lists, r.appends];
  const rowH = 22;
  const labelW = 300;
  const barW = 260;
  const gap = 40;
  const top = 50;
  const height = top + items.length * rowH + 40;
  const width = labelW + 2 * barW + gap + 90;
  const maxRps = Math.max(...items.map((m) => m.rps));
  const maxP99 = Math.max(60, ...items.map((m) => m.p99));
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">calls-api, ${esc(r.store)}, ${r.sizes.calls.toLocaleString('en-US')} calls × ${r.sizes.messagesPerCall}, ${r.settings.connections} connections (${r.date.slice(0, 10)})</text>`,
    `<text x="${labelW}" y="${top - 10}" font-weight="bold">requests/s (2xx)</text>`,
    `<text x="${labelW + barW + gap}" y="${top - 10}" font-weight="bold">p99 latency, ms (target lines: 10 / 50)</text>`,
  ];
  items.forEach((m, i) => {
    const y = top + i * rowH;
    const w1 = (m.rps / maxRps) * barW;
    const w2 = Math.min(barW, (m.p99 / maxP99) * barW);
    const isList = m.label.startsWith('List');
    const limit = isList ? 50 : m.label.startsWith('Get Call') ? 10 : Infinity;
    out.push(`<text x="${labelW - 8}" y="${y + 14}" text-anchor="end">${esc(m.label)}</text>`);
    out.push(`<rect x="${labelW}" y="${y + 3}" width="${w1.toFixed(1)}" height="${rowH - 6}" fill="#4a78c2"/>`);
    out.push(`<text x="${labelW + w1 + 4}" y="${y + 14}">${Math.round(m.rps)}</text>`);
    const x2 = labelW + barW + gap;
    out.push(
      `<rect x="${x2}" y="${y + 3}" width="${w2.toFixed(1)}" height="${rowH - 6}" fill="${m.p99 <= limit ? '#3a9d5d' : '#c8453b'}"/>`,
    );
    out.push(`<text x="${x2 + w2 + 4}" y="${y + 14}">${m.p99.toFixed(1)}</text>`);
  });
  for (const t of [10, 50]) {
    const x = labelW + barW + gap + (t / maxP99) * barW;
    out.push(
      `<line x1="${x.toFixed(1)}" y1="${top}" x2="${x.toFixed(1)}" y2="${top + items.length * rowH}" stroke="#888" stroke-dasharray="4 3"/>`,
    );
  }
  out.push(
    `<text x="10" y="${height - 12}" fill="#555">${esc(`${r.machine.nproc} × ${r.machine.cpu}, Node ${r.machine.node}; green = within target, red = over`)}</text>`,
  );
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Where an append's CPU went, by process: what bounds appends on a machine whose cores they all share. */
function cpuPerAppendText(r: BenchReport): string {
  const c = r.appends.cpuPerAppend;
  if (c === undefined) return '';
  const database = r.store === 'postgres' ? `, PostgreSQL ${c.database.toFixed(2)} ms` : '';
  return `; CPU per append: server ${c.server.toFixed(2)} ms${database}, load generator ${c.loadGenerator.toFixed(2)} ms`;
}
