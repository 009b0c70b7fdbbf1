/**
 * A few bytes of validation for the browser path. The zod schemas in this
 * folder are the contract (servers and the collector use them);
 * build/deriveChecks.mjs writes them out in these combinators
 * (checks.generated.ts) for `init()` and the outbox, which cannot ship zod, and
 * `test/schema/checkMatchesZod.test.ts` proves, with generated inputs, that both
 * accept the same values and report the same issues. The issues have zod's
 * shape, so `issuesToError` words them the same way.
 */

/** One problem found, in zod's issue shape. */
export interface Issue {
  readonly code: string;
  readonly path: PropertyKey[];
  readonly message: string;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly options?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly origin?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly inclusive?: boolean;
  readonly format?: string;
  readonly errors?: readonly (readonly Issue[])[];
  /** What was wrong with a record's key. */
  readonly issues?: readonly Issue[];
  /** Set on a wrong type, value or form: the enclosing object's refinements are then skipped, as in zod. */
  readonly fatal?: boolean;
}

/** Validates a value found at `path`, adding what is wrong to `issues`; returns the value to keep. */
export type Check = (value: unknown, path: PropertyKey[], issues: Issue[]) => unknown;

/**
 * A message, or a function that words it when an issue is found: the generated checks pass
 * development-only words so (src/dev.ts), which must not be read as the module loads.
 */
export type Words = string | (() => string);
const said = (words: Words): string => (typeof words === 'function' ? words() : words);

type Bounds = readonly [min?: number, max?: number, minMessage?: Words];

/** A rule on an already typed value: [passes, message, format (an `invalid_format` issue; none: `custom`), path within the value]. */
export type Refinement<T> = readonly [ok: (value: T) => boolean, message: Words, format?: string, at?: PropertyKey];

const INVALID = 'Invalid input';

const fatal = (issues: Issue[], path: PropertyKey[], issue: Omit<Issue, 'path' | 'message'> & { message?: string }) => {
  issues.push({ message: INVALID, ...issue, path, fatal: true });
};

const aborted = (issues: Issue[], from: number) => issues.slice(from).some((issue) => issue.fatal);

function bounds(issues: Issue[], path: PropertyKey[], origin: string, size: number, [min, max, minMessage]: Bounds): void {
  if (min !== undefined && size < min) issues.push({ code: 'too_small', origin, minimum: min, inclusive: true, path, message: minMessage === undefined ? INVALID : said(minMessage) });
  if (max !== undefined && size > max) issues.push({ code: 'too_big', origin, maximum: max, inclusive: true, path, message: INVALID });
}

function refine<T>(issues: Issue[], path: PropertyKey[], value: T, refinements: readonly Refinement<T>[]): void {
  for (const [ok, words, format, at] of refinements) {
    if (ok(value)) continue;
    const where = at === undefined ? path : [...path, at];
    const message = said(words);
    issues.push(format ? { code: 'invalid_format', origin: 'string', format, path: where, message } : { code: 'custom', path: where, message });
  }
}

/** A string, optionally with a length range and refinements (`z.string().check(...)`). */
export const str = (length: Bounds = [], ...refinements: Refinement<string>[]): Check => (value, path, issues) => {
  if (typeof value !== 'string') return fatal(issues, path, { code: 'invalid_type', expected: 'string' });
  bounds(issues, path, 'string', value.length, length);
  refine(issues, path, value, refinements);
  return value;
};

/**
 * A finite number; `int` first, as zod's `z.int()` check (a fraction is a wrong
 * type, beyond the safe range is too big or small), then the range
 * (`exclusiveMin` for `z.positive()`).
 */
export const num = (int: boolean, min?: number, max?: number, exclusiveMin?: boolean): Check => (value, path, issues) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fatal(issues, path, { code: 'invalid_type', expected: 'number' });
  if (int && !Number.isInteger(value)) return fatal(issues, path, { code: 'invalid_type', expected: 'int', format: 'safeint' });
  if (int && !Number.isSafeInteger(value)) {
    const [code, bound, limit] = value > 0 ? ['too_big', 'maximum', Number.MAX_SAFE_INTEGER] : ['too_small', 'minimum', Number.MIN_SAFE_INTEGER];
    issues.push({ code, origin: 'int', [bound]: limit, inclusive: true, path, message: INVALID });
  }
  if (min !== undefined && (exclusiveMin ? value <= min : value < min)) {
    issues.push({ code: 'too_small', origin: 'number', minimum: min, inclusive: !exclusiveMin, path, message: INVALID });
  }
  if (max !== undefined && value > max) issues.push({ code: 'too_big', origin: 'number', maximum: max, inclusive: true, path, message: INVALID });
  return value;
};

/** `true` or `false`. */
export const bool: Check = (value, path, issues) =>
  typeof value === 'boolean' ? value : fatal(issues, path, { code: 'invalid_type', expected: 'boolean' });

/** Any value that passes `test`, else a custom issue (`z.custom`). */
export const custom = (test: (value: unknown) => boolean, message: Words): Check => (value, path, issues) =>
  test(value) ? value : fatal(issues, path, { code: 'custom', message: said(message) });

/** One of some literal values (`z.enum`, `z.literal`). */
export const oneOf = (values: readonly unknown[]): Check => (value, path, issues) =>
  values.includes(value) ? value : fatal(issues, path, { code: 'invalid_value', values });

/** `undefined` passes (`z.optional`). */
export const opt = (check: Check): Check => (value, path, issues) => (value === undefined ? value : check(value, path, issues));

/** `null` passes (`z.nullable`). */
export const nullable = (check: Check): Check => (value, path, issues) => (value === null ? value : check(value, path, issues));

/** Anything (`z.unknown()`). */
export const any: Check = (value) => value;

