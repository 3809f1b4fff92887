import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The package version, shown in the OpenAPI document and by `calls-api --version`. */
export const VERSION: string = (require('../package.json') as { version: string }).version;
