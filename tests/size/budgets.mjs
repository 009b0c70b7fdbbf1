// Byte budgets, in gzip bytes: the one place they are written down. `npm test`
// fails when a build outgrows a limit (tests/size/budgets.test.ts); `npm run bench`
// prints the measured figures that the README quotes.
//
// `target` is where the project is heading; `limit` is what is enforced today: the
// measured size when it was last set, rounded up to the next 0.5 KB, so growth
// fails the build. Lower a limit whenever a change makes a bundle smaller; raise
// one only on purpose, with the reason in the commit that raises it.
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const KB = 1024;

/** The largest of the script tag's language files, which its budget line names. */
export const LARGEST_LOCALE_FILE = 'packages/browser/dist/hark-locale-ja.min.js';

/**
 * Each budget names the files that count towards it (paths from the repo root),
 * concatenated as a browser downloads them all. @hark/react ships unminified
 * ESM; the build also writes tests/size/dist/react.min.js, the same code
 * minified with the script tag's settings and React, core and widget left out.
 *
 * The first prompt is measured in English, which hark-ui.min.js carries. In
 * another built-in language the UI chunk also fetches that language's file
 * (hark-locale-de.min.js…), one per page and never more than one: it counts on
 * top of the first prompt, and the largest of them has a line of its own
 * (budgets.test.ts checks that it is still the largest). The targets set no
 * figure for a language file; its 1 KB target is ours.
 */
export const BUDGETS = [
  { name: 'loader snippet', files: ['packages/browser/dist/snippet.min.js'], target: 1 * KB, limit: 1 * KB },
  // Last raise +0.5 KB (after a 0.5 KB lowering when the drain lock, presence and the stored-record check moved into the
  // delivery file): the fixes named at @hark/core/boot below, and a bound on the delivery file's load (a hung request held
  // a chosen score and the Close that waits for it).
  { name: 'script tag before any prompt (hark.min.js)', files: ['packages/browser/dist/hark.min.js'], target: 14 * KB, limit: 20.5 * KB },
  // Everything a page has downloaded when its first prompt is on screen. No language's default questions count here: each
  // comes in its own language file. Lowered 1.5 KB when the language files' SRI hashes left the UI chunk of pages without SRI,
  // and the drain lock, presence and the stored-record check left hark.min.js for the delivery file; raised 0.5 KB since
  // with hark.min.js.
  { name: 'first prompt, CSS and Preact (+ hark-ui.min.js)', files: ['packages/browser/dist/hark.min.js', 'packages/browser/dist/hark-ui.min.js'], target: 28 * KB, limit: 32.5 * KB },
  // A page that pins hark.min.js with an integrity gets the UI chunk carrying the language files' hashes, which do not compress.
  // Last raise +0.5 KB: the boot file's share of the fixes named at @hark/core/boot below.
  { name: 'first prompt under SRI (+ hark-ui.sri.min.js)', files: ['packages/browser/dist/hark.min.js', 'packages/browser/dist/hark-ui.sri.min.js'], target: 28 * KB, limit: 33 * KB },
  // The delivery code comes once the prompt's first frame is painted: the first answer needs it. Last raise +0.5 KB: an
  // answer given before that code came keeps its page, user and time and, inline, its prompt through a route change; an
  // inline display is stored only when a rule reads it; the start reads stored areas whole.
  {
    name: 'first answer, with the delivery code (+ hark-delivery.min.js)',
    files: ['packages/browser/dist/hark.min.js', 'packages/browser/dist/hark-ui.min.js', 'packages/browser/dist/hark-delivery.min.js'],
    target: 36 * KB,
    limit: 43 * KB,
  },
  // The record keeper, outbox and sending, the answer path, and the storage fallbacks (localStorage, memory, the way back to
  // IndexedDB), which every page would otherwise carry in its boot file for the few whose IndexedDB fails. Last raise
  // +1 KB: the drain lock and presence made from Web Locks, and the stored-record check (built of the checker hark.min.js
  // lends), moved here from hark.min.js.
  { name: 'delivery code, after the first frame (hark-delivery.min.js)', files: ['packages/browser/dist/hark-delivery.min.js'], target: 8 * KB, limit: 11.5 * KB },
  { name: 'largest language file, on top in that language (hark-locale-ja.min.js)', files: [LARGEST_LOCALE_FILE], target: 1 * KB, limit: 1 * KB },
  // The debug build replaces hark.min.js on a page (never both): full messages and explain()'s sentences. Last raise +0.5 KB:
  // the storage fallback's change of backend waits for the writes under way, and deletes refused with a put are owed.
  { name: 'script tag with its diagnostics (hark.debug.min.js)', files: ['packages/browser/dist/hark.debug.min.js'], target: 25 * KB, limit: 25 * KB },
  { name: '@hark/react on top of React and the widget', files: ['tests/size/dist/react.min.js'], target: 3 * KB, limit: 1 * KB },
];

