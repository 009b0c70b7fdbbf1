import { installHark } from './installHark';

// The script-tag entry. `currentScript` is only set while this file first runs.
if (typeof window !== 'undefined') installHark(window, document.currentScript);
