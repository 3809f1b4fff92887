// Placeholder until the PostgreSQL store lands (issue 3).
import type { Store } from '../store.js';

export class PostgresStore {
  constructor(_options: { connectionString: string; poolMax: number }) {
    throw new Error('The PostgreSQL store is not available in this build');
  }
}
export type { Store };
