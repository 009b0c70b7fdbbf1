import { useLayoutEffect } from 'preact/hooks';
import type { RefObject } from 'preact';

/**
 * Puts a floating prompt in the browser's top layer (`popover="manual"`), so
 * no host stacking context or z-index can cover it. Where the Popover API is
 * missing, the stylesheet's maximal z-index is the fallback.
 */
export function useTopLayer(ref: RefObject<HTMLElement>, enabled: boolean): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!enabled || !el || typeof el.showPopover !== 'function') return;
    try {
      el.setAttribute('popover', 'manual');
      el.showPopover();
    } catch {
      // Not connected yet, or already shown by an earlier render: the z-index fallback still applies.
      return;
    }
    return () => {
      try {
        if (el.matches(':popover-open')) el.hidePopover();
      } catch {
        // Removed from the document already; the browser hid it.
      }
    };
  }, [ref, enabled]);
}
