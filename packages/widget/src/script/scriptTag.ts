import { HarkError } from '@hark/core';

/** The name of the Trusted Types policy Hark creates for the scripts it injects, unless `trustedTypesPolicy` names another. */
export const TRUSTED_TYPES_POLICY = 'hark';

interface ScriptUrlPolicy {
  createScriptURL(url: string, uiUrl: string): unknown;
}

type TrustedTypesWindow = Window & {
  trustedTypes?: { createPolicy(name: string, rules: { createScriptURL(url: string, uiUrl?: string): string }): ScriptUrlPolicy };
};

const LANGUAGE_FILE = /\/hark-locale-[a-z]{2,3}\.min\.js$/;

/**
 * Whether `url` is one of the scripts Hark injects: the UI chunk at `uiUrl`,
 * or a language file in its folder, over http(s). Everything else is refused:
 * another host or folder, another file in the same folder (a CDN serves every
 * package from one host), a query or fragment on a language file, and
 * `javascript:`, `data:` or `blob:` URLs, whatever `uiUrl` says.
 */
export function isOwnScript(url: string, uiUrl: string, base: string): boolean {
  try {
    const target = new URL(url, base);
    const ui = new URL(uiUrl, base);
    if (target.protocol !== 'https:' && target.protocol !== 'http:') return false;
    if (target.href === ui.href) return true;
    return !target.search && !target.hash && LANGUAGE_FILE.test(target.pathname) && new URL('.', target).href === new URL('.', ui).href;
  } catch {
    return false;
  }
}

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
  /** The name Hark's Trusted Types policy is created under. */
  readonly policy: string;
}

/** Whether `like`, the tag that loaded hark.min.js, has an `integrity`, so that every file Hark injects carries one too. */
export const usesSri = (like: Element | null): boolean => !!like?.getAttribute('integrity');

/** Copies the nonce, `crossorigin` and, when the page uses SRI, `integrity` onto `tag`. */
function likeOurs<T extends HTMLScriptElement | HTMLLinkElement>(tag: T, integrity: string | undefined, injection: Injection): T {
  const { like, nonce } = injection;
  const usedNonce = nonce ?? (like as HTMLScriptElement | null)?.nonce;
  if (usedNonce) tag.nonce = usedNonce;
  const crossOrigin = like?.getAttribute('crossorigin');
  if (crossOrigin !== null && crossOrigin !== undefined) tag.crossOrigin = crossOrigin;
  // Only under SRI: an integrity needs CORS on a cross-origin file, which a page without it may not have set up.
  if (integrity && usesSri(like)) tag.integrity = integrity;
  return tag;
}

// One policy per page (a CSP may forbid a second one of the same name), made the first time a script is injected.
let policy: ScriptUrlPolicy | undefined;
let refusal: unknown;

/**
 * A `<script async src>` for one of Hark's files, not yet appended, with
 * `integrity` (the build's hash of that file) when the page uses SRI. On a
 * page with Trusted Types, `src` goes through Hark's own policy, created once
 * under `injection.policy`, which lets through nothing but Hark's files
 * (`isOwnScript`). Throws a `ui_unavailable` HarkError naming the policy
 * when the page enforces Trusted Types and its CSP does not allow it.
 */
export function scriptTag(doc: Document, url: string, integrity: string | undefined, injection: Injection): HTMLScriptElement {
  const tag = likeOurs(doc.createElement('script'), integrity, injection);
  tag.async = true;
  const { uiUrl, policy: policyName } = injection;
  const types = (doc.defaultView as TrustedTypesWindow | null)?.trustedTypes;
  if (types && !policy && refusal === undefined) {
    try {
      policy = types.createPolicy(policyName, {
        createScriptURL(input, ui) {
          if (typeof ui === 'string' && isOwnScript(input, ui, doc.baseURI)) return input;
          throw new TypeError(`not one of Hark's files: ${input}`);
        },
      });
    } catch (error) {
      refusal = error;
    }
  }
  try {
    tag.setAttribute('src', (policy ? policy.createScriptURL(url, uiUrl) : url) as string);
  } catch (error) {
    const why =
      refusal === undefined
        ? String(error)
        : `the page's CSP does not allow its Trusted Types policy "${policyName}": add ${policyName} to the trusted-types directive, or set trustedTypesPolicy to a name it allows`;
    // Kept in production: a CSP is often enforced there only, and this names its fix.
    throw new HarkError('ui_unavailable', /* kept */ `${url} cannot be loaded: ${why}`, { field: 'trustedTypesPolicy', cause: refusal ?? error, details: { url } });
  }
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
