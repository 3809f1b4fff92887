import { it, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateSdkTypes, SDK_SCHEMA_FILE } from '../../scripts/generate-sdk.js';

describe('SDK types', () => {
  it('are what the served OpenAPI document generates today (run `npm run generate:sdk` when this fails)', async () => {
    const committed = readFileSync(SDK_SCHEMA_FILE, 'utf8');
    const fresh = await generateSdkTypes();
    assert.ok(committed === fresh, 'packages/sdk/src/schema.ts is stale: run `npm run generate:sdk` and commit it');
  });
});
