import { hasOwn } from '../schema/check.js';
import type { UrlRule } from '../schema/survey.js';

const cache = new Map<string, RegExp | null>();

function compile(key: string, build: () => RegExp): RegExp | null {
  if (!cache.has(key)) {
    try {
      cache.set(key, build());
    } catch {
      cache.set(key, null);
    }
  }
  return cache.get(key) ?? null;
}

/** `/reports/*` → one path segment; `/reports/**` → anything below; a trailing `/` is optional. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source.replace(/\/$/, '')}/?$`);
}

function pathOf(href: string): string {
  try {
    return new URL(href).pathname;
  } catch {
    return href.split(/[?#]/)[0] ?? href;
  }
}

/**
 * True when `href` matches `rule`: a string is a glob on the path, the object
 * forms compare the full URL (`equals`, `startsWith`, `contains`, `matches`: a
 * RegExp source). An unusable rule matches nothing rather than everything.
 */
export function matchUrl(rule: UrlRule, href: string): boolean {
  if (typeof rule === 'string') return compile(`g:${rule}`, () => globToRegExp(rule))?.test(pathOf(href)) ?? false;
  if (hasOwn(rule, 'equals')) return href === rule.equals;
  if (hasOwn(rule, 'startsWith')) return href.startsWith(rule.startsWith);
  if (hasOwn(rule, 'contains')) return href.includes(rule.contains);
  return compile(`r:${rule.matches}`, () => new RegExp(rule.matches))?.test(href) ?? false;
}

/** Include/exclude lists: no include list means every URL; any exclude match wins. */
export function matchUrlLists(href: string, include: readonly UrlRule[] | undefined, exclude: readonly UrlRule[] | undefined): boolean {
  if (exclude?.some((rule) => matchUrl(rule, href))) return false;
  return !include || include.length === 0 || include.some((rule) => matchUrl(rule, href));
}

/** A short human form of a rule, for `explain()`. */
export function describeUrlRule(rule: UrlRule): string {
  if (typeof rule === 'string') return `path ${rule}`;
  const [key, value] = Object.entries(rule)[0]!;
  return `URL ${key} ${value}`;
}
