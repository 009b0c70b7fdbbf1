/** Copies the CSP nonce (default: `like`'s) and `like`'s `crossorigin` onto `tag`, then sets `attr` to `url`. */
function likeOurs<T extends HTMLScriptElement | HTMLLinkElement>(tag: T, attr: 'src' | 'href', url: string, like: Element | null, nonce?: string): T {
  const usedNonce = nonce ?? (like as HTMLScriptElement | null)?.nonce;
  if (usedNonce) tag.nonce = usedNonce;
  const crossOrigin = like?.getAttribute('crossorigin');
  if (crossOrigin !== null && crossOrigin !== undefined) tag.crossOrigin = crossOrigin;
  tag.setAttribute(attr, url);
  return tag;
}

/**
 * A `<script async src>` for one of Hark's own files, not yet appended. It
 * carries the CSP nonce (default: `like`'s) and copies `like`'s `crossorigin`,
 * so a CDN set up with SRI/CORS for the first file serves the rest.
 */
export function scriptTag(doc: Document, src: string, like: Element | null, nonce?: string): HTMLScriptElement {
  const tag = doc.createElement('script');
  tag.async = true;
  return likeOurs(tag, 'src', src, like, nonce);
}

/**
 * A `<link rel="preload" as="script">` for a file a `scriptTag` will ask for
 * later, not yet appended. Same nonce and `crossorigin` as that tag, so the
 * browser hands the preloaded response to it instead of fetching twice.
 */
export function preloadTag(doc: Document, href: string, like: Element | null, nonce?: string): HTMLLinkElement {
  const tag = doc.createElement('link');
  tag.rel = 'preload';
  tag.as = 'script';
  return likeOurs(tag, 'href', href, like, nonce);
}
