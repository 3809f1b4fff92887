/**
 * The migrations discipline both engines follow: an ordered list of numbered steps, each
 * applied once inside a transaction and recorded in `schema_migrations`; a step, once released,
 * is never edited — a change is a new step.
 */
import type { MigrationProgress } from '../domain/ports/index.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export type { MigrationProgress };

/** Progress of migrations as terminal lines, on stderr (`calls-api migrate`, and `serve` on open). */
export const printMigrationProgress: MigrationProgress = (event) => {
  const what = `schema migration ${event.migration.version} (${event.migration.name})`;
  process.stderr.write(event.phase === 'start' ? `applying ${what}…\n` : `applied ${what} in ${(event.ms / 1000).toFixed(1)} s\n`);
};

/** Runs `apply` (one migration, committed when it returns), telling `onStep` its start and end. */
export async function applyReporting(migration: Migration, onStep: MigrationProgress | undefined, apply: () => unknown): Promise<void> {
  onStep?.({ migration, phase: 'start' });
  const started = performance.now();
  await apply();
  onStep?.({ migration, phase: 'done', ms: performance.now() - started });
}

/** Throws unless versions run 1, 2, 3, … without gaps or repeats (checked at start). */
export function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}
