// The one rollup config function every package builds with (Floating UI's habit): each
// package's rollup.config.mjs calls it for its ESM build, and the browser package adds its
// script-tag files with `iife`. A package builds alone (`npm run build -w @hark/widget`) once
// the packages it depends on are built; the root rollup.config.mjs builds them all, in order.
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { walk } from 'estree-walker';
import MagicString from 'magic-string';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const NODE = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** The package's `dependencies` and `peerDependencies` (and Node's own modules): what stays an import. */
export function externalsOf(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {}), ...NODE];
  return (id) => deps.some((dep) => id === dep || id.startsWith(`${dep}/`));
}

/** Type-checks and compiles the package's sources with its tsconfig.build.json; `types: false` for bundles that ship no .d.ts. */
export const ts = (dir, { types = true } = {}) =>
  typescript({
    tsconfig: join(dir, 'tsconfig.build.json'),
    outDir: join(dir, 'dist'),
    noEmitOnError: true,
    ...(types ? { declarationDir: join(dir, 'dist') } : { declaration: false, declarationDir: undefined }),
  });

/**
 * Minifier settings for everything a browser downloads; each one was measured to save bytes (tests/size).
 * `ascii`: other characters escaped, so the engine keeps the source as a one-byte string (a single `…` makes
 * the whole file two-byte in memory, for as long as the page lives). The language files are the exception:
 * they are mostly such characters, and small, so escaping them would only make them bigger.
 */
export const minify = ({ ascii = true } = {}) => terser({ ecma: 2020, compress: { passes: 3 }, format: { comments: false, ascii_only: ascii } });

/** What the production builds test to drop their diagnostics, as React, Preact and Vue do. */
const DEV = "process.env.NODE_ENV !== 'production'";

/**
 * Diagnostics only in development (React's error-message transform, in
 * small): the message of every `new HarkError(code, message, …)` in the
 * compiled code goes behind `process.env.NODE_ENV !== 'production'`. An
 * app's bundler replaces that for its production build, and the script tag's
 * files are built with it replaced (`nodeEnv`), so production code keeps each
 * error's code and field (HarkError words an empty message from them) and
 * drops the sentences; hark.debug.min.js and development builds keep them.
 * A message written as `/* kept *\/ …` stays in production too: a fix the
 * page's owner can only learn there (its CSP is enforced in production).
 * Runs after TypeScript, on JavaScript.
 */
export const devMessages = () => ({
  name: 'hark-dev-messages',
  transform(code, id) {
    if (!code.includes('HarkError(')) return null;
    const text = new MagicString(code);
    walk(this.parse(code), {
      enter(node) {
        if (node.type !== 'NewExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'HarkError') return;
        const message = node.arguments[1];
        if (!message || message.type === 'SpreadElement' || (message.type === 'Literal' && message.value === '')) return;
        if (/\/\* kept \*\/\s*$/.test(code.slice(Math.max(0, message.start - 16), message.start))) return;
        text.prependLeft(message.start, `(${DEV} ? (`);
        text.appendRight(message.end, `) : '')`);
      },
    });
    return text.hasChanged() ? { code: text.toString(), map: text.generateMap({ hires: true, source: id }) } : null;
  },
});

/** Replaces `process.env.NODE_ENV` with `value` ('production', 'development') in every module of a bundle. */
export const nodeEnv = (value) => ({
  name: 'hark-node-env',
  transform(code) {
    if (!code.includes('process.env.NODE_ENV')) return null;
    const text = new MagicString(code);
    text.replaceAll('process.env.NODE_ENV', JSON.stringify(value));
    return { code: text.toString(), map: text.generateMap({ hires: true }) };
  },
});

/**
 * A package's ESM build with its .d.ts: `entries` (name → source, relative to
 * `dir`), every dependency left as an import. `preserveModules` (the default)
 * writes one file per module, so an app's bundler drops what it does not use.
 */
export function packageBuild(dir, { entries = { index: 'src/index.ts' }, preserveModules = true, plugins = [], after = [], output = {} } = {}) {
  return {
    input: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, join(dir, file)])),
    external: externalsOf(dir),
    output: {
      dir: join(dir, 'dist'),
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      ...(preserveModules ? { preserveModules: true, preserveModulesRoot: join(dir, 'src') } : {}),
      ...output,
    },
    plugins: [...plugins, ts(dir), ...after],
  };
}

/** Resolves the other packages (and Preact) as a browser bundler does: from their built dist, through `exports`. */
export const resolve = () => nodeResolve({ browser: true, exportConditions: ['browser', 'module', 'import', 'default'], extensions: ['.mjs', '.js', '.json', '.ts'] });

/**
 * V8's explicit compile hint (Chrome 136+): the whole file is compiled while
 * it downloads, off the main thread, instead of each function on its first
 * call on the main thread. For files whose functions nearly all run as soon
 * as they load; other engines read it as a comment.
 */
export const compileEagerly = () => ({
  name: 'hark-compile-eagerly',
  renderChunk(code) {
    const text = new MagicString(code);
    text.prepend('//# allFunctionsCalledOnLoad\n');
    return { code: text.toString(), map: text.generateMap({ hires: true }) };
  },
});

/**
 * A classic script for the script tag, minified: `input` with everything it
 * imports (the other packages from their built dist, tree-shaken by their
 * `sideEffects: false`) in one file, built for `env`: 'production' drops the
 * diagnostics (see `devMessages`), 'development' keeps them (hark.debug.min.js).
 * `eager` marks it for compiling while it downloads (see `compileEagerly`).
 */
export function iife(dir, input, file, plugins = [], { env = 'production', eager = false } = {}) {
  return {
    input: join(dir, input),
    output: { file: join(dir, 'dist', file), format: 'iife', sourcemap: true, plugins: [minify(), ...(eager ? [compileEagerly()] : [])] },
    plugins: [...plugins, resolve(), ts(dir, { types: false }), nodeEnv(env)],
  };
}
