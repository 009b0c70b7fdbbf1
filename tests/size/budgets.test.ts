import { describe, expect, it } from 'vitest';
import { BUDGETS, measureBudgets, sizeTable } from './budgets.mjs';

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

  it('sets no limit looser than the issue allows where the target is already met', () => {
    for (const row of rows) if (row.size && row.size.gzip <= row.target) expect(row.limit, row.name).toBeLessThanOrEqual(row.target);
  });
});
