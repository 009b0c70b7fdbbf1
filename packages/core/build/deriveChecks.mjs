// Writes the browser's checks, derived from the zod schemas (survey.ts, config.ts, wire.ts) so a
// schema is changed in one place: packages/core/src/schema/checks.generated.ts (init's config and a
// survey, for the boot code) and recordCheck.generated.ts (a stored record, for the delivery code).
// The browser path cannot ship zod (several KB gzip), so each zod schema is walked (its `_zod.def`)
// and written out as the small combinators of check.ts. A refinement zod holds as a function is found
// by identity among the exports of refinements.ts or scoring.ts and imported by that name. The record
// check is written as a function of the combinators, which the client lends the delivery code, so
// the delivery file carries no second copy of them.
//
//   node packages/core/build/deriveChecks.mjs           writes the files
//   node packages/core/build/deriveChecks.mjs --check   fails when a file differs from what it would write
//
// test/schema/checksGenerated.test.ts fails as well while a committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The files to write: where, and their checks (exported name, zod schema's name, the module that
 * holds it, what it checks); a `lent` file exports one function of the combinators (`Checker`).
 */
export const OUTPUTS = [
  {
    target: fileURLToPath(new URL('../src/schema/checks.generated.ts', import.meta.url)),
    roots: [
      ['CONFIG_CHECK', 'ConfigSchema', 'config', "`init`'s config (its surveys are checked one by one afterwards)"],
      ['SURVEY_CHECK', 'SurveySchema', 'survey', 'one survey definition'],
    ],
  },
  {
    target: fileURLToPath(new URL('../src/schema/recordCheck.generated.ts', import.meta.url)),
    roots: [['recordCheck', 'WireRecordSchema', 'wire', 'a stored record about to be sent']],
    lent: true,
  },
];

// Layout marks in an expression's text: a line break, one level deeper, one level back.
const NL = '\u0001';
const IN = '\u0002';
const OUT = '\u0003';

/** Turns layout marks into line breaks indented by depth. */
function layout(text) {
  let depth = 0;
  return text.replace(/[\u0001-\u0003]/g, (mark) => {
    if (mark === IN) depth += 1;
    else if (mark === OUT) depth -= 1;
    else return `\n${'  '.repeat(depth)}`;
    return '';
  });
}

/** One expression of the generated file; equal text is one node, so a repeated one can be named once. */
class Node {
  constructor(parts) {
    this.parts = parts;
    this.key = parts.map((part) => (typeof part === 'string' ? part : part.key)).join('');
    /** Its constant's name, should it be used more than once: from the schema path that first made it. */
    this.name = undefined;
  }
}

const capital = (word) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * A constant's name from a schema path as `walk` writes it (`SurveySchema.triggers[]<pageview>.url|0`):
 * the schema without "Schema", each key, `Item` for an array's element, `Value` for a record's,
 * `Option<n>` for a union's n-th member, the tag of a tagged union's member
 * (surveyTriggersItemPageviewUrlOption0). `optional` and `nullable` wrappers lead, so the
 * optional field and the value inside it get different names.
 */
