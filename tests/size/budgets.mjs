// Byte budgets, in gzip bytes: the one place they are written down. `npm test`
// fails when a build outgrows one (tests/size/budgets.test.ts); `npm run bench`
// prints the measured figures that the README quotes.
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Each budget names the files that count towards it (paths from the repo root).
 * The files are concatenated, as a browser would download them all.
 */
export const BUDGETS = [
  { name: 'loader snippet', files: ['packages/browser/dist/snippet.min.js'], gzip: 1024 },
  { name: 'script tag before any prompt (core)', files: ['packages/browser/dist/hark.min.js'], gzip: 8 * 1024 },
  { name: 'first prompt, CSS and Preact included', files: ['packages/browser/dist/hark.min.js', 'packages/browser/dist/hark-ui.min.js'], gzip: 16 * 1024 },
];

/** Min, gzip and brotli sizes of some files taken together. */
export function measure(files) {
  const buffer = Buffer.concat(files.map((file) => readFileSync(`${root}/${file}`)));
  return {
    min: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

/** A markdown table of every budget with its measured sizes. */
export function sizeTable() {
  const lines = ['| what | min | gzip | brotli | budget (gzip) |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const budget of BUDGETS) {
    const missing = budget.files.filter((file) => !existsSync(`${root}/${file}`));
    if (missing.length) {
      lines.push(`| ${budget.name} | not built: ${missing.join(', ')} | | | ${kb(budget.gzip)} |`);
      continue;
    }
    const size = measure(budget.files);
    lines.push(`| ${budget.name} | ${kb(size.min)} | ${kb(size.gzip)} | ${kb(size.brotli)} | ${kb(budget.gzip)} ${size.gzip <= budget.gzip ? '✓' : '✗ over'} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(sizeTable());
