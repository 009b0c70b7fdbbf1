import type { LoadUi } from './uiModule.js';

/**
 * The ESM default: a dynamic import, so an app's bundler puts the widget and
 * Preact in a chunk of their own. The script-tag build swaps this module for
 * `scriptUiLoader` (see rollup.config.mjs), because an IIFE cannot split.
 */
export const importWidget: LoadUi = () => import('@hark/widget');
