import { fileURLToPath } from 'node:url';
import { packageBuild } from '../../build/rollupConfig.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

// A Server Components tree (Next.js App Router) may import the provider only as a client module; rollup drops
// module-level directives from the sources it bundles, so the directive is the output's first line.
export default [packageBuild(here, { preserveModules: false, output: { banner: "'use client';" } })];
