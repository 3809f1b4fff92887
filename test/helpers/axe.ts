/**
 * axe-core (from npm) run inside a page: the violations it finds, the serious and critical ones
 * answered. The page's context must bypass the console's CSP for the injection.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';

declare global {
  interface Window {
    axe: typeof import('axe-core');
  }
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Logs every violation; answers the serious and critical ones, one line each. */
export async function axeViolations(page: Page, label: string, log: (line: string) => void): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const results: Pick<AxeResults, 'violations' | 'passes'> = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return { violations: r.violations, passes: r.passes };
  });
  assert.ok(results.passes.length > 10, `${label}: axe ran ${results.passes.length} passing rules`);
  const lines = results.violations.map(
    (v) => `${label}: [${v.impact}] ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  for (const line of lines) log(line);
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v, i) => lines[results.violations.indexOf(v)] ?? String(i));
}
