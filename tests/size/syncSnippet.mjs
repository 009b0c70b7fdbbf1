// After a change to the loader snippet: `npm run build && node tests/size/syncSnippet.mjs`
// copies the built snippet and its gzip size into the READMEs (the repository's and
// @hark/browser's) and the example page, which tests/browser/adapters-snippet-budget.test.ts keeps in step.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const CDN = '"https://unpkg.com/@hark/browser@0.1/dist/hark.min.js"';
const snippet = readFileSync('packages/browser/dist/snippet.min.js', 'utf8').trim();
const size = gzipSync(snippet, { level: 9 }).length;
const old = /!function\(\)\{"use strict";const e=\["init".*?\}\(\);/;

for (const [file, text] of [
  ['README.md', snippet],
  ['packages/browser/README.md', snippet],
  ['examples/script-tag/snippet.html', snippet.replace(CDN, 'HARK_BUNDLE')],
]) {
  const before = readFileSync(file, 'utf8');
  if (!old.test(before)) throw new Error(`${file}: no snippet found to replace`);
  const after = before.replace(old, () => text).replace(/\d+ bytes gzipped/g, `${size} bytes gzipped`);
  writeFileSync(file, after);
}
console.log(`snippet: ${size} bytes gzipped`);
