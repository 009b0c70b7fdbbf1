import { useEffect } from 'preact/hooks';
import type { RefObject } from 'preact';

/**
 * Calls `onScreen` once, when the element is first on screen: painted, and
 * for an inline prompt scrolled into the viewport. Until then nobody has seen
 * it, so core records no `shown`. Without IntersectionObserver, after the
 * first frame.
 */
export function useDisplayed(ref: RefObject<HTMLElement>, active: boolean, onScreen: () => void): void {
  useEffect(() => {
    const el = ref.current;
    const view = el?.ownerDocument.defaultView;
    if (!active || !el || !view) return;
    if (typeof view.IntersectionObserver !== 'function') {
      const frame = view.requestAnimationFrame(() => onScreen());
      return () => view.cancelAnimationFrame(frame);
    }
    const observer = new view.IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      onScreen();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, active]);
}
