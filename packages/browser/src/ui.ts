import { mountSurfaces } from '@hark/widget';
import { registerUi } from './registerUi';

// The UI chunk's entry (hark-ui.min.js): widget, Preact and CSS, fetched by hark.min.js when needed.
if (typeof window !== 'undefined') registerUi(window, { mountSurfaces });
