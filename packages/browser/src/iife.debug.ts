import { DELIVERY_DEBUG_FILE, scriptDeliveryLoader, scriptUiLoader } from '@hark/widget/script';
import { installHark } from './installHark.js';
import { SRI_HASHES } from './sriHashes.js';

// The debug build's entry (hark.debug.min.js): as iife.ts, with the delivery code that words its errors.
if (typeof window !== 'undefined') {
  const script = document.currentScript;
  installHark(window, script, scriptUiLoader(window, script, SRI_HASHES), scriptDeliveryLoader(window, script, SRI_HASHES, DELIVERY_DEBUG_FILE));
}
