// One config builds every package: ESM + .d.ts each, plus the minified IIFE
// for the script tag. Entries are built in order, so a package can resolve the
// ones it depends on from their dist/ through the workspace links.
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { builtinModules } from 'node:module';

const ts = (dir, overrides = {}) =>
  typescript({ tsconfig: `${dir}/tsconfig.build.json`, outDir: `${dir}/dist`, declarationDir: `${dir}/dist`, noEmitOnError: true, ...overrides });

/** Everything a package imports from outside itself stays an import in its ESM build. */
const external = (deps) => (id) => deps.some((dep) => id === dep || id.startsWith(`${dep}/`));

const esm = (dir, deps, input = { index: `${dir}/src/index.ts` }) => ({
  input,
  external: external(deps),
  output: { dir: `${dir}/dist`, format: 'es', sourcemap: true, entryFileNames: '[name].js' },
  plugins: [ts(dir)],
});

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default [
  esm('packages/core', ['zod', 'idb-keyval', 'uuid']),
  esm('packages/widget', ['@hark/core', 'preact']),
  esm('packages/browser', ['@hark/core', '@hark/widget']),
  esm('packages/react', ['@hark/core', '@hark/widget', 'react']),
  {
    // The script-tag bundle: core + widget + preact inside one minified file.
    input: 'packages/browser/src/iife.ts',
    output: { file: 'packages/browser/dist/hark.min.js', format: 'iife', sourcemap: true, plugins: [terser({ format: { comments: false } })] },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['browser', 'module', 'import', 'default'] }),
      ts('packages/browser', { declaration: false, declarationDir: undefined, outDir: 'packages/browser/dist' }),
    ],
  },
  {
    // The async loader snippet people paste into their page (README); tiny and self-contained.
    input: 'packages/browser/src/snippet.ts',
    output: { file: 'packages/browser/dist/snippet.min.js', format: 'iife', plugins: [terser({ format: { comments: false }, compress: { passes: 2 } })] },
    plugins: [ts('packages/browser', { declaration: false, declarationDir: undefined, outDir: 'packages/browser/dist' })],
  },
  {
    ...esm('examples/collector', ['@hark/core', 'better-sqlite3', ...nodeBuiltins], {
      index: 'examples/collector/src/index.ts',
      cli: 'examples/collector/src/cli.ts',
    }),
    output: {
      dir: 'examples/collector/dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      banner: (chunk) => (chunk.fileName === 'cli.js' ? '#!/usr/bin/env node' : ''),
    },
  },
];
