import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// What each built file carries, so nothing drifts back into the wrong one: core's default
// questions in English live in hark.min.js, each other language's in its own language file
// beside that language's strings, and only English ships with the widget.
const read = (file: string) => readFileSync(file, 'utf8');
const GERMAN_WORD = 'Schließen';
const GERMAN_QUESTION = 'Wie wahrscheinlich ist es';
const ENGLISH_QUESTION = 'How likely are you to recommend us to a friend or colleague?';

describe('what each built file carries', () => {
  it('hark-ui.min.js: English, and neither another language nor a second copy of core’s default questions', () => {
    const ui = read('packages/browser/dist/hark-ui.min.js');
    expect(ui).toContain('"Thank you for your feedback!"');
    for (const text of [GERMAN_WORD, GERMAN_QUESTION, ENGLISH_QUESTION, 'إرسال', '送信']) expect(ui).not.toContain(text);
  });

  it('hark.min.js keeps core’s default questions in English, which records carry; each other language’s come in its language file, not with the delivery code', () => {
    const core = read('packages/browser/dist/hark.min.js');
    expect(core).toContain(ENGLISH_QUESTION);
    const others = { de: GERMAN_QUESTION, ar: 'ما مدى احتمال', ja: '友人や同僚に' };
    const delivery = read('packages/browser/dist/hark-delivery.min.js');
    for (const text of Object.values(others)) {
      expect(core).not.toContain(text);
      expect(delivery).not.toContain(text);
    }
    for (const [lang, text] of Object.entries(others)) {
      const file = read(`packages/browser/dist/hark-locale-${lang}.min.js`);
      expect(file).toContain(text);
      expect(file).toContain('Symbol.for("hark.questions")');
      for (const other of Object.values(others)) if (other !== text) expect(file).not.toContain(other);
    }
  });

  it('the answer path (choose, submit, a held score released) is in hark-delivery.min.js, not hark.min.js', () => {
    // Its one error code of its own, which production builds keep.
    expect(read('packages/browser/dist/hark.min.js')).not.toContain('comment_dropped');
    expect(read('packages/browser/dist/hark-delivery.min.js')).toContain('"comment_dropped"');
  });

  it('hark.min.js and both UI chunks open with V8’s compile hint, on their first line where V8 reads it; the debug build does not', () => {
    for (const file of ['hark.min.js', 'hark-ui.min.js', 'hark-ui.sri.min.js']) expect(read(`packages/browser/dist/${file}`).split('\n')[0]).toBe('//# allFunctionsCalledOnLoad');
    expect(read('packages/browser/dist/hark.debug.min.js')).not.toContain('allFunctionsCalledOnLoad');
  });

  it('hark-locale-de.min.js holds German only, registered on the shared symbol', () => {
    const de = read('packages/browser/dist/hark-locale-de.min.js');
    expect(de).toContain(GERMAN_WORD);
    expect(de).toContain('Symbol.for("hark.locales")');
    expect(de).not.toContain('Thank you');
  });

  it('@hark/widget’s ESM build imports each language lazily, for a bundler to split', () => {
    const loader = read('packages/widget/dist/i18n/importLocale.js');
    expect(loader).not.toContain(GERMAN_WORD);
    const chunks = [...loader.matchAll(/import\('\.\/(locales\/[\w-]+\.js)'\)/g)].map((match) => match[1]!);
    expect(chunks).toHaveLength(8);
    const german = chunks.filter((file) => read(`packages/widget/dist/i18n/${file}`).includes(GERMAN_WORD));
    expect(german).toEqual(['locales/de.js']);
  });

  it('@hark/widget’s main entry (the host) imports no Preact and no prompt: those are @hark/widget/ui', () => {
    const files = ['index.js', 'createHost.js', 'whenIdle.js', 'defineSurveyElement.js'];
    const imports = files.flatMap((file) => [...read(`packages/widget/dist/${file}`).matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((match) => match[1]!));
    expect(imports.filter((id) => !id.startsWith('@hark/core'))).toEqual(['./createHost.js', './defineSurveyElement.js', './whenIdle.js']);
  });

  it('carries the Subresource Integrity chain: hark.min.js the SRI UI chunk’s and the delivery file’s hashes (hark.debug.min.js its debug delivery file’s), that UI chunk each language file’s, and hark.sri.json all of them as built; the UI chunk of pages without SRI carries none', () => {
    const dist = 'packages/browser/dist/';
    const sri = (file: string) => `sha384-${createHash('sha384').update(readFileSync(`${dist}${file}`)).digest('base64')}`;
    const languages = readdirSync(dist).filter((file) => /^hark-locale-[a-z]+\.min\.js$/.test(file));
    expect(languages).toHaveLength(8);
    const table = JSON.parse(read(`${dist}hark.sri.json`)) as Record<string, string>;
    expect(Object.keys(table).sort()).toEqual(['hark-delivery.debug.min.js', 'hark-delivery.min.js', 'hark-ui.min.js', 'hark-ui.sri.min.js', 'hark.debug.min.js', 'hark.min.js', ...languages].sort());
    for (const [file, integrity] of Object.entries(table)) expect(integrity, file).toBe(sri(file));
    for (const [core, injects] of [
      ['hark.min.js', ['hark-ui.sri.min.js', 'hark-delivery.min.js']],
      ['hark.debug.min.js', ['hark-ui.sri.min.js', 'hark-delivery.debug.min.js']],
    ] as const) {
      for (const file of injects) expect(read(`${dist}${core}`), `${core}: ${file}`).toContain(`"${file}","${sri(file)}"`);
    }
    const ui = read(`${dist}hark-ui.sri.min.js`);
    for (const file of languages) expect(ui, file).toContain(`"${file}","${sri(file)}"`);
    expect(read(`${dist}hark-ui.min.js`)).not.toContain('sha384-');
  });
});
