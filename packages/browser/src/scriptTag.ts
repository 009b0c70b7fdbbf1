import { setScriptSrc } from './setScriptSrc.js';

/** How Hark injects its own files (the UI chunk, the language files): the same way for each. */
export interface Injection {
  /**
   * The tag that loaded `hark.min.js`. Its CSP nonce (unless `nonce` is
   * given) and `crossorigin` are copied, so a CDN set up with CORS for the
   * first file serves the rest; when it carries an `integrity`, so does each
   * file Hark injects (its own, from the build).
   */
  readonly like: Element | null;
  readonly nonce?: string;
  /** Where the UI chunk is served; the language files are in the same folder. */
  readonly uiUrl: string;
  /** Name of Hark's Trusted Types policy (`setScriptSrc`). */
  readonly policy: string;
}

/** Whether the page loaded hark.min.js with an `integrity`, so that every file Hark injects carries one too. */
export const usesSri = ({ like }: Injection): boolean => !!like?.getAttribute('integrity');

/** Copies the nonce, `crossorigin` and, when the page uses SRI, `integrity` onto `tag`. */
function likeOurs<T extends HTMLScriptElement | HTMLLinkElement>(tag: T, integrity: string | undefined, injection: Injection): T {
  const { like, nonce } = injection;
  const usedNonce = nonce ?? (like as HTMLScriptElement | null)?.nonce;
  if (usedNonce) tag.nonce = usedNonce;
  const crossOrigin = like?.getAttribute('crossorigin');
  if (crossOrigin !== null && crossOrigin !== undefined) tag.crossOrigin = crossOrigin;
  // Only under SRI: an integrity needs CORS on a cross-origin file, which a page without it may not have set up.
  if (integrity && usesSri(injection)) tag.integrity = integrity;
  return tag;
}

/**
 * A `<script async src>` for one of Hark's files, not yet appended, with
 * `integrity` (the build's hash of that file) when the page uses SRI. Throws
 * a HarkError when the page's Trusted Types refuse the URL.
 */
export function scriptTag(doc: Document, src: string, integrity: string | undefined, injection: Injection): HTMLScriptElement {
  const tag = likeOurs(doc.createElement('script'), integrity, injection);
  tag.async = true;
  setScriptSrc(tag, src, injection.uiUrl, injection.policy);
  return tag;
}

/**
 * A `<link rel="preload" as="script">` for a file a `scriptTag` will ask for
 * later, not yet appended. Same nonce and `crossorigin` as that tag, so the
 * browser hands the preloaded response to it instead of fetching twice.
 */
export function preloadTag(doc: Document, href: string, injection: Injection): HTMLLinkElement {
  const tag = likeOurs(doc.createElement('link'), undefined, injection);
  tag.rel = 'preload';
  tag.as = 'script';
  tag.href = href;
  return tag;
}