function nameOf(path, wrappers) {
  const [root] = path.match(/^[^.[{|<]+/);
  const words = [root.replace(/Schema$/, '')];
  for (const [, key, list, record, option, tag] of path.slice(root.length).matchAll(/\.([^.[{|<]+)|(\[\])|(\{\})|\|(\d+)|<([^>]+)>/g)) {
    if (key ?? tag) words.push(...(key ?? tag).split(/[^A-Za-z0-9]+/));
    else if (list) words.push('item');
    else if (record) words.push('value');
    else words.push('option', option);
  }
  const name = [...wrappers, ...words].filter(Boolean).map(capital).join('');
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * A generated file's text (`output`, one of OUTPUTS), from the loaded modules: `{ survey, config,
 * wire, refinements, scoring }`. Throws on any zod feature check.ts cannot express, naming where it is.
 */
export function deriveChecks(modules, output = OUTPUTS[0]) {
  const nodes = new Map();
  const combinators = new Set();
  const named = new Map(); // value → [module, export name]
  for (const from of ['refinements', 'scoring']) {
    for (const [name, value] of Object.entries(modules[from])) if (!named.has(value)) named.set(value, [from, name]);
  }
  const imported = { refinements: new Set(), scoring: new Set() };

  const intern = (parts) => {
    const made = new Node(parts);
    if (!nodes.has(made.key)) nodes.set(made.key, made);
    return nodes.get(made.key);
  };
  const node = (strings, ...values) => {
    const parts = [];
    strings.forEach((text, index) => {
      if (text) parts.push(text);
      if (index < values.length) parts.push(...[values[index]].flat());
    });
    return intern(parts);
  };
  const use = (name) => (combinators.add(name), name);
  const ref = (value, where, what) => {
    const found = named.get(value);
    if (!found) throw new Error(`${where}: name this ${what} in refinements.ts so the browser check can import it`);
    imported[found[0]].add(found[1]);
    return found[1];
  };
  const messageOf = (check) => (check.error ? check.error({}) : undefined);
  // zod/mini carries no locale: an issue without a message of its own says 'Invalid input'.
  // A message of its own is a diagnostic, for development builds only (src/dev.ts): production keeps the path and code.
  let worded = false;
  const words = (message = 'Invalid input') => {
    if (message === 'Invalid input') return JSON.stringify(message);
    worded = true;
    // A function, read when an issue is found: `process` may be missing while the module loads (no bundler).
    return `() => dev(() => ${named.get(message)?.[0] === 'refinements' ? ref(message, '', 'message') : JSON.stringify(message)})`;
  };
  const args = (...list) => {
    while (list.length && list[list.length - 1] === undefined) list.pop();
    return list.map((arg) => (arg === undefined ? 'undefined' : arg)).join(', ');
  };
  const refinement = (check, where) => {
    const { fn, path } = check;
    if ((path?.length ?? 0) > 1) throw new Error(`${where}: a refinement's path may name one key`);
    const at = path?.length ? JSON.stringify(path[0]) : undefined;
    return `[${args(ref(fn, where, 'refinement'), words(messageOf(check)), undefined, at)}]`;
  };
  const format = (check, where) => {
    const source = named.has(check.pattern) ? ref(check.pattern, where, 'pattern') : String(check.pattern);
    return `[(value) => ${source}.test(value), ${words(messageOf(check))}, ${JSON.stringify(check.format)}]`;
  };

  /** The check for `schema` at `where`, named after the first path that made it (see `nameOf`). */
  function walk(schema, where) {
    const made = derive(schema, where);
    const wrappers = [];
    for (let def = schema._zod.def; def.type === 'optional' || def.type === 'nullable'; def = def.innerType._zod.def) wrappers.push(def.type);
    made.name ??= nameOf(where, wrappers);
    return made;
  }

  function derive(schema, where) {
    const def = schema._zod.def;
    const checks = (def.checks ?? []).map((check) => check._zod.def);
    const only = (...allowed) => {
      for (const check of checks) if (!allowed.includes(check.check)) throw new Error(`${where}: ${def.type} check "${check.check}" has no browser check`);
    };
    switch (def.type) {
      case 'optional':
        return node`${use('opt')}(${walk(def.innerType, where)})`;
      case 'nullable':
        return node`${use('nullable')}(${walk(def.innerType, where)})`;
      case 'unknown':
        return node`${use('any')}`;
      case 'boolean':
        return node`${use('bool')}`;
      case 'enum':
        return node`${use('oneOf')}(${JSON.stringify(Object.values(def.entries))})`;
      case 'literal':
        return node`${use('oneOf')}(${JSON.stringify(def.values)})`;
      case 'custom':
        return node`${use('custom')}(${ref(def.fn, where, 'custom test')}, ${words(messageOf(def))})`;
      case 'string': {
        const bounds = [];
        const rules = [];
        if (def.check === 'string_format') rules.push(format(def, where));
        for (const check of checks) {
          if (check.check === 'min_length' || check.check === 'max_length') {
            // check.ts reports lengths before rules; a length after a rule would change the issues' order.
            if (rules.length) throw new Error(`${where}: put length checks before refinements`);
            if (check.check === 'max_length' && messageOf(check)) throw new Error(`${where}: a maximum length takes no message`);
            if (check.check === 'min_length') [bounds[0], bounds[2]] = [check.minimum, messageOf(check) && words(messageOf(check))];
            else bounds[1] = check.maximum;
          } else if (check.check === 'string_format') rules.push(format(check, where));
          else if (check.check === 'custom') rules.push(refinement(check, where));
          // A transform (`z.toLowerCase()`) changes the output, not what passes: the browser keeps the
          // input as written, and checkMatchesZod.test.ts compares outputs wherever they are kept.
          else if (check.check !== 'overwrite') throw new Error(`${where}: string check "${check.check}" has no browser check`);
        }
        const length = bounds.length ? `[${args(...bounds)}]` : rules.length ? '[]' : '';
        return node`${use('str')}(${[length, ...rules].filter(Boolean).join(', ')})`;
      }
      case 'number': {
        only('number_format', 'greater_than', 'less_than');
        let int = false;
        let min;
        let max;
        let exclusive;
        for (const check of checks) {
          if (messageOf(check)) throw new Error(`${where}: a number check takes no message`);
          if (check.check === 'number_format') {
            if (check.format !== 'safeint') throw new Error(`${where}: number format "${check.format}" has no browser check`);
            int = true;
          } else if (check.check === 'greater_than') [min, exclusive] = [check.value, check.inclusive ? undefined : 'true'];
          else if (!check.inclusive) throw new Error(`${where}: an exclusive maximum has no browser check`);
          else max = check.value;
        }
        return node`${use('num')}(${args(String(int), min, max, exclusive)})`;
      }
      case 'array': {
        only('min_length', 'max_length');
        const bounds = [];
        for (const check of checks) {
          if (check.check === 'min_length') [bounds[0], bounds[2]] = [check.minimum, messageOf(check) && words(messageOf(check))];
          else if (messageOf(check)) throw new Error(`${where}: a maximum length takes no message`);
          else bounds[1] = check.maximum;
        }
        const item = walk(def.element, `${where}[]`);
        return bounds.length ? node`${use('arr')}(${item}, [${args(...bounds)}])` : node`${use('arr')}(${item})`;
      }
      case 'record': {
        only('custom');
        const key = def.keyType._zod.def;
        if (key.type !== 'string' || key.checks?.length) throw new Error(`${where}: a record's keys must be plain strings`);
        const rules = checks.map((check) => `, ${refinement(check, where)}`).join('');
        return node`${use('rec')}(${walk(def.valueType, `${where}{}`)}${rules})`;
      }
      case 'object':
        return object(def, checks, where);
      case 'union': {
        if (def.discriminator) return tagged(def, where);
        const options = def.options.map((option, index) => walk(option, `${where}|${index}`));
        return node`${use('union')}([${join(options)}])`;
      }
      default:
        throw new Error(`${where}: zod type "${def.type}" has no browser check`);
    }
  }

  function join(list, separator = ', ') {
    const parts = [];
    list.forEach((item, index) => {
      if (index) parts.push(separator);
      parts.push(item);
    });
    return parts;
  }

  function shapeOf(shape, where, replace = {}) {
    // Objects of more than two keys take a line per key, so a changed bound is a one-line diff.
    const long = Object.keys(shape).length > 2;
    const parts = [long ? `{${IN}${NL}` : '{ '];
    Object.entries(shape).forEach(([key, value], index) => {
      if (index) parts.push(long ? `,${NL}` : ', ');
      parts.push(`${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: `, replace[key] ?? walk(value, `${where}.${key}`));
    });
    parts.push(long ? `,${OUT}${NL}}` : ' }');
    return parts;
  }

  function object(def, checks, where, replace) {
    for (const check of checks) if (check.check !== 'custom') throw new Error(`${where}: object check "${check.check}" has no browser check`);
    const catchall = def.catchall?._zod.def.type;
    if (catchall !== undefined && catchall !== 'never') throw new Error(`${where}: only strict and stripping objects have a browser check`);
    const strict = catchall === 'never';
    const rules = checks.map((check) => refinement(check, where));
    const tail = rules.length ? `, ${strict}, ${rules.join(', ')}` : strict ? '' : ', false';
    const made = intern([use('obj'), '(', ...shapeOf(def.shape, where, replace), `${tail})`]);
    made.name ??= nameOf(where, []);
    return made;
  }

  function tagged(def, where) {
    const key = def.discriminator;
    const parts = [`{${IN}${NL}`];
    def.options.forEach((option, index) => {
      const optionDef = option._zod.def;
      const tag = optionDef.shape?.[key]?._zod.def;
      if (optionDef.type !== 'object' || tag?.type !== 'literal' || tag.values.length !== 1) {
        throw new Error(`${where}: each option needs one literal "${key}"`);
      }
      if (index) parts.push(`,${NL}`);
      // The tag already chose this option, so the option takes it as it is.
      const checks = (optionDef.checks ?? []).map((check) => check._zod.def);
      parts.push(`${JSON.stringify(tag.values[0])}: `, object(optionDef, checks, `${where}<${tag.values[0]}>`, { [key]: node`${use('any')}` }));
    });
    parts.push(`,${OUT}${NL}}`);
    return intern([use('tagged'), `(${JSON.stringify(key)}, `, ...parts, ')']);
  }

  const roots = output.roots.map(([name, schema, from, doc]) => [name, walk(modules[from][schema], schema), schema, from, doc]);

  // A node used more than once is written once, as a const, before its first use.
  const uses = new Map();
  const order = [];
  const count = (item) => {
    if (typeof item === 'string') return;
    uses.set(item, (uses.get(item) ?? 0) + 1);
    if (uses.get(item) > 1) return;
    item.parts.forEach(count);
    order.push(item);
  };
  roots.forEach(([, root]) => count(root));
  const names = new Map();
  for (const item of order) {
    if (uses.get(item) <= 1 || item.key.length <= 12) continue;
    if ([...names.values()].includes(item.name)) throw new Error(`two shared checks would both be named ${item.name}`);
    names.set(item, item.name);
  }
  const render = (item, top = false) =>
    typeof item === 'string' ? item : !top && names.has(item) ? names.get(item) : item.parts.map((part) => render(part)).join('');

  const schemas = [...new Set(output.roots.map(([, , from]) => `${from}.ts`))].join(', ');
  const lines = [
    `// Generated by packages/core/build/deriveChecks.mjs from the zod schemas in ${schemas}.`,
    '// Do not edit: change the schema, then run `npm run derive`. A test fails while this file is stale.',
    output.lent ? `import type { Check, Checker } from './check.js';` : `import { ${[...combinators].sort().join(', ')}, type Check } from './check.js';`,
  ];
  for (const from of ['refinements', 'scoring']) {
    if (imported[from].size) lines.push(`import { ${[...imported[from]].sort().join(', ')} } from './${from}.js';`);
  }
  if (worded) lines.push(`import { dev } from '../dev.js';`);
  lines.push('');
  const shared = [...names].map(([item, name]) => `const ${name} = ${render(item, true)};`);
  if (output.lent) {
    const [[name, root, schema, from, doc]] = roots;
    lines.push(
      `/** Checks ${doc} as ${schema} (${from}.ts) does, made of the combinators the client lends. */`,
      // One line of layout marks: the body's lines are indented a level as `layout` writes them out.
      `export const ${name} = ({ ${[...combinators].sort().join(', ')} }: Checker): Check => {${IN}${[...shared, `return ${render(root, true)};`].map((line) => `${NL}${line}`).join('')}${OUT}${NL}};`,
    );
    return layout(`${lines.join('\n')}\n`);
  }
  lines.push(...shared);
  for (const [name, root, schema, from, doc] of roots) {
    lines.push('', `/** Checks ${doc} as ${schema} (${from}.ts) does. */`, `export const ${name}: Check = ${render(root, true)};`);
  }
  return layout(`${lines.join('\n')}\n`);
}

/** Loads the schemas through vite (they are TypeScript), as one module graph so refinements keep their identity. */
async function loadModules() {
  const { runnerImport } = await import('vite');
  const { module } = await runnerImport(fileURLToPath(new URL('./schemaModules.ts', import.meta.url)));
  return module.modules;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const modules = await loadModules();
  for (const output of OUTPUTS) {
    const written = deriveChecks(modules, output);
    if (!process.argv.includes('--check')) writeFileSync(output.target, written);
    else if (readFileSync(output.target, 'utf8') !== written) {
      console.error(`${output.target} is stale: run \`npm run derive\` and commit it.`);
      process.exit(1);
    }
  }
}
