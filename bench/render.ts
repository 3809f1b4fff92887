/** Re-renders benchmarks.md and benchmarks.svg from benchmarks.json (keeps the notes): `tsx bench/render.ts [DIR]`. */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderMarkdown, renderSvg, type BenchReport } from './report.js';

const dir = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'docs'));
const report = JSON.parse(readFileSync(join(dir, 'benchmarks.json'), 'utf8')) as BenchReport;
const mdPath = join(dir, 'benchmarks.md');
const old = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
const at = old.indexOf('<!-- notes -->');
for (const m of [report.bare, report.getCall, report.getCallSmall, ...report.lists]) m.label = m.label.replace(/ \[round \d+\/\d+\]$/, '');
writeFileSync(mdPath, renderMarkdown(report, at < 0 ? '' : old.slice(at)));
writeFileSync(join(dir, 'benchmarks.svg'), renderSvg(report));
process.stderr.write(`rendered ${mdPath}\n`);
