import { scriptUiLoader } from '@hark/widget/script';
import { installHark } from './installHark.js';
import { SRI_HASHES } from './sriHashes.js';

// The script-tag entry. `currentScript` is only set while this file first runs,
// so the UI chunk's address is worked out from it now, not when it is fetched.
if (typeof window !== 'undefined') installHark(window, document.currentScript, scriptUiLoader(window, document.currentScript, SRI_HASHES));
