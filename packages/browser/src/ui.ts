import { renderSurfaces } from '@hark/widget/ui';
import { registerUi } from './uiChunk.js';
import { scriptLocaleLoader } from './scriptUiLoader.js';

// The UI chunk's entry (hark-ui.min.js): widget, Preact, CSS and English, fetched by hark.min.js when
// needed. Other languages are files next to this one, which hark.min.js makes the tags for.
if (typeof window !== 'undefined') {
  registerUi(window, { mountSurfaces: (client, options, scriptFor) => renderSurfaces(client, { loadLocale: scriptLocaleLoader(window, scriptFor), ...options }) });
}
