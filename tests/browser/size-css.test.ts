import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STYLES } from '../../packages/widget/src/styles.css';
import { useChromium } from './fixture';

// The widget's stylesheet is minified at build time (build/minifyCss.mjs). Chromium parses the
// source and the built text, and both must give the same rules: the build only drops bytes.
// Declarations that use var() keep their text as written, where whitespace around a comma means
// nothing; that is the one difference the comparison ignores.

const fixture = useChromium();

describe('the built stylesheet', () => {
  it('parses to exactly the rules of the source, in fewer bytes, in the ESM build and the UI chunk', async () => {
    // The dist is what npm users and the UI chunk get.
    const built = ((await import('../../packages/widget/dist/styles.css.js' as string)) as { STYLES: string }).STYLES;
    expect(built.length).toBeLessThan(STYLES.length * 0.9);
    expect(readFileSync('packages/browser/dist/hark-ui.min.js', 'utf8')).toContain(built.slice(0, 200));

    const page = await fixture.browser.newPage();
    try {
      const [source, minified] = await page.evaluate((sheets) => {
        const rules = (css: string) => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(css);
          return [...sheet.cssRules].map((rule) => rule.cssText.replace(/\s*,\s*/g, ','));
        };
        return sheets.map(rules);
      }, [STYLES, built]);
      expect(source!.length).toBeGreaterThan(40);
      expect(minified).toEqual(source);
    } finally {
      await page.close();
    }
  });
});
