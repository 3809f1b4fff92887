// PostgreSQL test stores arrive with the PostgreSQL store (issue 3).
import type { TestStore } from './harness.js';

export async function createPostgresTestStore(): Promise<TestStore> {
  throw new Error('PostgreSQL store not implemented yet');
}
