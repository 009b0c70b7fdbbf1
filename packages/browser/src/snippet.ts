// The async loader snippet: copy-paste ready once built (dist/snippet.min.js,
// under 1 KB gzip, checked by the tests). It defines `window.hark` at once,
// queues every call, and loads the bundle; the bundle replays the queue in
// order. A second copy of the snippet, or one running after the bundle, does nothing.
import { SNIPPET_METHODS } from './methods.js';
import type { SnippetCall, SnippetPlaceholder } from './methods.js';

((w: Window & { hark?: unknown }, d: Document, src: string) => {
  if (w.hark) return;
  const q: SnippetCall[] = [];
  const placeholder: SnippetPlaceholder = { q };
  for (const m of SNIPPET_METHODS) {
    // The returned function is `on`'s unsubscribe: before the bundle it cancels the queued call.
    placeholder[m] = (...a: unknown[]) => {
      const c: SnippetCall = { m, a };
      q.push(c);
      return () => {
        c.x = 1;
        c.u?.();
      };
    };
  }
  w.hark = placeholder;
  const script = d.createElement('script');
  script.async = true;
  script.src = src;
  (d.head || d.documentElement).appendChild(script);
})(window, document, 'https://unpkg.com/@hark/browser@0.1/dist/hark.min.js');
