import terser from '@rollup/plugin-terser';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tsc from 'typescript';
import { iife, minify, packageBuild, resolve, ts } from '../../build/rollupConfig.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, 'dist');

/** A file's Subresource Integrity value, from its bytes as built. */
const integrityOf = (file) => `sha384-${createHash('sha384').update(readFileSync(join(dist, file))).digest('base64')}`;

/**
 * Subresource Integrity, a chain from the one file the page loads: the
 * lazily loaded files are built first (see the order of the builds below),
 * and each build writes the hashes of the files it injects into its own copy
 * of sriHashes.ts (hark-ui.sri.min.js: the language files; hark.min.js: that
 * UI chunk and the delivery file). So one `integrity` on the page's tag for
 * hark.min.js covers every file Hark runs. A page without SRI gets
 * hark-ui.min.js, the same chunk without hashes, which do not compress. The
 * last build also writes every file's hash, its own included, to
 * dist/hark.sri.json, where users copy the integrity from.
 */
const sriHashes = (injected, table = []) => ({
  name: 'hark-sri-hashes',
  load: (id) => (id === join(here, 'src/sriHashes.ts') ? `export const SRI_HASHES = new Map(${JSON.stringify(injected.map((file) => [file, integrityOf(file)]))});` : null),
  writeBundle() {
    if (table.length) writeFileSync(join(dist, 'hark.sri.json'), `${JSON.stringify(Object.fromEntries(table.map((file) => [file, integrityOf(file)])), null, 2)}\n`);
  },
});

/**
 * The per-language files: `hark-locale-de.min.js` registers the widget's
 * German strings (`@hark/widget/locales/de`) and core's German default
 * questions (copied in as data from `questionsIn`, so neither
 * `hark.min.js` nor the delivery file carries any language but English)
 * where the UI chunk's `scriptLocaleLoader` (`@hark/widget/script`) looks for
 * them. One per language module the widget has besides English; each entry is
 * three generated lines, only transpiled.
 */
const LANGUAGES = readdirSync(join(here, '../widget/src/i18n/locales')).map((file) => file.replace(/\.ts$/, ''));
const LOCALE_FILES = LANGUAGES.map((lang) => `hark-locale-${lang}.min.js`);
const SCRIPT_FILES = ['hark.min.js', 'hark.debug.min.js', 'hark-ui.min.js', 'hark-ui.sri.min.js', 'hark-delivery.min.js', 'hark-delivery.debug.min.js'];
const transpileOnly = {
  name: 'hark-transpile-only',
  transform: (code, id) =>
    id.endsWith('.ts') ? tsc.transpileModule(code, { fileName: id, compilerOptions: { target: tsc.ScriptTarget.ES2020, module: tsc.ModuleKind.ESNext, verbatimModuleSyntax: true } }).outputText : null,
};
const localeFile = (lang) => {
  const entry = `\0hark-locale-${lang}`;
  // Read when the file is built, not when this config loads: the root build loads every config before core is built.
  const source = async () => {
    const { questionsIn } = await import('@hark/core/delivery');
    const questions = questionsIn(lang);
    if (!questions) throw new Error(`core has no default questions in "${lang}", which the widget has strings for`);
    return [
      `import { registerLocale } from '@hark/widget/script';`,
      `import { ${lang} } from '@hark/widget/locales/${lang}';`,
      `if (typeof window !== 'undefined') registerLocale(window, ${JSON.stringify(lang)}, ${lang}, ${JSON.stringify(questions)});`,
    ].join('\n');
  };
  return {
    input: entry,
    output: { file: join(dist, `hark-locale-${lang}.min.js`), format: 'iife', plugins: [minify({ ascii: false })] },
    plugins: [{ name: 'hark-locale-entry', resolveId: (id) => (id === entry ? id : null), load: (id) => (id === entry ? source() : null) }, resolve(), transpileOnly],
  };
};

export default [
  packageBuild(here, { preserveModules: false }),
  // The script tag's files. hark.min.js (facade + core's boot client + the widget's host; hark.debug.min.js with its diagnostics) runs at
  // once and passes the host its script loader; hark-ui.min.js (the prompt: Preact, CSS, English; hark-ui.sri.min.js under SRI)
  // is fetched on idle or when a prompt is due, with hark-locale-<lang>.min.js for another built-in language; hark-delivery.min.js once the UI's first frame
  // is painted, or at start when an earlier page left records. Each file is built before the one that injects it, which
  // carries its integrity.
  ...LANGUAGES.map(localeFile),
  iife(here, 'src/ui.ts', 'hark-ui.min.js', [sriHashes([])], { eager: true }),
  iife(here, 'src/ui.ts', 'hark-ui.sri.min.js', [sriHashes(LOCALE_FILES)], { eager: true }),
  // The delivery code (@hark/core/delivery), fetched on need: most of its functions run only when a record
  // is written or sent, so it is compiled lazily, not with the hint.
  iife(here, 'src/delivery.ts', 'hark-delivery.min.js'),
  // hark.min.js and the delivery code with every diagnostic kept (full error messages, explain()'s sentences), for development and support.
  iife(here, 'src/delivery.ts', 'hark-delivery.debug.min.js', [], { env: 'development' }),
  iife(here, 'src/iife.debug.ts', 'hark.debug.min.js', [sriHashes(['hark-ui.sri.min.js', 'hark-delivery.debug.min.js'])], { env: 'development' }),
  iife(here, 'src/iife.ts', 'hark.min.js', [sriHashes(['hark-ui.sri.min.js', 'hark-delivery.min.js'], [...SCRIPT_FILES, ...LOCALE_FILES])], { eager: true }),
  {
    // The async loader snippet people paste into their page (README); tiny and self-contained.
    input: join(here, 'src/snippet.ts'),
    output: { file: join(dist, 'snippet.min.js'), format: 'iife', plugins: [terser({ format: { comments: false }, compress: { passes: 2 } })] },
    plugins: [ts(here, { types: false })],
  },
];
