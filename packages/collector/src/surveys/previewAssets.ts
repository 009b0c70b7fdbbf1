import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The script-tag files the preview serves: the bundle, its UI chunk (the SRI one, as the page pins hark.min.js), its delivery code and its language files. */
const PREVIEW_FILE = /^hark(-ui(\.sri)?|-delivery|-locale-[a-z]{2,3})?\.min\.js$/;

/** The SDK's script-tag build, as the preview page loads it. */
export interface PreviewAssets {
  /** A file's text, or null when it is not one of the preview's files. */
  file(name: string): string | null;
  /** The Subresource Integrity value of `hark.min.js` (`sha384-…`), so the page's tag pins it (and, through it, every file it loads). */
  readonly integrity: string | null;
}

/**
 * Where the script-tag files are: copied into the package's `dist/preview/`
 * by the build; in this repository's sources, `@hark/browser`'s own build.
 */
const FOLDERS = [new URL('./preview/', import.meta.url), new URL('../../../browser/dist/', import.meta.url)];

/** Finds the script-tag files. Null when there are none: the preview then says so instead of drawing the prompt. */
export function loadPreviewAssets(folders: readonly URL[] = FOLDERS): PreviewAssets | null {
  const folder = folders.find((candidate) => existsSync(fileURLToPath(new URL('hark.min.js', candidate))));
  if (!folder) return null;
  const read = (name: string) => readFileSync(fileURLToPath(new URL(name, folder)), 'utf8');
  let integrity: string | null = null;
  try {
    integrity = (JSON.parse(read('hark.sri.json')) as Record<string, string>)['hark.min.js'] ?? null;
  } catch {
    integrity = null;
  }
  const cache = new Map<string, string>();
  return {
    integrity,
    file(name) {
      if (!PREVIEW_FILE.test(name)) return null;
      if (!cache.has(name)) {
        try {
          cache.set(name, read(name));
        } catch {
          return null;
        }
      }
      return cache.get(name)!;
    },
  };
}
