import { registerUi, scriptLocaleLoader } from '@hark/widget/script';
import { renderSurfaces } from '@hark/widget/ui';
import { SRI_HASHES } from './sriHashes.js';

// The UI chunk's entry (hark-ui.min.js): widget, Preact, CSS and English, fetched by hark.min.js when
// needed. Other languages are files next to this one, which hark.min.js makes the tags for.
if (typeof window !== 'undefined') {
  registerUi(window, { mountSurfaces: (client, options, scriptFor) => renderSurfaces(client, { loadLocale: scriptLocaleLoader(window, scriptFor, SRI_HASHES), ...options }) });
}
