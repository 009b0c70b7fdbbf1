import { useEffect } from 'preact/hooks';
import type { RefObject } from 'preact';

/**
 * Calls `onScreen` once, when the element is first on screen: painted, and
 * for an inline prompt scrolled into the viewport. Until then nobody has seen
 * it, so core records no `shown`. The call waits for the frame after the one
 * that found the element visible (an animation frame, then a task), so the
 * `shown` record's write never delays the prompt's first paint. Without
 * IntersectionObserver, after the first frame.
 */
export function useDisplayed(ref: RefObject<HTMLElement>, active: boolean, onScreen: () => void): void {
  useEffect(() => {
    const el = ref.current;
    const view = el?.ownerDocument.defaultView;
    if (!active || !el || !view) return;
    let frame = 0;
    let timer = 0;
    const afterPaint = () => {
      frame = view.requestAnimationFrame(() => {
        timer = view.setTimeout(onScreen, 0);
      });
    };
    const stop = () => {
      view.cancelAnimationFrame(frame);
      view.clearTimeout(timer);
    };
    if (typeof view.IntersectionObserver !== 'function') {
      afterPaint();
      return stop;
    }
    const observer = new view.IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      afterPaint();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      stop();
    };
  }, [ref, active]);
}
