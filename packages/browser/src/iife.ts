import { createHark, type Hark } from './createHark';

declare global {
  interface Window {
    hark?: Hark;
  }
}

// The script-tag entry: defines window.hark once. Loading the bundle twice keeps the first.
if (typeof window !== 'undefined' && !(window.hark && 'client' in window.hark)) {
  window.hark = createHark();
}
