import { useEffect, useRef } from 'preact/hooks';
import type { RefObject } from 'preact';

/**
 * Remembers where focus was before it entered the prompt and puts it back
 * when the prompt leaves, but only if focus was inside the prompt then: a
 * prompt the user never touched must not move their focus.
 */
export function useFocusReturn(ref: RefObject<HTMLElement>, leaving: boolean): void {
  const returnTo = useRef<HTMLElement | null>(null);
  const inside = useRef(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Captured at mount: a prompt opened by the user moves focus in right after.
    const active = el.ownerDocument.activeElement;
    if (active instanceof HTMLElement && active !== el.ownerDocument.body) returnTo.current = active;
    const onFocusIn = (event: FocusEvent) => {
      inside.current = true;
      const from = event.relatedTarget;
      if (from instanceof HTMLElement && !el.contains(from)) returnTo.current = from;
    };
    const onFocusOut = (event: FocusEvent) => {
      const to = event.relatedTarget;
      // Focus moving to nothing (an element that re-rendered away) still counts as inside.
      if (to instanceof Node && !el.contains(to)) inside.current = false;
    };
    el.addEventListener('focusin', onFocusIn);
    el.addEventListener('focusout', onFocusOut);
    return () => {
      el.removeEventListener('focusin', onFocusIn);
      el.removeEventListener('focusout', onFocusOut);
      restore();
    };
  }, [ref]);

  useEffect(() => {
    if (leaving) restore();
  }, [leaving]);

  function restore() {
    if (!inside.current) return;
    inside.current = false;
    const target = returnTo.current;
    if (target?.isConnected) target.focus({ preventScroll: true });
  }
}
