/**
 * Generates the SDK's types (packages/sdk/src/schema.ts) from the OpenAPI document the server
 * serves at /openapi.json — built here by the app itself, on a throwaway SQLite store, so the
 * types come from the route schemas and nothing else. `npm run generate:sdk` rewrites the file;
 * test/sdk/drift.test.ts fails when the committed file differs from a fresh generation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from '../src/app.js';
import { openStore } from '../src/store/open.js';

export const SDK_SCHEMA_FILE = fileURLToPath(new URL('../packages/sdk/src/schema.ts', import.meta.url));

const HEADER =
  "/**\n * The API's types, generated from its OpenAPI document by scripts/generate-sdk.ts " +
  '(openapi-typescript).\n * Do not edit: run `npm run generate:sdk`.\n */\n\n';

/** The document /openapi.json serves. */
export async function openApiDocument(): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), 'calls-api-sdk-'));
  const store = await openStore(`sqlite:${join(dir, 'openapi.db')}`);
  try {
    const { app } = await buildApp({
      store,
      config: { bodyLimit: 1024 * 1024, keyCacheMs: 0, maxMessagesPerCall: 10_000, logLevel: 'silent' },
    });
    await app.ready();
    const res = await app.inject({ url: '/openapi.json' });
    await app.close();
    return JSON.parse(res.body) as object;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of packages/sdk/src/schema.ts, generated afresh. */
export async function generateSdkTypes(): Promise<string> {
  // The document as served (JSON), so the types are exactly what a client generating its own gets.
  const ast = await openapiTS(JSON.stringify(await openApiDocument()), { alphabetize: false, exportType: false });
  return HEADER + astToString(ast);
}

if (fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SDK_SCHEMA_FILE, await generateSdkTypes());
  process.stdout.write(`wrote ${SDK_SCHEMA_FILE}\n`);
}
