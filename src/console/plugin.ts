/**
 * The browser console at /console: the built single-page app (console/, built into
 * dist/console-ui/ by `npm run build:console`, which `npm install` runs), served by this server.
 * Client-side routes (/console/calls/{id}, /console/agents, …) answer index.html; the page signs
 * in with an API key and calls /api/v1 like any client. Nothing here needs authentication: the
 * files hold no data.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../http/errors.js';
import { CONSOLE_PREFIX, DEFAULT_ASSETS_DIR, loadConsoleAssets, type Asset, type ConsoleAssets } from './assets.js';

export interface ConsoleOptions {
  /** Where the built files are (tests point it elsewhere); dist/console-ui/ by default. */
  assetsDir?: string;
}

/**
 * The API's own CSP allows nothing; the console needs its own scripts, styles and fetches from
 * this origin, and plays recordings from https URLs. No inline script or style anywhere.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "media-src 'self' https:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Console not built — calls-api</title></head>
<body><h1>The console has not been built</h1>
<p>This server has no built console files. In the calls-api folder, run <code>npm run build:console</code>
(<code>npm install</code> also builds it), then reload this page.</p></body></html>
`;

export function consolePlugin(app: FastifyInstance, opts: ConsoleOptions): void {
  const dir = opts.assetsDir ?? DEFAULT_ASSETS_DIR;
  let assets: ConsoleAssets | undefined;

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    // Read once; while unbuilt, looked for again on each request so a build needs no restart.
    assets ??= loadConsoleAssets(dir);
    if (assets === undefined) {
      return reply
        .code(503)
        .header('Cache-Control', 'no-store')
        .header('Retry-After', '60')
        .type('text/html; charset=utf-8')
        .send(NOT_BUILT_PAGE);
    }
    // The raw path, undecoded: it is only ever a key of the map, never a file system path.
    const path = request.url.split('?', 1)[0];
    const file = assets.files.get(path);
    if (file !== undefined && path !== `${CONSOLE_PREFIX}/index.html`) return sendAsset(request, reply, file);
    const last = path.slice(path.lastIndexOf('/') + 1);
    if (path.startsWith(`${CONSOLE_PREFIX}/assets/`) || last.includes('.')) {
      return sendError(reply, 404, 'NOT_FOUND', 'No such console file');
    }
    return sendAsset(request, reply, assets.index);
  };

  const schema = { hide: true };
  app.get(CONSOLE_PREFIX, { schema }, handler);
  app.get(`${CONSOLE_PREFIX}/*`, { schema }, handler);
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset) {
  reply
    .header('Content-Security-Policy', CONSOLE_CSP)
    .header('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .type(asset.type);
  if (asset.gzip === undefined) return reply.send(asset.body);
  reply.header('Vary', 'Accept-Encoding');
  if (!acceptsGzip(request.headers['accept-encoding'])) return reply.send(asset.body);
  return reply.header('Content-Encoding', 'gzip').send(asset.gzip);
}

function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding.trim().toLowerCase() !== 'gzip' && coding.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
