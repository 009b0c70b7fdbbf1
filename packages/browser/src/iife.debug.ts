import { scriptUiLoader, UI_DEBUG_FILE } from '@hark/widget/script';
import { installHark } from './installHark.js';
import { SRI_HASHES } from './sriHashes.js';

// The debug build's entry (hark.debug.min.js): as iife.ts, with the UI chunk that keeps its diagnostics.
if (typeof window !== 'undefined') installHark(window, document.currentScript, scriptUiLoader(window, document.currentScript, SRI_HASHES, UI_DEBUG_FILE));
