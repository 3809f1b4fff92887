/**
 * The migrations discipline both engines follow: an ordered list of numbered steps, each
 * applied once inside a transaction and recorded in `schema_migrations`; a step, once released,
 * is never edited — a change is a new step.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Throws unless versions run 1, 2, 3, … without gaps or repeats (checked at start). */
export function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}
