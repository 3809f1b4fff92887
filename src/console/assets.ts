/**
 * The console's built files (`npm run build:console` writes them to dist/console-ui/), read into
 * memory once: a few small files, each served from a map keyed by its URL path. Nothing outside
 * that map is ever read, so no request path can reach another file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Two folders below the repository, from src/console/ (tsx) and dist/console/ (built) alike. */
export const DEFAULT_ASSETS_DIR = fileURLToPath(new URL('../../dist/console-ui/', import.meta.url));

export const CONSOLE_PREFIX = '/console';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);

export interface Asset {
  body: Buffer;
  /** The same bytes gzipped, when that is smaller and the type compresses. */
  gzip?: Buffer;
  type: string;
  /** Content-hashed names (under assets/) never change: cache them for good. */
  immutable: boolean;
}

export interface ConsoleAssets {
  index: Asset;
  /** URL path (`/console/assets/index-abc.js`) → file. */
  files: Map<string, Asset>;
}

/** The built console, or undefined when it has not been built (no index.html). */
export function loadConsoleAssets(dir: string): ConsoleAssets | undefined {
  const indexPath = join(dir, 'index.html');
  if (!existsSync(indexPath)) return undefined;
  const files = new Map<string, Asset>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const urlPath = `${CONSOLE_PREFIX}/${relative(dir, path).split(sep).join('/')}`;
    files.set(urlPath, readAsset(path, urlPath.startsWith(`${CONSOLE_PREFIX}/assets/`)));
  }
  const index = files.get(`${CONSOLE_PREFIX}/index.html`) ?? readAsset(indexPath, false);
  return { index, files };
}

function readAsset(path: string, immutable: boolean): Asset {
  const ext = extname(path).toLowerCase();
  const body = readFileSync(path);
  const asset: Asset = { body, type: TYPES[ext] ?? 'application/octet-stream', immutable };
  if (COMPRESSIBLE.has(ext) && body.length > 512) {
    const gzip = gzipSync(body, { level: 9 });
    if (gzip.length < body.length) asset.gzip = gzip;
  }
  return asset;
}

/** The shipped JavaScript: every .js file's size, raw and gzipped (the figure the issue bounds). */
export function javascriptSize(dir: string): { files: number; bytes: number; gzipBytes: number } {
  let files = 0;
  let bytes = 0;
  let gzipBytes = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (extname(name) !== '.js') continue;
    const body = readFileSync(join(dir, name));
    files++;
    bytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files, bytes, gzipBytes };
}