/**
 * What one import costs an app (size-limit's habit: one line per export).
 * Each is bundled by rollup.config.mjs as an app's bundler would, minified,
 * React left out: tests/size/dist/exports/<slug>.min.js is what loads first
 * (the entry and the chunks it imports), and <slug>.lazy.json lists what it
 * loads with `import()` (the prompt behind the host, each language), which
 * does not count here. `limit` as above: the measured size, rounded up to the
 * next 0.5 KB; `target` is the limit.
 */
export const EXPORTS = [
  // Production builds compute no config error wording (it goes with the dropped message). Last raise +0.5 KB: the
  // delivery code builds its record check of the checker the client lends it (about 0.14 KB in a bundle with both).
  { slug: 'core-client', from: '@hark/core', names: ['createClient'], limit: 27 * KB },
  // The client without its delivery code, which its loadDelivery fetches: what the script tag's boot file carries of core.
  // Last raise +0.5 KB: an inline prompt kept while its answer waits for that code, the page and user such an answer
  // was given on, a display stored only when a rule reads it, a prompt nobody saw dropped, stored areas read whole.
  { slug: 'core-boot', from: '@hark/core/boot', names: ['createClient'], limit: 17 * KB },
  { slug: 'core-schema-batch', from: '@hark/core/schema', names: ['BatchSchema'], limit: 10.5 * KB },
  { slug: 'core-schema-scores', from: '@hark/core/schema', names: ['nps', 'csat', 'ces'], limit: 1 * KB },
  { slug: 'widget-host', from: '@hark/widget', names: ['createHost'], limit: 2 * KB },
  { slug: 'widget-ui', from: '@hark/widget/ui', names: ['mountSurfaces'], limit: 12.5 * KB },
  // Last raise +0.5 KB: the client's share of the fixes named at @hark/core/boot above (before it, +0.5 KB for the record
  // check the delivery code builds of the checker the client lends it, about 0.13 KB in a bundle that has both).
  { slug: 'react', from: '@hark/react', names: ['HarkProvider', 'useHark', 'useSurveyState', 'Survey'], limit: 28.5 * KB },
];

for (const { slug, from, names, limit } of EXPORTS) {
  BUDGETS.push({ name: `import { ${names.join(', ')} } from '${from}'`, files: [`tests/size/dist/exports/${slug}.min.js`], target: limit, limit });
}

/** Every language file on its own, the largest of which has its line above. */
for (const lang of ['ar', 'de', 'es', 'fr', 'he', 'nl', 'pt']) {
  BUDGETS.push({ name: `language file hark-locale-${lang}.min.js`, files: [`packages/browser/dist/hark-locale-${lang}.min.js`], target: 1 * KB, limit: 1 * KB });
}

/** The loader snippet's budget, which its own browser test also checks. */
export const SNIPPET_BUDGET = BUDGETS[0];

/** Min, gzip and brotli sizes of some files taken together. */
export function measure(files) {
  const buffer = Buffer.concat(files.map((file) => readFileSync(`${root}/${file}`)));
  return {
    min: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Every budget with its measured sizes (`size` is null when a file is not built). */
export function measureBudgets() {
  return BUDGETS.map((budget) => {
    const missing = budget.files.filter((file) => !existsSync(`${root}/${file}`));
    return { ...budget, missing, size: missing.length ? null : measure(budget.files) };
  });
}

const kb = (bytes) => `${(bytes / KB).toFixed(2)} KB`;

/** A markdown table of every budget: min, gzip, brotli, the enforced limit and the target. */
export function sizeTable() {
  const lines = ['| what | min | gzip | brotli | limit (gzip) | target (gzip) |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const { name, missing, size, limit, target } of measureBudgets()) {
    if (!size) {
      lines.push(`| ${name} | not built: ${missing.join(', ')} | | | ${kb(limit)} | ${kb(target)} |`);
      continue;
    }
    const held = size.gzip <= limit ? '✓' : '✗ over';
    const reached = size.gzip <= target ? '✓' : 'not yet';
    lines.push(`| ${name} | ${kb(size.min)} | ${kb(size.gzip)} | ${kb(size.brotli)} | ${kb(limit)} ${held} | ${kb(target)} ${reached} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(sizeTable());
