// One config builds every package: ESM + .d.ts each, plus the minified IIFE
// for the script tag. Entries are built in order, so a package can resolve the
// ones it depends on from their dist/ through the workspace links.
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import tsc from 'typescript';
import { minifyCssPlugin } from './build/minifyCss.mjs';

const ts = (dir, overrides = {}) =>
  typescript({ tsconfig: `${dir}/tsconfig.build.json`, outDir: `${dir}/dist`, declarationDir: `${dir}/dist`, noEmitOnError: true, ...overrides });

/** Everything a package imports from outside itself stays an import in its ESM build. */
const external = (deps) => (id) => deps.some((dep) => id === dep || id.startsWith(`${dep}/`));

/**
 * The survey editor's preview draws the prompt with the script-tag build itself: its files
 * (built above, with their SRI hashes) are copied into the collector's package, so it needs
 * no dependency on @hark/browser and always carries the build it was made with.
 */
const previewFiles = () => ({
  name: 'collector-preview-files',
  writeBundle() {
    const from = 'packages/browser/dist';
    const to = 'packages/collector/dist/preview';
    mkdirSync(to, { recursive: true });
    for (const file of readdirSync(from).filter((name) => /^hark(-ui|-locale-[a-z]+)?\.min\.js$|^hark\.sri\.json$/.test(name))) copyFileSync(`${from}/${file}`, `${to}/${file}`);
  },
});

const esm = (dir, deps, input = { index: `${dir}/src/index.ts` }, output = {}) => ({
  input,
  external: external(deps),
  output: { dir: `${dir}/dist`, format: 'es', sourcemap: true, entryFileNames: '[name].js', ...output },
  plugins: [ts(dir)],
});

/** Minifier settings for everything a browser downloads; each one was measured to save bytes (tests/size). */
const minify = () =>
  terser({ ecma: 2020, compress: { passes: 3 }, format: { comments: false } });

/**
 * The IIFE has no chunks, so the ESM default `import('@hark/widget')` would pull
 * the whole widget into hark.min.js. The script tag passes its own loader
 * (scriptUiLoader), so the default is replaced by one that says so.
 */
const browserDist = 'packages/browser/dist/';

/** A file's Subresource Integrity value, from its bytes as built. */
const integrityOf = (file) => `sha384-${createHash('sha384').update(readFileSync(`${browserDist}${file}`)).digest('base64')}`;

/**
 * Subresource Integrity, a chain from the one file the page loads: the
 * lazily loaded files are built first (see the order of the builds below),
 * and each build writes the hashes of the files it injects into its own copy
 * of sriHashes.ts (hark-ui.min.js: the language files; hark.min.js: the UI
 * chunk). So one `integrity` on the page's tag for hark.min.js covers every
 * file Hark runs. The last build also writes every file's hash, its own
 * included, to dist/hark.sri.json, where users copy the integrity from.
 */
const sriHashes = (injected, table = []) => ({
  name: 'hark-sri-hashes',
  load: (id) =>
    id === `${browserSource}sriHashes.ts` ? `export const SRI_HASHES = new Map(${JSON.stringify(injected.map((file) => [file, integrityOf(file)]))});` : null,
  writeBundle() {
    if (table.length === 0) return;
    writeFileSync(`${browserDist}hark.sri.json`, `${JSON.stringify(Object.fromEntries(table.map((file) => [file, integrityOf(file)])), null, 2)}\n`);
  },
});

const withoutWidgetImport = {
  name: 'hark-without-widget-import',
  resolveId: (id) => (id === './importWidget.js' ? '\0hark-no-import-widget' : null),
  load: (id) =>
    id === '\0hark-no-import-widget'
      ? "export const importWidget = () => Promise.reject(new Error('[hark] the script-tag build loads its UI with scriptUiLoader'));"
      : null,
};

const coreSource = fileURLToPath(new URL('packages/core/src/', import.meta.url));
const widgetSource = fileURLToPath(new URL('packages/widget/src/', import.meta.url));
const browserSource = fileURLToPath(new URL('packages/browser/src/', import.meta.url));

/**
 * The widget imports a few small helpers from @hark/core. Its dist is one module
 * whose zod schemas are top-level calls a bundler must keep, so the UI chunk
 * builds core from source instead, where every file is side-effect free and
 * only the modules the widget uses (and what they import) are bundled.
 */
const coreFromSource = {
  name: 'hark-core-from-source',
  resolveId: (id) => (id === '@hark/core' ? { id: `${coreSource}index.ts`, moduleSideEffects: false } : null),
};

/**
 * The UI chunk builds the widget from source too, so that one of its modules
 * can be swapped: `importLocale`, whose dynamic imports an IIFE cannot split.
 * hark.min.js hands the widget scriptLocaleLoader instead.
 */
const widgetFromSource = {
  name: 'hark-widget-from-source',
  resolveId: (id) => (id === '@hark/widget' ? { id: `${widgetSource}index.ts`, moduleSideEffects: false } : null),
  load: (id) =>
    id === `${widgetSource}i18n/importLocale.ts`
      ? "export const importLocale = () => Promise.reject(new Error('[hark] the script tag loads languages with scriptLocaleLoader'));"
      : null,
};

