import { fileURLToPath } from 'node:url';
import { minifyCssPlugin } from '../../build/minifyCss.mjs';
import { devMessages, packageBuild } from '../../build/rollupConfig.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

// The host (.), the prompt (./ui), the script tag's loading of them (./script), and each
// language's strings (./locales/<lang>), which `importLocale` imports lazily and the script
// tag's language files are built from.
export default [packageBuild(here, { entries: { index: 'src/index.ts', ui: 'src/ui.ts', script: 'src/script.ts' }, plugins: [minifyCssPlugin()], after: [devMessages()] })];
