import { fileURLToPath } from 'node:url';
import { packageBuild } from '../../build/rollupConfig.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

// The client (.), the zod contract and scoring (./schema), the test doubles (./testing).
export default [packageBuild(here, { entries: { index: 'src/index.ts', 'schema/index': 'src/schema/index.ts', 'testing/index': 'src/testing/index.ts' } })];
