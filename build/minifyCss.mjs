// Build-time CSS minification for the widget's `*.css.ts` modules, whose
// stylesheets are template literals. Only the CSS text changes: the code, the
// `${…}` interpolations and what each rule means stay as written
// (tests/browser/size-css.test.ts compares the parsed rules in Chromium).
import ts from 'typescript';

// Quoted strings are kept verbatim; everything between them is minified.
const QUOTED = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/;

/**
 * Strips comments and collapses whitespace, dropping it around `{ } ; ,` and
 * after `:`, where CSS never needs it. Whitespace elsewhere (a descendant
 * combinator, `calc(a + b)`, the edge of an interpolation) becomes one space.
 */
export function minifyCss(css) {
  return css
    .split(QUOTED)
    .map((part, i) =>
      i % 2
        ? part
        : part
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            .replace(/ ?([{};,]) ?/g, '$1')
            .replace(/: /g, ':')
            .replace(/;}/g, '}'),
    )
    .join('');
}

/** `code` (a TypeScript module) with the text of every template literal passed through `minifyCss`. */
export function minifyCssTemplates(code, fileName) {
  const file = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits = [];
  const visit = (node) => {
    const kind = node.kind;
    const K = ts.SyntaxKind;
    if (kind === K.NoSubstitutionTemplateLiteral || kind === K.TemplateHead || kind === K.TemplateMiddle || kind === K.TemplateTail) {
      // The token includes its delimiters: '`' or '}' before the text, '`' or '${' after it.
      const opens = kind === K.NoSubstitutionTemplateLiteral || kind === K.TemplateHead;
      const closes = kind === K.NoSubstitutionTemplateLiteral || kind === K.TemplateTail;
      const start = node.getStart(file) + 1;
      const end = node.end - (closes ? 1 : 2);
      edits.push({ start, end, opens, closes });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = code;
  for (const { start, end, opens, closes } of edits.sort((a, b) => b.start - a.start)) {
    let css = minifyCss(out.slice(start, end));
    // A literal's own ends hold no token; at an interpolation the space may separate two (`hark-in ${ms}ms`).
    if (opens) css = css.trimStart();
    if (closes) css = css.trimEnd();
    out = out.slice(0, start) + css + out.slice(end);
  }
  return out;
}

/**
 * A rollup plugin running `minifyCssTemplates` over the `*.css.ts` modules,
 * as the TypeScript plugin (which loads them) compiled them: the literals are
 * the same in its ES2020 output.
 */
export function minifyCssPlugin() {
  return {
    name: 'hark-minify-css',
    transform(code, id) {
      // Only string contents shrink, so the earlier mappings stay close enough for these constants.
      return id.endsWith('.css.ts') ? { code: minifyCssTemplates(code, id), map: null } : null;
    },
  };
}
