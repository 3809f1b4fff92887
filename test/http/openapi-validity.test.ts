/**
 * The OpenAPI document the app serves is valid OpenAPI 3.1, as `@apidevtools/swagger-parser`
 * validates it: every `$ref` dereferenced within the document, then the whole checked against the
 * OpenAPI 3.1 schema bundled with the package. (Its further rule checks cover Swagger 2.0 only;
 * Redocly's recommended rules, in errors-openapi.test.ts, check operationIds, parameters and the
 * like.) Nothing is fetched: every `$ref` points inside the document, external resolution is off,
 * and any fetch during validation fails the test. The document is the one generated from the
 * routes (src/http/openapi-conventions.ts), fetched from the app through inject.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestApp, type AnyJson, type TestApp } from '../helpers/harness.js';

/** Every `$ref` in a JSON value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => (key === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
}

// The document does not depend on the store: SQLite only.
describe('OpenAPI document validity', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('sqlite');
  });
  after(async () => {
    await t.close();
  });

  it('validates with swagger-parser as OpenAPI 3.1, without the network', async () => {
    const res = await t.request({ url: '/openapi.json', auth: false });
    assert.equal(res.status, 200);
    const source = JSON.parse(res.body) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(source.openapi, '3.1.0');
    // An external $ref would be skipped, not checked, with external resolution off: there is none.
    assert.deepEqual(
      refsIn(source).filter((ref) => !ref.startsWith('#/')),
      [],
    );

    const fetched: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input: string | URL | Request) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      return Promise.reject(new Error('no network while validating the OpenAPI document'));
    };
    let validated;
    try {
      // validate() dereferences the object it is given: it gets its own copy.
      validated = await SwaggerParser.validate(structuredClone(source) as AnyJson, {
        resolve: { external: false, file: false, http: false },
        validate: { schema: true, spec: true },
      });
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.deepEqual(fetched, []);
    assert.ok('openapi' in validated, 'validated as OpenAPI, not Swagger 2.0');
    assert.equal(validated.openapi, '3.1.0');
    assert.deepEqual(Object.keys(validated.paths ?? {}), Object.keys(source.paths));
  });
});
