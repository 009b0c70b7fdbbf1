import { fileURLToPath } from 'node:url';
import { devMessages, packageBuild } from '../../build/rollupConfig.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

// The client (.), the zod contract and scoring (./schema), the test doubles (./testing). Error
// messages are kept for development builds only (devMessages): production bundles carry the codes.
export default [
  packageBuild(here, { entries: { index: 'src/index.ts', 'schema/index': 'src/schema/index.ts', 'testing/index': 'src/testing/index.ts' }, after: [devMessages()] }),
];
