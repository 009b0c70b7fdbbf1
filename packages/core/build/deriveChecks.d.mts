/** The modules the checks are derived from, by name (see schemaModules.ts). */
export type SchemaModules = Readonly<Record<'config' | 'refinements' | 'scoring' | 'survey' | 'wire', Readonly<Record<string, unknown>>>>;
/** One generated file: where it is written, its checks ([exported name, zod schema, module, what it checks]), and whether it is a function of lent combinators. */
export interface Output {
  readonly target: string;
  readonly roots: ReadonlyArray<readonly [string, string, string, string]>;
  readonly lent?: boolean;
}
/** The generated files: checks.generated.ts (config, survey) and recordCheck.generated.ts (a stored record, lent its combinators). */
export const OUTPUTS: readonly [Output, Output];
/** The text of one generated file (default: checks.generated.ts) for these schemas; throws on what check.ts cannot express, naming where. */
export function deriveChecks(modules: SchemaModules, output?: Output): string;