/**
 * An array of items. Too long fails at once, before any item is read (a huge
 * array costs nothing); then every index is checked, a hole (`[a, , b]`) as an
 * `undefined` item, then the minimum length.
 */
export const arr = (item: Check, length: Bounds = []): Check => (value, path, issues) => {
  if (!Array.isArray(value)) return fatal(issues, path, { code: 'invalid_type', expected: 'array' });
  const max = length[1];
  if (max !== undefined && value.length > max) return fatal(issues, path, { code: 'too_big', origin: 'array', maximum: max, inclusive: true });
  const out: unknown[] = [];
  for (let index = 0; index < value.length; index++) out.push(item(value[index], [...path, index], issues));
  bounds(issues, path, 'array', value.length, length);
  return out;
};

/** `key` is the object's own property (`in` would also see what a page put on Object.prototype). */
export const hasOwn = <T extends object, K extends PropertyKey>(object: T, key: K): object is Extract<T, Partial<Record<K, unknown>>> =>
  Object.prototype.hasOwnProperty.call(object, key);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** zod's test: no constructor, or one whose prototype has its own `isPrototypeOf` (so objects from another frame pass). */
function isPlainObject(value: unknown): value is Record<PropertyKey, unknown> {
  if (!isObject(value)) return false;
  const { constructor } = value as { constructor?: unknown };
  if (constructor === undefined) return true;
  if (typeof constructor !== 'function') return true;
  const proto = (constructor as { prototype?: unknown }).prototype;
  return isObject(proto) && hasOwn(proto, 'isPrototypeOf');
}

/**
 * A plain object whose every value passes `entry` (`z.record(z.string(), entry)`),
 * then `refinements` on the copy unless something in it had the wrong form.
 * Own enumerable keys only; a symbol key is an issue; a `__proto__` key is dropped, never copied.
 */
export const rec = (entry: Check, ...refinements: Refinement<Record<string, unknown>>[]): Check => (value, path, issues) => {
  if (!isPlainObject(value)) return fatal(issues, path, { code: 'invalid_type', expected: 'record' });
  const start = issues.length;
  const out: Record<string, unknown> = {};
  for (const key of Reflect.ownKeys(value)) {
    if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(value, key)) continue;
    if (typeof key === 'symbol') {
      const keyIssue: Issue = { code: 'invalid_type', expected: 'string', path: [], message: INVALID };
      fatal(issues, [...path, key], { code: 'invalid_key', origin: 'record', issues: [keyIssue] });
      continue;
    }
    out[key] = entry(value[key], [...path, key], issues);
  }
  if (!aborted(issues, start)) refine(issues, path, out, refinements);
  return out;
};

/**
 * An object with known keys, read from its own properties (`z.strictObject`, or `z.object` when `strict` is
 * false: unknown keys are then dropped). Refinements run only when nothing in
 * it had the wrong type.
 */
export const obj = <T>(shape: Record<string, Check>, strict = true, ...refinements: Refinement<T>[]): Check => (value, path, issues) => {
  if (!isObject(value)) return fatal(issues, path, { code: 'invalid_type', expected: 'object' });
  const start = issues.length;
  const out: Record<string, unknown> = {};
  // Own keys only, on both sides: a page that adds an enumerable property to Object.prototype changes nothing here.
  for (const key of Object.keys(shape)) {
    const own = hasOwn(value, key);
    const result = shape[key]!(own ? value[key] : undefined, [...path, key], issues);
    if (own) out[key] = result;
  }
  const unknown = Object.keys(value).filter((key) => !hasOwn(shape, key));
  if (strict && unknown.length) issues.push({ code: 'unrecognized_keys', keys: unknown, path, message: INVALID });
  if (!aborted(issues, start)) refine(issues, path, out as T, refinements);
  return out;
};

/**
 * The first option that fits (`z.union`). When none does and exactly one
 * failed on details rather than form, its issues are the ones reported.
 */
export const union = (options: readonly Check[]): Check => (value, path, issues) => {
  const tried = options.map((option) => {
    const found: Issue[] = [];
    return { out: option(value, path, found), found };
  });
  const fit = tried.find(({ found }) => !found.length);
  if (fit) return fit.out;
  const close = tried.filter(({ found }) => !aborted(found, 0));
  if (close.length === 1) {
    issues.push(...close[0]!.found);
    return close[0]!.out;
  }
  const errors = tried.map(({ found }) => found.map((issue) => ({ ...issue, path: issue.path.slice(path.length) })));
  return fatal(issues, path, { code: 'invalid_union', errors });
};

/** The option named by `value[key]` (`z.discriminatedUnion`). */
export const tagged = (key: string, options: Readonly<Record<string, Check>>): Check => (value, path, issues) => {
  if (!isObject(value)) return fatal(issues, path, { code: 'invalid_type', expected: 'object' });
  const tag = value[key];
  const option = typeof tag === 'string' && hasOwn(options, tag) ? options[tag] : undefined;
  if (option) return option(value, path, issues);
  return fatal(issues, [...path, key], { code: 'invalid_union', errors: [], options: Object.keys(options) });
};

/** Runs a check from the root: the value to keep, or the issues. */
export function run<T>(check: Check, value: unknown): { ok: true; value: T } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const out = check(value, [], issues);
  return issues.length ? { ok: false, issues } : { ok: true, value: out as T };
}

/**
 * The combinators and `run`, as one object: what the client lends the
 * delivery code, which builds its record check of them
 * (recordCheck.generated.ts) rather than carry a second copy.
 */
export const CHECKER = { any, arr, bool, custom, nullable, num, obj, oneOf, opt, rec, str, tagged, union, run };
export type Checker = typeof CHECKER;
