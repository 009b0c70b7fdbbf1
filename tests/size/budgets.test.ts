import { readdirSync, readFileSync } from 'node:fs';
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

  it('keeps the prompt out of what @hark/react loads first: Preact, the CSS and the strings are a chunk of their own', () => {
    const first = readFileSync('tests/size/dist/exports/react.min.js', 'utf8');
    const lazy = JSON.parse(readFileSync('tests/size/dist/exports/react.lazy.json', 'utf8')) as Array<{ file: string; modules: string[] }>;
    expect(first).not.toContain('Thank you for your feedback!');
    expect(first).toContain('requestIdleCallback');
    const ui = lazy.filter((chunk) => chunk.modules.some((id) => id.endsWith('widget/dist/ui.js')));
    expect(ui).toHaveLength(1);
    expect(ui[0]!.modules.some((id) => id.includes('node_modules/preact/'))).toBe(true);
    expect(readFileSync(`tests/size/dist/exports/react/${ui[0]!.file}`, 'utf8')).toContain('Thank you for your feedback!');
  });

  it('keeps zod out of the client: the schema is a subpath of its own', () => {
    for (const slug of ['core-client', 'widget-host', 'react']) expect(readFileSync(`tests/size/dist/exports/${slug}.min.js`, 'utf8'), slug).not.toMatch(/\$ZodType|ZodError/);
    expect(readFileSync('tests/size/dist/exports/core-schema-batch.min.js', 'utf8')).toMatch(/\$ZodType|ZodError/);
  });

  it('sets no limit looser than the issue allows where the target is already met', () => {
    for (const row of rows) if (row.size && row.size.gzip <= row.target) expect(row.limit, row.name).toBeLessThanOrEqual(row.target);
  });
});
