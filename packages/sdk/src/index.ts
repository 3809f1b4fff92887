/** @calls-api/sdk: a typed client of the calls-api HTTP API. */
export * from './client.js';
export type { components, operations, paths } from './schema.js';
