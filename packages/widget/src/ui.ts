// `@hark/widget/ui`: the prompt itself (Preact, its CSS, English). The host's default
// loader imports this module, so an app's bundler splits it into a chunk of its own.
import type { HarkClient } from '@hark/core';
import { importLocale } from './i18n/importLocale.js';
import { renderSurfaces, type Surfaces } from './renderSurfaces.js';
import { renderWidget, stringsLoader, type WidgetOptions } from './mountWidget.js';

export { renderSurfaces, importLocale };
export { EN } from './i18n/strings.js';

/**
 * Mounts the floating widget for `client` and returns `addInline` for inline
 * surveys. Another built-in language's strings are fetched with a dynamic
 * `import()` (`importLocale`) unless `options.loadLocale` says otherwise.
 */
export function mountSurfaces(client: HarkClient, options: WidgetOptions = {}): Surfaces {
  return renderSurfaces(client, { loadLocale: importLocale, ...options });
}

/** Renders only the floating prompt (or one inline surface with `container`); returns the cleanup. */
export function mountWidget(client: HarkClient, options: WidgetOptions = {}): () => void {
  return renderWidget(client, options, stringsLoader({ loadLocale: importLocale, ...options }));
}
