/**
 * What the benchmark measures, phase by phase, against servers already started: Get Call (with
 * the bare node:http floor, the bare route, the small database and two workers), list walks, and
 * message appends (alone, then alongside Get Call polling, then counted again after a kill -9).
 * The optional phases (--only console / conditional / hostile-webhook) live in their own files;
 * `optionalPhases` runs the ones asked for.
 */
import { loadavg } from 'node:os';
import { COMMON_WORD, RARE_WORDS } from '../src/seed/corpus.js';
import type { Measure } from './report.js';
import { consoleLoadPhase } from './console-load.js';
import { conditionalGetPhase } from './conditional-get.js';
import { hostileWebhookPhase } from './hostile-webhook.js';
import { MIXED_APPEND_CONNECTIONS, MIXED_APPEND_SHARE, argv, fail, log, mode, opt, phases } from './options.js';
import { ensureSeeded, type Seeded } from './databases.js';
import { api, pool, startServer, type Sample, type Server } from './server-process.js';
import { getCallRequests, measure, medianOf, pagedRequests, pick } from './measure.js';
import { cpuMs, cpuMsOfCommand } from './process-cpu.js';

/** The phases that run only when named in --only, each with its own servers and databases. */
export async function optionalPhases(): Promise<void> {
  if (phases.has('console')) {
    const calls = argv.calls === undefined && mode === 'full' ? 100_000 : opt.calls;
    await consoleLoadPhase({ mode, calls, messages: opt.messages, build: opt.build, ensureSeeded, startServer, log });
    if (phases.size === 1) return;
  }
  if (phases.has('conditional')) {
    const calls = argv.calls === undefined ? opt.small : opt.calls;
    // Short runs, many rounds: the ratios are taken round by round (see bench/conditional-get.ts).
    const { messages, connections } = opt;
    const duration = argv.duration === undefined ? Math.min(opt.duration, 4) : opt.duration;
    const rounds = argv.rounds === undefined ? Math.max(opt.rounds, mode === 'full' ? 7 : 1) : opt.rounds;
    await conditionalGetPhase({ mode, calls, messages, duration, connections, rounds, ensureSeeded, startServer, log });
  }
  if (phases.has('hostile-webhook')) {
    await hostileWebhookPhase({
      mode,
      log,
      startServer: async (name, seeded: Seeded, env) => {
        const server = await startServer(name, seeded, env);
        return { base: server.base, pid: server.process.pid, stop: () => server.stop() };
      },
      emptyDatabase: (url): Seeded => ({
        url,
        calls: 0,
        messages: 0,
        accountId: '',
        username: '',
        password: '',
        seededAt: '',
        seedSeconds: 0,
      }),
    });
  }
}

export interface GetCallRounds {
  floor: Measure[];
  bare: Measure[];
  get: Measure[];
  getSmall: Measure[];
  getTwoWorkers: Measure[];
}

/** Get Call, round by round, alternating between the servers so background noise hits each alike. */
export async function getCallPhase(
  servers: { small: Server; large: Server; twoWorkers: Server | undefined; floorBase: string },
  samples: { small: Sample; large: Sample },
  enabled: boolean,
): Promise<GetCallRounds> {
  const { small, large, twoWorkers, floorBase } = servers;
  const rounds: GetCallRounds = { floor: [], bare: [], get: [], getSmall: [], getTwoWorkers: [] };
  for (let r = 1; enabled && r <= opt.rounds; r++) {
    const tag = opt.rounds > 1 ? ` [round ${r}/${opt.rounds}]` : '';
    rounds.floor.push(
      await measure(`bare node:http${tag}`, floorBase, {
        requests: getCallRequests(samples.large.ids, '/calls/'),
        headers: { authorization: large.auth },
      }),
    );
    rounds.bare.push(
      await measure(`bare route${tag}`, large.base, {
        requests: getCallRequests(samples.large.ids, '/__bench/bare/'),
        headers: { authorization: large.auth },
      }),
    );
    rounds.get.push(
      await measure(`Get Call @ ${opt.calls}${tag}`, large.base, {
        requests: getCallRequests(samples.large.ids),
        headers: { authorization: large.auth },
      }),
    );
    rounds.getSmall.push(
      await measure(`Get Call @ ${opt.small}${tag}`, small.base, {
        requests: getCallRequests(samples.small.ids),
        headers: { authorization: small.auth },
      }),
    );
    if (twoWorkers)
      rounds.getTwoWorkers.push(
        await measure(`Get Call @ ${opt.calls}, 2 workers${tag}`, twoWorkers.base, {
          requests: getCallRequests(samples.large.ids),
          headers: { authorization: twoWorkers.auth },
        }),
      );
  }
  return rounds;
}

