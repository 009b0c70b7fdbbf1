import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUDGETS, LARGEST_LOCALE_FILE, measure, measureBudgets, sizeTable } from './budgets.mjs';

// Runs after `npm test` has built the bundles; each limit is a regression guard, each target the goal.
describe('byte budgets (gzip)', () => {
  const rows = measureBudgets();

  it('prints the table `npm run bench` shows', () => {
    const table = sizeTable();
    console.log(`\n${table}\n`);
    for (const { name } of BUDGETS) expect(table).toContain(name);
  });

  it.each(rows.map((row) => [row.name, row] as const))('%s stays within its limit', (_name, row) => {
    expect(row.missing, 'build first: npm run build').toEqual([]);
    expect(row.size!.gzip, `${row.name}: ${row.size!.gzip} B gzip, limit ${row.limit} B`).toBeLessThanOrEqual(row.limit);
  });

  it('budgets the largest language file, and there is one per built-in language besides English', () => {
    const files = readdirSync('packages/browser/dist').filter((file) => /^hark-locale-.+\.min\.js$/.test(file));
    expect(files.map((file) => file.slice('hark-locale-'.length, -'.min.js'.length)).sort()).toEqual(['ar', 'de', 'es', 'fr', 'he', 'ja', 'nl', 'pt']);
    const sizes = files.map((file) => ({ file: `packages/browser/dist/${file}`, gzip: measure([`packages/browser/dist/${file}`]).gzip }));
    const largest = sizes.reduce((a, b) => (b.gzip > a.gzip ? b : a));
    expect(largest.file, 'point LARGEST_LOCALE_FILE (and its budget name) at the largest file').toBe(LARGEST_LOCALE_FILE);
  });

  it('sets no limit looser than the issue allows where the target is already met', () => {
    for (const row of rows) if (row.size && row.size.gzip <= row.target) expect(row.limit, row.name).toBeLessThanOrEqual(row.target);
  });
});