const iife = (input, file, plugins = [], packages = ['browser', 'core']) => ({
  input,
  output: { file, format: 'iife', sourcemap: true, plugins: [minify()] },
  treeshake: { moduleSideEffects: (id, external) => !external && !id.startsWith(coreSource) && !id.startsWith(widgetSource) },
  plugins: [
    ...plugins,
    nodeResolve({ browser: true, exportConditions: ['browser', 'module', 'import', 'default'] }),
    ...packages.map((name) => ts(`packages/${name}`, { declaration: false, declarationDir: undefined, outDir: 'packages/browser/dist' })),
  ],
});

/**
 * The per-language files of the script tag: `hark-locale-de.min.js` registers
 * the widget's German strings where scriptLocaleLoader looks for them. One per
 * module in packages/widget/src/i18n/locales/ (English is in the UI chunk).
 * Their two modules are type-checked by the packages' own builds, so here they
 * are only transpiled, which keeps these builds fast.
 */
const LOCALE_LANGUAGES = readdirSync(`${widgetSource}i18n/locales`).map((file) => file.replace(/\.ts$/, ''));
const LOCALE_FILES = LOCALE_LANGUAGES.map((lang) => `hark-locale-${lang}.min.js`);
const transpileOnly = {
  name: 'hark-transpile-only',
  transform: (code, id) =>
    id.endsWith('.ts') ? tsc.transpileModule(code, { fileName: id, compilerOptions: { target: tsc.ScriptTarget.ES2020, module: tsc.ModuleKind.ESNext, verbatimModuleSyntax: true } }).outputText : null,
};
const localeFile = (lang) => {
  const entry = `\0hark-locale-${lang}`;
  return {
    input: entry,
    output: { file: `packages/browser/dist/hark-locale-${lang}.min.js`, format: 'iife', plugins: [minify()] },
    plugins: [
      {
        name: 'hark-locale-entry',
        resolveId: (id) => (id === entry ? id : null),
        load: (id) =>
          id === entry
            ? [
                `import { registerLocale } from ${JSON.stringify(`${browserSource}registerLocale.ts`)};`,
                `import { ${lang} } from ${JSON.stringify(`${widgetSource}i18n/locales/${lang}.ts`)};`,
                `if (typeof window !== 'undefined') registerLocale(window, ${JSON.stringify(lang)}, ${lang});`,
              ].join('\n')
            : null,
      },
      nodeResolve({ extensions: ['.ts'] }),
      transpileOnly,
    ],
  };
};

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default [
  // One file per module, so an app's bundler drops what it does not use (the zod schemas, for one).
  esm('packages/core', ['zod', 'idb-keyval', 'uuid'], undefined, { preserveModules: true, preserveModulesRoot: 'packages/core/src' }),
  { ...esm('packages/widget', ['@hark/core', 'preact']), plugins: [minifyCssPlugin(), ts('packages/widget')] },
  esm('packages/browser', ['@hark/core', '@hark/widget']),
  // A Server Components tree (Next.js App Router) may import the provider only as a client module; rollup drops
  // module-level directives from the sources it bundles, so the directive is the output's first line.
  esm('packages/react', ['@hark/core', '@hark/widget', 'react'], undefined, { banner: "'use client';" }),
  // The script-tag bundle, in two chunks: hark.min.js (facade + core) runs at once;
  // hark-ui.min.js (widget + Preact + CSS, English) is fetched on idle or when a prompt is due,
  // together with hark-locale-<lang>.min.js when the locale is another built-in language.
  // The files hark.min.js injects are built before it, which carries their integrity.
  ...LOCALE_LANGUAGES.map(localeFile),
  iife('packages/browser/src/ui.ts', 'packages/browser/dist/hark-ui.min.js', [coreFromSource, widgetFromSource, minifyCssPlugin(), sriHashes(LOCALE_FILES)], ['browser', 'core', 'widget']),
  iife('packages/browser/src/iife.ts', 'packages/browser/dist/hark.min.js', [
    withoutWidgetImport,
    coreFromSource,
    sriHashes(['hark-ui.min.js'], ['hark.min.js', 'hark-ui.min.js', ...LOCALE_FILES]),
  ]),
  {
    // Measurement only (tests/size/budgets.mjs): @hark/react's ESM build as an app's bundler would minify it.
    input: 'packages/react/dist/index.js',
    external: external(['@hark/core', '@hark/widget', 'react']),
    output: { file: 'tests/size/dist/react.min.js', format: 'es', plugins: [minify()] },
  },
  {
    // The async loader snippet people paste into their page (README); tiny and self-contained.
    input: 'packages/browser/src/snippet.ts',
    output: { file: 'packages/browser/dist/snippet.min.js', format: 'iife', plugins: [terser({ format: { comments: false }, compress: { passes: 2 } })] },
    plugins: [ts('packages/browser', { declaration: false, declarationDir: undefined, outDir: 'packages/browser/dist' })],
  },
  {
    // The collector: a Node package, so its dependencies and Node's own modules stay imports.
    ...esm('packages/collector', ['@hark/core', 'zod', 'better-sqlite3', 'pg', 'hono', '@hono/node-server', 'hono-rate-limiter', ...nodeBuiltins], {
      index: 'packages/collector/src/index.ts',
      cli: 'packages/collector/src/cli.ts',
    }),
    output: {
      dir: 'packages/collector/dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      // A stable name for the chunk both entries share, so rebuilds never leave stale copies in the package.
      chunkFileNames: '[name].js',
      banner: (chunk) => (chunk.fileName === 'cli.js' ? '#!/usr/bin/env node' : ''),
    },
    plugins: [ts('packages/collector'), previewFiles()],
  },
];