/** Get Call against the floors and 1 vs 2 workers, in one line. */
export function logGetCallSummary(rounds: GetCallRounds): void {
  const [f, b, g, w] = [rounds.floor, rounds.bare, rounds.get, rounds.getTwoWorkers].map(medianOf);
  log(
    `Get Call ${(g.rps / f.rps).toFixed(2)}× the bare node:http server (${Math.round(g.rps)} vs ${Math.round(f.rps)} req/s), ` +
      `${(g.rps / b.rps).toFixed(2)}× the bare route; 2 workers ${(w.rps / g.rps).toFixed(2)}× 1 worker ` +
      `(${Math.round(w.rps)} req/s, p99 ${w.p99.toFixed(2)} ms); load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  );
}

export type ListResult = Measure & { pagesPerWalk: number; single: Measure };

/** Each list query walked with its cursor, in rounds, then from one connection. */
export async function listPhase(large: Server, largeSample: Sample, enabled: boolean): Promise<ListResult[]> {
  const day = 86_400_000;
  const { from, to } = largeSample.window;
  const lists: Record<string, () => string> = {
    'status=completed': () => '/api/v1/calls?status=completed',
    'dateRange (one day)': () => {
      const start = new Date(from + Math.floor(Math.random() * ((to - from) / day - 1)) * day);
      const end = new Date(start.getTime() + day - 1);
      return `/api/v1/calls?dateRange[from]=${start.toISOString()}&dateRange[to]=${end.toISOString()}`;
    },
    customerPhone: () => `/api/v1/calls?customerPhone=${encodeURIComponent(pick(largeSample.phones))}`,
    [`q rare word`]: () => `/api/v1/calls?q=${pick(RARE_WORDS)}`,
    [`q common word (${COMMON_WORD})`]: () => `/api/v1/calls?q=${COMMON_WORD}`,
  };
  const listResults: ListResult[] = [];
  const listRounds = Math.min(opt.rounds, 3);
  for (const [name, firstPage] of Object.entries(enabled ? lists : {})) {
    const rounds: Measure[] = [];
    let pages = 0;
    let walks = 0;
    for (let r = 1; r <= listRounds; r++) {
      const stats = { pages: 0, walks: 0 };
      const tag = listRounds > 1 ? ` [round ${r}/${listRounds}]` : '';
      rounds.push(
        await measure(`List ${name}${tag}`, large.base, {
          requests: pagedRequests(firstPage, stats),
          headers: { authorization: large.auth },
        }),
      );
      pages += stats.pages;
      walks += stats.walks;
    }
    // The same walk from one connection: the service time of a page, without queueing.
    const alone = await measure(`List ${name}, 1 connection`, large.base, {
      requests: pagedRequests(firstPage, { pages: 0, walks: 0 }),
      headers: { authorization: large.auth },
      connections: 1,
      duration: Math.max(1, Math.round(opt.duration / 2)),
    });
    listResults.push({ ...medianOf(rounds), label: `List ${name}`, pagesPerWalk: walks ? pages / walks : 0, single: alone });
  }
  return listResults;
}

export interface AppendResults {
  appends: Measure;
  pollsAlone: Measure;
  polls: Measure;
  steadyAppends: Measure;
  appendRate: number;
  /** Appends answered 201, alone and alongside the polls. */
  acknowledged: number;
  /** Messages found on the target calls after the kill -9 and restart. */
  present: number;
  targets: string[];
  /** The large server's peak RSS, read before the kill. */
  peakRss: number | undefined;
  /** CPU milliseconds per acknowledged append in the append run, by process. */
  cpuPerAppend: { server: number; database: number; loadGenerator: number };
}

/**
 * Appends to calls made for this run (so the seeded calls keep their size across runs), then Get
 * Call polled while messages arrive, then kill -9 of the server, a restart, and a count.
 */
export async function appendPhase(large: Server, largeSample: Sample, largeDb: Seeded, appendCalls: number): Promise<AppendResults> {
  log(`creating ${appendCalls} calls to append to…`);
  const targets = await pool(
    Array.from({ length: appendCalls }, (_, i) => i),
    16,
    async (i) => {
      const res = await api(large, '/api/v1/calls', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          agentId: largeSample.agentId,
          skillId: largeSample.skillId,
          channel: 'whatsapp',
          customerPhone: largeSample.phones[i % largeSample.phones.length],
          note: 'bench append target',
        }),
      });
      if (!res.ok) fail(`creating a call answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    },
  );
  const appendBody = JSON.stringify({
    sender: 'customer',
    content: 'Hello again, any news about my order? I am still waiting for the refund.',
  });
  // Where an append's CPU goes on these shared cores: the server, the database's processes
  // (PostgreSQL; SQLite runs inside the server), and this process generating the load.
  const cpuBefore = { server: cpuMs(large.process.pid ?? 0), database: cpuMsOfCommand('postgres'), load: process.cpuUsage() };
  const appends = await measure('Append message', large.base, {
    method: 'POST',
    headers: { authorization: large.auth, 'content-type': 'application/json' },
    requests: [{ method: 'POST', body: appendBody, setupRequest: (req) => ({ ...req, path: `/api/v1/calls/${pick(targets)}/messages` }) }],
  });
  const acknowledgedHere = appends.statusCodes['201'] ?? 0;
  const loadUsage = process.cpuUsage(cpuBefore.load);
  const cpuPerAppend = {
    server: (cpuMs(large.process.pid ?? 0) - cpuBefore.server) / acknowledgedHere,
    database: (cpuMsOfCommand('postgres') - cpuBefore.database) / acknowledgedHere,
    loadGenerator: (loadUsage.user + loadUsage.system) / 1000 / acknowledgedHere,
  };
  log(
    `CPU per append: server ${cpuPerAppend.server.toFixed(3)} ms, PostgreSQL ${cpuPerAppend.database.toFixed(3)} ms, load generator ${cpuPerAppend.loadGenerator.toFixed(3)} ms`,
  );
  // Polls while messages arrive, as in a contact center: clients poll the live calls (the ones
  // being appended to) while other connections append to them at a steady rate. A write drops
  // only the call it touches from the server's memory; the poll after it reads that call again.
  const appendRate = Math.max(1, Math.round(MIXED_APPEND_SHARE * appends.rps));
  const pollsAlone = await measure('Get Call on the live calls, no appends', large.base, {
    requests: getCallRequests(targets),
    headers: { authorization: large.auth },
  });
  log(`▶ Get Call while appending ${appendRate} messages/s (${opt.duration} s)…`);
  const [polls, steadyAppends] = await Promise.all([
    measure(`Get Call while appending ${appendRate}/s`, large.base, {
      requests: getCallRequests(targets),
      headers: { authorization: large.auth },
      quiet: true,
    }),
    measure(`Appends alongside (${appendRate}/s asked)`, large.base, {
      method: 'POST',
      headers: { authorization: large.auth, 'content-type': 'application/json' },
      requests: [
        { method: 'POST', body: appendBody, setupRequest: (req) => ({ ...req, path: `/api/v1/calls/${pick(targets)}/messages` }) },
      ],
      connections: MIXED_APPEND_CONNECTIONS,
      rate: appendRate,
      quiet: true,
    }),
  ]);
  const acknowledged = (appends.statusCodes['201'] ?? 0) + (steadyAppends.statusCodes['201'] ?? 0);
  const peakRss = large.peakRssMiB();

  // Durability: kill -9 the server right after the appends, restart, count what is there.
  log('kill -9 of the server, restart, counting the acknowledged messages…');
  await large.stop('SIGKILL');
  const again = await startServer(`${opt.store}-${opt.calls}-after-kill`, largeDb);
  let present = 0;
  try {
    const counts = await pool(
      targets,
      16,
      async (id) => ((await (await api(again, `/api/v1/calls/${id}`)).json()) as { messages: unknown[] }).messages.length,
    );
    present = counts.reduce((a, b) => a + b, 0);
  } finally {
    await again.stop();
  }
  log(`acknowledged ${acknowledged} appends (201), ${present} messages present after kill -9`);
  return { appends, pollsAlone, polls, steadyAppends, appendRate, acknowledged, present, targets, peakRss, cpuPerAppend };
}
