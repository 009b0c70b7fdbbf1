import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DELIVERY_DEFAULTS, FREQUENCY_DEFAULTS } from '../src/defaults';

// The README's tables of defaults are held to defaults.ts, the one place the code reads them from:
// each table follows a `<!-- defaults: NAME -->` marker, one row per key, the value in backticks.
const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

function table(name: string): Record<string, number> {
  const at = README.indexOf(`<!-- defaults: ${name} -->`);
  expect(at, `README.md has no table marked <!-- defaults: ${name} -->`).toBeGreaterThanOrEqual(0);
  const rows = README.slice(at).split('\n').slice(1);
  const end = rows.findIndex((line, i) => i > 0 && !line.startsWith('|'));
  return Object.fromEntries(
    rows
      .slice(2, end)
      .map((line) => line.split('|').map((cell) => cell.trim()))
      .map(([, key, value]) => [key!.replace(/`/g, '').replace(/^frequency\./, ''), Number(value!.replace(/`/g, ''))]),
  );
}

describe('the README’s defaults tables', () => {
  it.each([
    ['DELIVERY_DEFAULTS', DELIVERY_DEFAULTS],
    ['FREQUENCY_DEFAULTS', FREQUENCY_DEFAULTS],
  ] as const)('%s: every default, with the value the code uses', (name, defaults) => {
    expect(table(name)).toEqual({ ...defaults });
  });
});
