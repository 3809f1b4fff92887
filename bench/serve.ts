/**
 * The benchmark's server: `calls-api serve` (with WORKERS as set) plus the bare comparison route
 * and, when BENCH_BARE_HTTP_PORT is set, the bare node:http floor in the same process
 * (bench/bare-route.ts).
 */
import { serve } from '../src/cluster.js';
import { loadConfig } from '../src/config.js';
import { bareHttpServer, bareRoute } from './bare-route.js';

await serve({ plugins: [bareRoute] });
const barePort = process.env.BENCH_BARE_HTTP_PORT;
if (barePort !== undefined && barePort !== '') {
  const server = await bareHttpServer(Number(barePort), loadConfig().host);
  process.once('SIGTERM', () => server.close());
}
