// Types `window.hark` (and the global `hark`) for pages that load the script tag: import this
// module's types once (`import type {} from '@hark/browser/global'`), and every call on the
// global is checked like the package's own API. Kept out of the package's sources, whose own
// code gives the global other shapes while the snippet or the bundle defines it.
import type { Hark } from './dist/index.js';

declare global {
  interface Window {
    /** Hark's script tag: defined by the snippet at once, or by hark.min.js when it loads. */
    hark: Hark;
  }
  /** The same object as `window.hark`. */
  var hark: Hark;
}

export {};
