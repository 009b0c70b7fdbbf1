/**
 * The Subresource Integrity of each file hark.min.js injects (the UI chunk and
 * the language files), by file name. Empty here: the build computes them from
 * the built files and writes them into hark.min.js (rollup.config.mjs), so one
 * `integrity` on the page's `<script src=".../hark.min.js">` covers every file
 * Hark runs.
 */
export const SRI_HASHES: ReadonlyMap<string, string> = new Map();
