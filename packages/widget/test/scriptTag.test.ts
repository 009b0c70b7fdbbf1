import { afterEach, describe, expect, it, vi } from 'vitest';
import { isOwnScript } from '../src/script/scriptTag';

// How Hark injects its own files: Trusted Types (its own policy, which lets through nothing
// but Hark's files) and Subresource Integrity (each file's hash, when the page asked for SRI).
// Chromium runs the real thing (tests/browser/strict-policies.test.ts); this is the table.

const CDN = 'https://cdn.example/npm/@hark/browser@0.1.0/dist/';
const UI = `${CDN}hark-ui.min.js`;
const PAGE = 'https://app.example/shop/';

describe('isOwnScript: what Hark’s Trusted Types policy lets through', () => {
  it.each([
    [UI, 'the UI chunk'],
    [`${CDN}hark-locale-de.min.js`, 'a language file next to it'],
    [`${CDN}hark-locale-pt.min.js`, 'another one'],
  ])('allows %s (%s)', (url) => {
    expect(isOwnScript(url, UI, PAGE)).toBe(true);
  });

  it('allows the UI chunk wherever uiUrl puts it, renamed or relative, and its languages next to it', () => {
    expect(isOwnScript('/static/ui.js?v=3', '/static/ui.js?v=3', PAGE)).toBe(true);
    expect(isOwnScript('https://app.example/static/hark-locale-ja.min.js', '/static/ui.js?v=3', PAGE)).toBe(true);
  });

  it.each([
    [`${CDN}evil.js`, 'another file in the same folder (a CDN serves every package from one host)'],
    [`${CDN}hark-locale-de.min.js.evil.js`, 'a name that only starts like a language file'],
    [`${CDN}hark-locale-de.min.js?x=1`, 'a language file with a query'],
    [`${CDN}hark-locale-de.min.js#x`, 'a language file with a fragment'],
    [`${CDN}../evil/hark-locale-de.min.js`, 'a language file in a parent folder'],
    [`${CDN}%2e%2e/evil/hark-locale-de.min.js`, 'the same, percent-encoded'],
    [`${CDN}sub/hark-locale-de.min.js`, 'a language file in a sub-folder'],
    ['https://evil.example/npm/@hark/browser@0.1.0/dist/hark-locale-de.min.js', 'another host'],
    [`${UI}?v=2`, 'the UI chunk with another query'],
    ['javascript:alert(1)', 'javascript:'],
    ['data:text/javascript,alert(1)', 'data:'],
    ['blob:https://app.example/0b3f', 'blob:'],
    ['not a url at all', 'a relative path that is no Hark file'],
  ])('refuses %s (%s)', (url) => {
    expect(isOwnScript(url, UI, PAGE)).toBe(false);
  });

  it('refuses even its own uiUrl when that is not http(s)', () => {
    expect(isOwnScript('javascript:alert(1)', 'javascript:alert(1)', PAGE)).toBe(false);
    expect(isOwnScript('data:text/javascript,1', 'data:text/javascript,1', PAGE)).toBe(false);
  });
});

type Rules = { createScriptURL(url: string, ui?: string): string };

/** A stand-in for `window.trustedTypes` on a page that enforces them: a string assigned to `src` throws. */
function enforceTrustedTypes(allowed: (name: string) => boolean) {
  const policies: string[] = [];
  class Trusted {
    constructor(readonly value: string) {}
    toString() {
      return this.value;
    }
  }
  Object.defineProperty(window, 'trustedTypes', {
    configurable: true,
    value: {
      createPolicy(name: string, rules: Rules) {
        if (!allowed(name)) throw new TypeError(`Failed to execute 'createPolicy': Policy "${name}" disallowed.`);
        policies.push(name);
        return { createScriptURL: (url: string, ui?: string) => new Trusted(rules.createScriptURL(url, ui)) };
      },
    },
  });
  const setAttribute = HTMLScriptElement.prototype.setAttribute;
  vi.spyOn(HTMLScriptElement.prototype, 'setAttribute').mockImplementation(function (this: HTMLScriptElement, name: string, value: unknown) {
    if (name === 'src' && !(value instanceof Trusted)) throw new TypeError("This document requires 'TrustedScriptURL' assignment.");
    setAttribute.call(this, name, String(value));
  });
  return policies;
}

/** A fresh copy of the module: its one policy per page starts unmade. */
async function freshScriptTag() {
  vi.resetModules();
  return import('../src/script/scriptTag');
}

afterEach(() => {
  vi.restoreAllMocks();
  delete (window as { trustedTypes?: unknown }).trustedTypes;
});

const injection = (like: Element | null = null, policy = 'hark') => ({ like, uiUrl: UI, policy });

describe('scriptTag', () => {
  it('under Trusted Types, sets src through one policy named as configured, and refuses a URL that is not Hark’s', async () => {
    const policies = enforceTrustedTypes(() => true);
    const { scriptTag } = await freshScriptTag();
    expect(scriptTag(document, UI, undefined, injection(null, 'hark-widget')).src).toBe(UI);
    expect(scriptTag(document, `${CDN}hark-locale-de.min.js`, undefined, injection(null, 'hark-widget')).src).toBe(`${CDN}hark-locale-de.min.js`);
    expect(policies).toEqual(['hark-widget']);
    expect(() => scriptTag(document, `${CDN}evil.js`, undefined, injection())).toThrow(/evil\.js cannot be loaded: TypeError: not one of Hark's files: .*evil\.js/);
  });

  it('when the page’s CSP does not allow its policy, throws a ui_unavailable HarkError naming the policy and how to allow it', async () => {
    enforceTrustedTypes((name) => name !== 'hark');
    const { scriptTag } = await freshScriptTag();
    let error: unknown;
    try {
      scriptTag(document, UI, undefined, injection());
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'ui_unavailable', field: 'trustedTypesPolicy' });
    expect((error as Error).message).toContain(`the page's CSP does not allow its Trusted Types policy "hark"`);
    expect((error as Error).message).toContain('add hark to the trusted-types directive, or set trustedTypesPolicy');
  });

  it('without Trusted Types enforced, a policy the CSP refuses costs nothing: the URL is set as a string', async () => {
    Object.defineProperty(window, 'trustedTypes', {
      configurable: true,
      value: {
        createPolicy: () => {
          throw new TypeError('disallowed');
        },
      },
    });
    const { scriptTag } = await freshScriptTag();
    expect(scriptTag(document, UI, undefined, injection()).src).toBe(UI);
  });

  it('carries the file’s integrity only when the page loaded hark.min.js with one', async () => {
    const { scriptTag, preloadTag } = await freshScriptTag();
    const plain = document.createElement('script');
    plain.setAttribute('crossorigin', 'anonymous');
    const withSri = document.createElement('script');
    withSri.setAttribute('integrity', 'sha384-core');
    withSri.setAttribute('crossorigin', 'anonymous');
    expect(scriptTag(document, UI, 'sha384-ui', injection(plain)).getAttribute('integrity')).toBeNull();
    const tag = scriptTag(document, UI, 'sha384-ui', injection(withSri));
    expect(tag.getAttribute('integrity')).toBe('sha384-ui');
    expect(tag.crossOrigin).toBe('anonymous');
    expect(preloadTag(document, `${CDN}hark-locale-de.min.js`, injection(withSri)).getAttribute('integrity')).toBeNull();
  });
});
