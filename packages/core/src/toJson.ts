// Hark writes JSON itself instead of calling the page's JSON.stringify: pages
// replace it (json2/json3-style polyfills, wrappers that return undefined),
// and pages that patch Array.prototype.toJSON (Prototype.js) make the native
// one write every array as a string. Capturing the native function at load
// would not help: the async snippet loads Hark after the page's libraries.

// Escapes what JSON.stringify escapes: quote, backslash, control characters, and lone surrogates
// (a well-formed pair, matched first, is kept as it is).
const ESCAPED = /[\ud800-\udbff][\udc00-\udfff]|["\\\u0000-\u001f\ud800-\udfff]/g;
const SHORT = '"\\\b\f\n\r\t';
const SHORT_NAMES = '"\\bfnrt';

const quote = (text: string): string =>
  `"${text.replace(ESCAPED, (char) => {
    if (char.length > 1) return char;
    const short = SHORT.indexOf(char);
    return `\\${short < 0 ? `u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : SHORT_NAMES[short]}`;
  })}"`;

function write(key: string, value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    // A Date's own toJSON counts; one the page put on Object.prototype does not.
    if (typeof toJSON === 'function' && toJSON !== (Object.prototype as { toJSON?: unknown }).toJSON) value = toJSON.call(value, key);
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'object':
      break;
    default:
      // undefined, functions and symbols: left out of objects, null in arrays.
      return undefined;
  }
  if (Array.isArray(value)) {
    // Whatever toJSON an array has came from the page: arrays have none of their own.
    const items: string[] = [];
    for (let index = 0; index < value.length; index++) items.push(write(String(index), value[index]) ?? 'null');
    return `[${items.join(',')}]`;
  }
  const members: string[] = [];
  for (const name of Object.keys(value as object)) {
    const member = write(name, (value as Record<string, unknown>)[name]);
    if (member !== undefined) members.push(`${quote(name)}:${member}`);
  }
  return `{${members.join(',')}}`;
}

/**
 * `value` as JSON text, as the native `JSON.stringify(value)` writes it, but
 * whatever the page did to `JSON.stringify`, `Array.prototype.toJSON` or
 * `Object.prototype.toJSON`: a `toJSON` of the value's own class (a Date's)
 * is still honoured. A bigint is written as a number. `undefined` when the
 * value has no JSON form (a function, `undefined`); a cycle throws (a RangeError).
 */
export function toJson(value: unknown): string | undefined {
  return write('', value);
}
