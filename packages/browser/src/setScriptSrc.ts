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

// One policy per page (a CSP may forbid a second one of the same name), made the first time a script is injected.
let policy: ScriptUrlPolicy | undefined;
let refusal: unknown;

/**
 * Sets `tag.src` to `url`, one of Hark's own files next to `uiUrl`. On a page
 * with Trusted Types (`window.trustedTypes`), the URL goes through Hark's own
 * policy, created once under `policyName`, which lets through nothing but
 * Hark's files (`isOwnScript`). Throws a `ui_unavailable` HarkError naming the
 * policy when the page enforces Trusted Types and its CSP does not allow it.
 */
export function setScriptSrc(tag: HTMLScriptElement, url: string, uiUrl: string, policyName: string): void {
  const win = tag.ownerDocument.defaultView as TrustedTypesWindow | null;
  const types = win?.trustedTypes;
  if (types && !policy && refusal === undefined) {
    try {
      policy = types.createPolicy(policyName, {
        createScriptURL(input, ui) {
          if (typeof ui === 'string' && isOwnScript(input, ui, tag.ownerDocument.baseURI)) return input;
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
    throw new HarkError('ui_unavailable', `${url} cannot be loaded: ${why}`, { field: 'trustedTypesPolicy', cause: refusal ?? error });
  }
}
