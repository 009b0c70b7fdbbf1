import { afterEach, describe, expect, it, vi } from 'vitest';
import { STYLES } from '../src/styles.css';
import { mount, survey, unmountAll } from './helpers';

afterEach(() => {
  vi.unstubAllGlobals();
  unmountAll();
});

describe('stylesheet delivery', () => {
  it('adopts a constructable stylesheet, with no <style> element to need a CSP exception', () => {
    const { shadow } = mount([survey({})], {}, { nonce: 'n0nce' });
    expect(shadow.adoptedStyleSheets).toHaveLength(1);
    expect(shadow.querySelector('style')).toBeNull();
  });

  it('falls back to a <style> element carrying the configured nonce where stylesheets cannot be constructed', () => {
    vi.stubGlobal(
      'CSSStyleSheet',
      class {
        replaceSync(): never {
          throw new TypeError('Illegal constructor');
        }
      },
    );
    const { shadow } = mount([survey({})], {}, { nonce: 'n0nce' });
    const style = shadow.querySelector('style');
    expect(style?.getAttribute('nonce')).toBe('n0nce');
    expect(style?.textContent).toBe(STYLES);
  });

  it('keeps the host element out of the page’s reach: one element, styles only inside its shadow root', () => {
    const { host } = mount([survey({})]);
    expect(document.querySelectorAll('hark-root')).toHaveLength(1);
    expect(document.head.querySelector('style')).toBeNull();
    expect(host.getAttribute('style') ?? '').toBe('');
  });
});
