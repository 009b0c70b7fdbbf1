/** Where the derived checks are written: packages/core/src/schema/checks.generated.ts. */
export const TARGET: string;
/** The modules the checks are derived from, by name (see schemaModules.ts). */
export type SchemaModules = Readonly<Record<'config' | 'refinements' | 'scoring' | 'survey' | 'wire', Readonly<Record<string, unknown>>>>;
/** The text of checks.generated.ts for these schemas; throws on what check.ts cannot express, naming where. */
export function deriveChecks(modules: SchemaModules): string;
