/**
 * PostgreSQL test stores: each one a fresh database on the server TEST_DATABASE_URL names,
 * created from scratch, migrated, and dropped (connections forced off) at cleanup.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestStore } from './harness.js';
import { openStore } from '../../src/store/open.js';

export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

/** The same server URL naming another database. */
export function databaseUrl(name: string): string {
  const url = new URL(testServerUrl());
  url.pathname = '/' + name;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a unique name; answers its name and a dropper. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `calls_api_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

export async function createPostgresTestStore(): Promise<TestStore> {
  const db = await createTestDatabase();
  let store;
  try {
    store = await openStore(db.url, { pgPoolMax: 4 });
  } catch (err) {
    await db.drop();
    throw err;
  }
  return {
    kind: 'postgres',
    store,
    url: db.url,
    async cleanup() {
      await store.close();
      await db.drop();
    },
  };
}
