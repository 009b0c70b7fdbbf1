// What tests/size measures, built from the packages' dist folders (so after every package's own build):
// each export as an app's bundler would bundle it, and @hark/react's ESM build minified.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify, nodeEnv, resolve } from '../../build/rollupConfig.mjs';
import { EXPORTS } from './budgets.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * size-limit's habit: each entry of EXPORTS is what an app gets for one
 * import (`import { createClient } from '@hark/core'`), bundled and minified
 * as its bundler would, with React left out. What it loads lazily (the
 * prompt behind the host, the languages) lands in chunks of its own, which
 * the entry's figure does not count.
 */
const measured = EXPORTS.map(({ slug, from, names }) => {
  const entry = `\0size:${slug}`;
  return {
    input: { [slug]: entry },
    external: (id) => id === 'react' || id.startsWith('react/') || id === 'react-dom',
    output: {
      dir: join(root, 'tests/size/dist/exports', slug),
      format: 'es',
      entryFileNames: 'entry.min.js',
      chunkFileNames: '[name]-[hash].min.js',
      plugins: [minify(), firstLoad(slug)],
    },
    // An app's production build: its bundler replaces process.env.NODE_ENV, and the diagnostics drop out.
    plugins: [{ name: 'hark-size-entry', resolveId: (id) => (id === entry ? id : null), load: (id) => (id === entry ? `export { ${names.join(', ')} } from '${from}';` : null) }, resolve(), nodeEnv('production')],
  };
});

/**
 * Writes `<slug>.min.js` next to the chunks: the entry and every chunk it
 * imports statically, what the import costs before anything lazy loads.
 * `<slug>.lazy.json` lists the chunks loaded with `import()`, each with what it holds.
 */
function firstLoad(slug) {
  return {
    name: 'hark-size-first-load',
    writeBundle(options, bundle) {
      const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
      const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      const loaded = [];
      const visit = (chunk) => {
        if (loaded.includes(chunk)) return;
        loaded.push(chunk);
        chunk.imports.filter((name) => byName.has(name)).forEach((name) => visit(byName.get(name)));
      };
      visit(chunks.find((chunk) => chunk.isEntry));
      writeFileSync(join(options.dir, `../${slug}.min.js`), loaded.map((chunk) => chunk.code).join('\n'));
      const lazy = chunks.filter((chunk) => !loaded.includes(chunk)).map((chunk) => ({ file: chunk.fileName, modules: Object.keys(chunk.modules).map((id) => id.replace(root, '')) }));
      writeFileSync(join(options.dir, `../${slug}.lazy.json`), `${JSON.stringify(lazy, null, 2)}\n`);
    },
  };
}

export default [
  {
    // Measurement only (tests/size/budgets.mjs): @hark/react's ESM build as an app's bundler would minify it.
    input: join(root, 'packages/react/dist/index.js'),
    external: (id) => ['@hark/core', '@hark/widget', 'react'].some((dep) => id === dep || id.startsWith(`${dep}/`)),
    output: { file: join(root, 'tests/size/dist/react.min.js'), format: 'es', plugins: [minify()] },
  },
  ...measured,
];
