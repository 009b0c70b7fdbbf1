/** One byte budget: which files count, the target and the enforced limit, in gzip bytes. */
export interface Budget {
  readonly name: string;
  readonly files: readonly string[];
  readonly target: number;
  readonly limit: number;
}
/** Min, gzip and brotli bytes. */
export interface Size {
  readonly min: number;
  readonly gzip: number;
  readonly brotli: number;
}
/** Every budget, in the order the table prints them. */
export const BUDGETS: readonly Budget[];
/** One import an app makes, measured on its own (size-limit's habit); each is also a budget. */
export interface ExportBudget {
  readonly slug: string;
  readonly from: string;
  readonly names: readonly string[];
  readonly limit: number;
}
/** The imports measured one by one. */
export const EXPORTS: readonly ExportBudget[];
/** The largest of the script tag's language files (`hark-locale-<lang>.min.js`), which has a budget line. */
export const LARGEST_LOCALE_FILE: string;
/** The loader snippet's budget. */
export const SNIPPET_BUDGET: Budget;
/** Min, gzip and brotli sizes of some files taken together. */
export function measure(files: readonly string[]): Size;
/** Every budget with its measured sizes (`size` is null when a file is not built). */
export function measureBudgets(): Array<Budget & { readonly missing: string[]; readonly size: Size | null }>;
/** A markdown table of every budget: min, gzip, brotli, limit and target. */
export function sizeTable(): string;
