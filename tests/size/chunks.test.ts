import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// What each built file carries, so nothing drifts back into the wrong one: core's default
// questions live in hark.min.js only, and only English ships with the widget.
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

  it('hark.min.js keeps core’s default questions, which records carry', () => {
    const core = read('packages/browser/dist/hark.min.js');
    expect(core).toContain(ENGLISH_QUESTION);
    expect(core).toContain(GERMAN_QUESTION);
  });

  it('hark-locale-de.min.js holds German only, registered on the shared symbol', () => {
    const de = read('packages/browser/dist/hark-locale-de.min.js');
    expect(de).toContain(GERMAN_WORD);
    expect(de).toContain('Symbol.for("hark.locales")');
    expect(de).not.toContain('Thank you');
  });

  it('@hark/widget’s ESM build imports each language lazily, for a bundler to split', () => {
    const index = read('packages/widget/dist/index.js');
    expect(index).not.toContain(GERMAN_WORD);
    const chunks = [...index.matchAll(/import\('\.\/([\w-]+\.js)'\)/g)].map((match) => match[1]!);
    expect(chunks).toHaveLength(8);
    const german = chunks.filter((file) => read(`packages/widget/dist/${file}`).includes(GERMAN_WORD));
    expect(german).toEqual([expect.stringMatching(/^de-/)]);
    expect(readdirSync('packages/widget/dist')).toEqual(expect.arrayContaining(chunks));
  });
});
