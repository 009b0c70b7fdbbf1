/** The published packages, by name → folder. */
export const PACKAGES: Readonly<Record<string, string>>;
/** `npm pack`s every package into `dest` (default: a fresh temporary folder); name → absolute tarball path. */
export function packTarballs(dest?: string): Record<string, string>;
/** Points the app's @hark dependencies at the tarballs and runs `npm install`; returns the @hark packages installed. */
export function installTarballs(appDir: string, tarballs: Readonly<Record<string, string>>, options?: { log?: (line: string) => void }): string[];
/** Copies an example (its own files only) to `dest`; returns `dest`. */
export function copyExample(exampleDir: string, dest: string): string;
/** Rewrites an example's package-lock.json (registry packages only). */
export function refreshLock(exampleDir: string): void;
