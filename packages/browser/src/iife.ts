import { scriptDeliveryLoader, scriptUiLoader } from '@hark/widget/script';
import { installHark } from './installHark.js';
import { SRI_HASHES } from './sriHashes.js';

// The script-tag entry. `currentScript` is only set while this file first runs,
// so the other files' address is worked out from it now, not when they are fetched.
if (typeof window !== 'undefined') {
  const script = document.currentScript;
  installHark(window, script, scriptUiLoader(window, script, SRI_HASHES), scriptDeliveryLoader(window, script, SRI_HASHES));
}
