/**
 * Builds the console (console/) into dist/console-ui/, which the server serves at /console
 * (src/console/plugin.ts). Run by `npm run build:console`, and by `npm install` through `prepare`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/console/',
  publicDir: here('public'),
  logLevel: 'warn',
  // Preact's automatic JSX runtime, without a Babel-based plugin.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../dist/console-ui'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The CSP allows no data: URLs and no inline code: every asset is a file of its own.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});
