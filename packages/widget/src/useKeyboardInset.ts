import { useEffect } from 'preact/hooks';
import type { RefObject } from 'preact';

/**
 * While `active` (the follow-up has focus), keeps the prompt above the
 * on-screen keyboard: the part of the layout viewport the visual viewport no
 * longer covers becomes `--hark-keyboard`, which the stylesheet adds to the
 * bottom offset. Browsers without `visualViewport` keep the static layout.
 */
export function useKeyboardInset(ref: RefObject<HTMLElement>, active: boolean): void {
  useEffect(() => {
    const el = ref.current;
    const view = el?.ownerDocument.defaultView;
    const viewport = view?.visualViewport;
    if (!active || !el || !view || !viewport) return;
    const update = () => {
      const covered = Math.max(0, view.innerHeight - viewport.height - viewport.offsetTop);
      el.style.setProperty('--hark-keyboard', `${Math.round(covered)}px`);
    };
    update();
    viewport.addEventListener('resize', update);
    viewport.addEventListener('scroll', update);
    return () => {
      viewport.removeEventListener('resize', update);
      viewport.removeEventListener('scroll', update);
      el.style.removeProperty('--hark-keyboard');
    };
  }, [ref, active]);
}
