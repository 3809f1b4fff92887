/**
 * Suites over the stores this run tests (`STORE_KINDS`: SQLite always, PostgreSQL when
 * TEST_DATABASE_URL is set). Each declares its suite once per store, named `<name> [<kind>]` as CI
 * output shows it:
 * - `describeEachStore`: with the real app over a fresh store (`startTestApp(kind, options)`),
 *   started once before the suite's tests and closed after them;
 * - `describeEachTestStore`: with a fresh store and no app (`createTestStore(kind)`), for suites
 *   that run the CLI, a server process or their own app on it;
 * - `describeEachStoreKind`: with nothing started, for suites that start things per test.
 * `describePostgresOnly` declares a suite that needs PostgreSQL; with none configured it is
 * reported as skipped, with the reason, instead of being left out of the run.
 */
import { describe, it, before, after } from 'node:test';
import {
  STORE_KINDS,
  createTestStore,
  startTestApp,
  type StoreKind,
  type TestApp,
  type TestAppOptions,
  type TestStore,
} from './harness.js';

/** `<name> [<kind>]` once per configured store; the suite starts whatever it needs itself. */
export function describeEachStoreKind(name: string, suite: (kind: StoreKind) => void): void {
  for (const kind of STORE_KINDS)
    describe(`${name} [${kind}]`, () => {
      suite(kind);
    });
}

type AppSuite = (t: TestApp, kind: StoreKind) => void;

/**
 * `<name> [<kind>]` once per configured store, with `startTestApp(kind, options)` started before
 * the suite's own before-hooks and closed after its own after-hooks. `t` stands for the started
 * app in hooks and tests.
 */
export function describeEachStore(name: string, suite: AppSuite): void;
export function describeEachStore(name: string, options: TestAppOptions, suite: AppSuite): void;
export function describeEachStore(name: string, optionsOrSuite: TestAppOptions | AppSuite, maybeSuite?: AppSuite): void {
  const [options, suite] = typeof optionsOrSuite === 'function' ? [{}, optionsOrSuite] : [optionsOrSuite, maybeSuite!];
  describeEachStoreKind(name, (kind) => {
    const app = startedForSuite(
      `the ${kind} test app`,
      () => startTestApp(kind, options),
      (t) => t.close(),
    );
    suite(app.standIn, kind);
    after(() => app.stop());
  });
}

/**
 * `<name> [<kind>]` once per configured store, with `createTestStore(kind)` (a fresh, migrated
 * store and its URL, no app) made before the suite's own before-hooks and removed after its own
 * after-hooks. `ts` stands for it in hooks and tests.
 */
export function describeEachTestStore(name: string, suite: (ts: TestStore, kind: StoreKind) => void): void {
  describeEachStoreKind(name, (kind) => {
    const store = startedForSuite(
      `the ${kind} test store`,
      () => createTestStore(kind),
      (ts) => ts.cleanup(),
    );
    suite(store.standIn, kind);
    after(() => store.stop());
  });
}

const NO_POSTGRES = 'needs PostgreSQL: TEST_DATABASE_URL is not set';

/**
 * `<name> [postgres]`, a suite that needs PostgreSQL. Without TEST_DATABASE_URL it is listed as one
 * skipped test of that name giving the reason, not as a skipped `describe`: node:test counts only
 * tests in its `# skipped` total, and never runs a skipped suite's body to find its tests.
 */
export function describePostgresOnly(name: string, suite: (kind: 'postgres') => void): void {
  const title = `${name} [postgres]`;
  if (STORE_KINDS.includes('postgres'))
    describe(title, () => {
      suite('postgres');
    });
  else it(title, { skip: NO_POSTGRES }, () => {});
}

/**
 * Registers a before-hook that starts something for the current suite. Answers `standIn`, which
 * hooks and tests use as the started thing itself (reads, writes and calls go through to it), and
 * `stop`, for the caller to register as an after-hook. Used while the suite is still being
 * declared, or once stopped, the stand-in throws saying so instead of answering undefined.
 */
function startedForSuite<T extends object>(
  what: string,
  start: () => Promise<T>,
  close: (started: T) => Promise<void>,
): { standIn: T; stop(): Promise<void> } {
  let current: T | undefined;
  const running = (): T => {
    if (current === undefined)
      throw new Error(`${what} is not running: it is started in the suite's before-hook and stopped in its after-hook`);
    return current;
  };
  before(async () => {
    current = await start();
  });
  const stop = async () => {
    const started = current;
    current = undefined;
    if (started !== undefined) await close(started);
  };
  const standIn = new Proxy({} as T, {
    get: (_, key) => Reflect.get(running(), key),
    set: (_, key, value) => Reflect.set(running(), key, value),
    has: (_, key) => Reflect.has(running(), key),
  });
  return { standIn, stop };
}
