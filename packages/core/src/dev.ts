// Bundlers replace this for production builds (the script tag's files are built so); no Node typings in core.
declare const process: { readonly env: { readonly NODE_ENV?: string } };

/**
 * Words for people reading diagnostics: `explain()`'s reasons and outcomes,
 * trigger descriptions, the debug log. Development builds say `words()`;
 * production builds say '' and their minifier drops the words with the
 * branch, the way error messages are dropped (see build/rollupConfig.mjs).
 */
export const dev = (words: () => string): string => (process.env.NODE_ENV !== 'production' ? words() : '');
