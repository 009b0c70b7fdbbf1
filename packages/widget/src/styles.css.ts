import { THEME } from './theme.css.js';

/** Exit animation length; the prompt stays mounted (inert) this long after closing. */
export const LEAVE_MS = 140;

/**
 * The prompt's stylesheet, applied inside the shadow root only. `:host`
 * declarations are `!important` because only those beat a host page's rules
 * for the host element itself; everything else is unreachable from outside.
 */
export const STYLES = `
:host { all: initial !important; display: block !important; }
${THEME}
.hark-prompt {
  position: fixed;
  z-index: 2147483647;
  inset: auto;
  margin: 0;
  box-sizing: border-box;
  width: min(420px, calc(100vw - 32px));
  max-height: calc(100vh - 32px);
  overflow: auto;
  padding: 20px;
  background: var(--_bg);
  color: var(--_text);
  border: 1px solid var(--_border);
  border-radius: var(--hark-radius, 12px);
  box-shadow: var(--_shadow);
  font: 15px/1.4 var(--hark-font, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif);
  text-align: start;
  /* A survey's words may hold a long unbroken string (a URL, a token): it wraps inside the card. */
  overflow-wrap: anywhere;
  animation: hark-in ${LEAVE_MS + 20}ms ease-out;
}
.hark-prompt:focus { outline: none; }
.hark-prompt[data-leaving] { animation: hark-out ${LEAVE_MS}ms ease-in forwards; }
.hark-prompt *, .hark-prompt *::before, .hark-prompt *::after { box-sizing: border-box; }
.hark-prompt[data-position="bottom-right"] { right: 16px; bottom: calc(16px + var(--hark-keyboard, 0px)); }
.hark-prompt[data-position="bottom-left"] { left: 16px; bottom: calc(16px + var(--hark-keyboard, 0px)); }
.hark-prompt[data-position="top-right"] { right: 16px; top: 16px; }
.hark-prompt[data-position="top-left"] { left: 16px; top: 16px; }
.hark-prompt[data-position="center"] { inset: 0; margin: auto; height: fit-content; box-shadow: 0 0 0 100vmax rgba(0, 0, 0, 0.25), var(--_shadow); }
.hark-prompt[data-position="inline"] { position: relative; width: 100%; max-height: none; box-shadow: none; z-index: auto; container-type: inline-size; }
/* An inline survey in a box too narrow for eleven 24 px scores: two rows, 0–5 and 6–10, with 10 at the end. */
@container (max-width: 283px) {
  .scale[data-points="11"] { display: grid; grid-template-columns: repeat(6, 1fr); }
  .scale[data-points="11"] .score:nth-child(7) { grid-column-start: 2; }
}
@keyframes hark-in { from { opacity: 0; translate: 0 8px; } to { opacity: 1; translate: 0 0; } }
@keyframes hark-out { from { opacity: 1; translate: 0 0; } to { opacity: 0; translate: 0 8px; } }
@keyframes hark-tick { from { stroke-dashoffset: 16; } }
@media (prefers-reduced-motion: reduce) { .hark-prompt, .hark-prompt[data-leaving], .done path { animation: none; } }
.question, .thanks { margin: 0; margin-inline-end: 40px; font-weight: 600; font-size: 16px; }
.question { margin-bottom: 14px; }
.thanks-block { display: flex; align-items: center; gap: 10px; min-height: 36px; margin-inline-end: 40px; }
.thanks-block .thanks { margin-inline-end: 0; }
.done { flex: none; }
.done circle { fill: var(--_accent); }
.done path { fill: none; stroke: var(--_accent-text); stroke-width: 2.4; stroke-linecap: round; stroke-linejoin: round; stroke-dasharray: 16; animation: hark-tick 320ms ease-out; }
.close {
  position: absolute; top: 8px; inset-inline-end: 8px; width: 36px; height: 36px; padding: 0;
  display: grid; place-items: center;
  border: 0; border-radius: 8px; background: transparent; color: var(--_muted); cursor: pointer;
}
.close svg { stroke: currentColor; stroke-width: 2.2; stroke-linecap: round; fill: none; }
.close:hover { background: color-mix(in srgb, var(--_text) 12%, transparent); color: var(--_text); }
.scale { display: flex; gap: 4px; }
.score {
  flex: 1 1 0; min-width: 0; height: 40px; padding: 0;
  display: grid; place-items: center;
  border: 1px solid var(--_border); border-radius: 8px;
  background: var(--_bg); color: var(--_text); font: inherit; font-weight: 600; cursor: pointer;
}
.score:hover { border-color: var(--_accent); background: color-mix(in srgb, var(--_accent) 10%, var(--_bg)); }
.score[aria-checked="true"] { background: var(--_accent); border-color: var(--_accent); color: var(--_accent-text); }
.score:disabled { cursor: progress; }
.scale[data-display="stars"] .score, .scale[data-display="faces"] .score { height: 48px; }
.scale[data-display="stars"] .score, .scale[data-display="stars"] .score[aria-checked="true"] { background: var(--_bg); color: var(--_text); }
.scale[data-display="stars"] .score[aria-checked="true"] { border: 2px solid var(--_accent); }
.star path { fill: none; stroke: var(--_muted); stroke-width: 1.6; stroke-linejoin: round; }
.star[data-filled="true"] path { fill: var(--_accent); stroke: var(--_accent); }
.face circle:first-child, .face path { fill: none; stroke: currentColor; stroke-width: 1.6; stroke-linecap: round; }
.face .eye { fill: currentColor; }
.labels { display: flex; justify-content: space-between; gap: 8px; margin-top: 6px; font-size: 13px; color: var(--_muted); }
.labels .chosen { color: var(--_text); font-weight: 600; }
.labels > span:last-child { text-align: end; }
.follow-up { display: flex; flex-direction: column; gap: 6px; margin-top: 14px; }
.follow-up label { font-weight: 600; }
textarea {
  width: 100%; min-height: 72px; padding: 8px; resize: vertical;
  border: 1px solid var(--_border); border-radius: 8px; background: var(--_bg); color: var(--_text); font: inherit;
}
.counter { align-self: flex-end; font-size: 12px; color: var(--_muted); }
.counter[data-low="true"] { color: var(--_error); }
.actions { display: flex; justify-content: flex-end; margin-top: 8px; }
.send {
  min-height: 40px; padding: 0 18px; border: 0; border-radius: 8px;
  background: var(--_accent); color: var(--_accent-text); font: inherit; font-weight: 600; cursor: pointer;
}
.send:disabled { opacity: 0.8; cursor: progress; }
.error { margin: 8px 0 0; color: var(--_error); }
button:focus-visible, textarea:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
/* Fingers: 44 px tall targets on any touch screen, tablets included. */
@media (pointer: coarse) {
  .score { height: 44px; }
  .close, .send { min-height: 44px; min-width: 44px; }
}
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
@media (max-width: 480px) {
  .hark-prompt:not([data-position="inline"]) {
    inset: auto 0 var(--hark-keyboard, 0px) 0; margin: 0; width: 100%; height: auto; max-height: calc(85vh - var(--hark-keyboard, 0px));
    border-width: 1px 0 0; border-radius: var(--hark-radius, 12px) var(--hark-radius, 12px) 0 0;
    padding: 16px 16px calc(16px + env(safe-area-inset-bottom, 0px));
    box-shadow: var(--_shadow);
  }
  .hark-prompt[data-position="inline"] { padding: 14px; }
  .close, .send { min-height: 44px; min-width: 44px; }
  /* One row from 320 px: 0–10 is eleven 24 px wide (WCAG 2.2 target size), 44 px tall targets. */
  .scale { gap: 2px; }
  .score { min-width: 24px; height: 44px; }
  .question, .thanks-block { margin-inline-end: 48px; }
}
`;
