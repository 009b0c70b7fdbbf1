import { mountSurfaces } from '@hark/widget';
import { registerUi } from './registerUi.js';
import { scriptLocaleLoader } from './scriptLocaleLoader.js';

// The UI chunk's entry (hark-ui.min.js): widget, Preact, CSS and English, fetched by hark.min.js when
// needed. Other languages are files next to this one, found from its own <script> (set only now).
if (typeof window !== 'undefined') {
  const loadLocale = scriptLocaleLoader(window, document.currentScript);
  registerUi(window, { mountSurfaces: (client, options) => mountSurfaces(client, { loadLocale, ...options }) });
}
