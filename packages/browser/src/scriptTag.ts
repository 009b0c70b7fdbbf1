/**
 * A `<script async src>` for one of Hark's own files, not yet appended. It
 * carries the CSP nonce (default: `like`'s) and copies `like`'s `crossorigin`,
 * so a CDN set up with SRI/CORS for the first file serves the rest.
 */
export function scriptTag(doc: Document, src: string, like: Element | null, nonce?: string): HTMLScriptElement {
  const tag = doc.createElement('script');
  tag.async = true;
  const usedNonce = nonce ?? (like as HTMLScriptElement | null)?.nonce;
  if (usedNonce) tag.nonce = usedNonce;
  const crossOrigin = like?.getAttribute('crossorigin');
  if (crossOrigin !== null && crossOrigin !== undefined) tag.crossOrigin = crossOrigin;
  tag.src = src;
  return tag;
}
