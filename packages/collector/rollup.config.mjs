import { fileURLToPath } from 'node:url';
import { packageBuild } from '../../build/rollupConfig.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

// A Node package: the library and the `hark-collector` bin, its dependencies and Node's own modules left as imports.
export default [
  packageBuild(here, {
    entries: { index: 'src/index.ts', cli: 'src/cli.ts' },
    preserveModules: false,
    output: {
      // A stable name for the chunk both entries share, so rebuilds never leave stale copies in the package.
      chunkFileNames: '[name].js',
      banner: (chunk) => (chunk.fileName === 'cli.js' ? '#!/usr/bin/env node' : ''),
    },
  }),
];
