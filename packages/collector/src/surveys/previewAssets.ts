import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The script-tag files the preview serves: the bundle, its UI chunk and its language files. */
const PREVIEW_FILE = /^hark(-ui|-locale-[a-z]{2,3})?\.min\.js$/;

/** The SDK's script-tag build, as the preview page loads it. */
export interface PreviewAssets {
  /** A file's text, or null when it is not one of the preview's files. */
  file(name: string): string | null;
  /** The Subresource Integrity value of `hark.min.js` (`sha384-…`), so the page's tag pins it (and, through it, every file it loads). */
  readonly integrity: string | null;
}

/**
 * Finds `@hark/browser`'s built files (a dependency of the collector, for the
 * preview only). Null when they cannot be found: the preview then says so
 * instead of drawing the prompt.
 */
export function loadPreviewAssets(resolve: (id: string) => string = createRequire(import.meta.url).resolve): PreviewAssets | null {
  let dir: string;
  try {
    dir = dirname(resolve('@hark/browser/hark.min.js'));
  } catch {
    return null;
  }
  const cache = new Map<string, string>();
  let integrity: string | null = null;
  try {
    integrity = (JSON.parse(readFileSync(join(dir, 'hark.sri.json'), 'utf8')) as Record<string, string>)['hark.min.js'] ?? null;
  } catch {
    integrity = null;
  }
  return {
    integrity,
    file(name) {
      if (!PREVIEW_FILE.test(name)) return null;
      if (!cache.has(name)) {
        try {
          cache.set(name, readFileSync(join(dir, name), 'utf8'));
        } catch {
          return null;
        }
      }
      return cache.get(name)!;
    },
  };
}
