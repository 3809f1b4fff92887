/** The benchmark's server: `calls-api serve` with the bare comparison route added (bench/bare-route.ts). */
import { serveUntilSignalled } from '../src/server.js';
import { bareRoute } from './bare-route.js';

await serveUntilSignalled({ plugins: [bareRoute] });
