/**
 * The prompt's stylesheet, applied inside the shadow root only. Colours come
 * from custom properties so a host can theme the prompt without reaching in.
 */
export const STYLES = `
:host { all: initial; }
.hark-prompt {
  --_accent: var(--hark-accent, #3b5bdb);
  --_accent-text: var(--hark-accent-text, #ffffff);
  --_bg: var(--hark-background, #ffffff);
  --_text: var(--hark-text, #1f2328);
  --_muted: var(--hark-muted, #57606a);
  --_border: var(--hark-border, #d0d7de);
  --_radius: var(--hark-radius, 12px);
  position: fixed;
  z-index: 2147483647;
  box-sizing: border-box;
  width: min(420px, calc(100vw - 32px));
  padding: 20px;
  background: var(--_bg);
  color: var(--_text);
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  box-shadow: 0 8px 30px rgba(0, 0, 0, 0.18);
  font: 15px/1.4 var(--hark-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  animation: hark-in 160ms ease-out;
}
.hark-prompt *, .hark-prompt *::before, .hark-prompt *::after { box-sizing: border-box; }
.hark-prompt[data-position="bottom-right"] { right: 16px; bottom: 16px; }
.hark-prompt[data-position="bottom-left"] { left: 16px; bottom: 16px; }
.hark-prompt[data-position="top-right"] { right: 16px; top: 16px; }
.hark-prompt[data-position="top-left"] { left: 16px; top: 16px; }
.hark-prompt[data-position="center"] { left: 50%; top: 50%; transform: translate(-50%, -50%); }
.hark-prompt[data-position="inline"] { position: relative; width: 100%; box-shadow: none; z-index: auto; }
@keyframes hark-in { from { opacity: 0; translate: 0 8px; } to { opacity: 1; translate: 0 0; } }
@media (prefers-reduced-motion: reduce) { .hark-prompt { animation: none; } }
.question { margin: 0 32px 14px 0; font-weight: 600; font-size: 16px; }
.close {
  position: absolute; top: 10px; right: 10px; width: 32px; height: 32px;
  border: 0; border-radius: 8px; background: transparent; color: var(--_muted);
  font: inherit; font-size: 20px; line-height: 1; cursor: pointer;
}
.close:hover { background: rgba(127, 127, 127, 0.15); }
.scale { display: flex; gap: 4px; }
.score {
  flex: 1 1 0; min-width: 0; height: 40px; padding: 0;
  border: 1px solid var(--_border); border-radius: 8px;
  background: var(--_bg); color: var(--_text); font: inherit; font-weight: 600; cursor: pointer;
}
.score:hover { border-color: var(--_accent); }
.score[aria-checked="true"] { background: var(--_accent); border-color: var(--_accent); color: var(--_accent-text); }
.labels { display: flex; justify-content: space-between; margin-top: 6px; font-size: 13px; color: var(--_muted); }
.follow-up { display: flex; flex-direction: column; gap: 8px; margin-top: 14px; }
.follow-up label { font-weight: 600; }
textarea {
  width: 100%; min-height: 72px; padding: 8px; resize: vertical;
  border: 1px solid var(--_border); border-radius: 8px; background: var(--_bg); color: var(--_text); font: inherit;
}
.send {
  align-self: flex-end; min-height: 40px; padding: 0 18px; border: 0; border-radius: 8px;
  background: var(--_accent); color: var(--_accent-text); font: inherit; font-weight: 600; cursor: pointer;
}
.send:disabled { opacity: 0.7; cursor: progress; }
.error { margin: 8px 0 0; color: #b42318; }
.thanks { margin: 0 32px 0 0; font-weight: 600; }
button:focus-visible, textarea:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
