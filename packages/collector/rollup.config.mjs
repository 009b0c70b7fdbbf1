import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageBuild } from '../../build/rollupConfig.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The survey editor's preview draws the prompt with the script-tag build itself: its files (with
 * their SRI hashes) are copied into this package, so the collector needs no dependency on
 * @hark/browser and always carries the build it was made with. @hark/browser builds first.
 */
const previewFiles = () => ({
  name: 'collector-preview-files',
  writeBundle() {
    const from = join(here, '../browser/dist');
    const to = join(here, 'dist/preview');
    mkdirSync(to, { recursive: true });
    for (const file of readdirSync(from).filter((name) => /^hark(-ui(\.sri)?|-delivery|-locale-[a-z]+)?\.min\.js$|^hark\.sri\.json$/.test(name))) copyFileSync(join(from, file), join(to, file));
  },
});

// A Node package: the library and the `hark-collector` bin, its dependencies and Node's own modules left as imports.
export default [
  packageBuild(here, {
    entries: { index: 'src/index.ts', cli: 'src/cli.ts' },
    preserveModules: false,
    plugins: [previewFiles()],
    output: {
      // A stable name for the chunk both entries share, so rebuilds never leave stale copies in the package.
      chunkFileNames: '[name].js',
      banner: (chunk) => (chunk.fileName === 'cli.js' ? '#!/usr/bin/env node' : ''),
    },
  }),
];
