import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SNIPPET_METHODS } from '@hark/browser';
import { SNIPPET_BUDGET } from '../size/budgets.mjs';

// The loader snippet's byte budget, from the one file that holds every budget. The README quotes the measured size.
const SNIPPET_BUDGET_GZIP = SNIPPET_BUDGET.limit;
const CDN_URL = '"https://unpkg.com/@hark/browser@0.1/dist/hark.min.js"';

const built = () => readFileSync('packages/browser/dist/snippet.min.js', 'utf8').trim();

describe('the async loader snippet as shipped', () => {
  it(`stays under ${SNIPPET_BUDGET_GZIP} bytes gzipped`, () => {
    const size = gzipSync(built(), { level: 9 }).length;
    expect(size).toBeLessThanOrEqual(SNIPPET_BUDGET_GZIP);
    expect(readFileSync('README.md', 'utf8')).toContain(`${size} bytes gzipped`);
  });

  it('is the snippet the README and the example page show, standing in for every facade method', () => {
    const snippet = built();
    expect(snippet).toContain(CDN_URL);
    expect(readFileSync('README.md', 'utf8')).toContain(snippet);
    expect(readFileSync('packages/browser/README.md', 'utf8')).toContain(snippet);
    // The example page pastes the same snippet, pointed at the demo's copy of the bundle.
    expect(readFileSync('examples/script-tag/snippet.html', 'utf8')).toContain(snippet.replace(CDN_URL, 'HARK_BUNDLE'));
    for (const method of SNIPPET_METHODS) expect(snippet).toContain(method);
  });
});
