import { fileURLToPath } from 'node:url';
import { devMessages, packageBuild } from '../../build/rollupConfig.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

// The client (.), the client without its delivery code (./boot) and that code (./delivery), the zod
// contract and scoring (./schema), the test doubles (./testing). Error messages are kept for development builds only (devMessages): production
// bundles carry the codes.
export default [
  packageBuild(here, { entries: { index: 'src/index.ts', boot: 'src/boot.ts', 'delivery/index': 'src/delivery/index.ts', 'schema/index': 'src/schema/index.ts', 'testing/index': 'src/testing/index.ts' }, after: [devMessages()] }),
];
