/** Languages written right to left. */
const RTL = ['ar', 'he', 'fa', 'ur'];

/** `'ar-EG'` → `'rtl'`. Hebrew, Persian and Urdu too, even without built-in strings. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return RTL.includes(locale.toLowerCase().split(/[-_]/)[0] ?? '') ? 'rtl' : 'ltr';
}
