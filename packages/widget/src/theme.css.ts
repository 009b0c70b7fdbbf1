/**
 * Default colours, as custom properties a host overrides with `--hark-*`
 * (through `init({ theme })`). Every text pair meets WCAG AA (4.5:1) and
 * borders of controls meet 3:1, in both schemes.
 */
const LIGHT = `
  --_accent: var(--hark-accent, #3b5bdb);
  --_accent-text: var(--hark-accent-text, #ffffff);
  --_bg: var(--hark-background, #ffffff);
  --_text: var(--hark-text, #1f2328);
  --_muted: var(--hark-muted, #57606a);
  --_border: var(--hark-border, #6e7781);
  --_error: var(--hark-error, #b42318);
  --_shadow: 0 8px 30px rgba(0, 0, 0, 0.18);
`;

const DARK = `
  --_accent: var(--hark-accent, #91a7ff);
  --_accent-text: var(--hark-accent-text, #0d1117);
  --_bg: var(--hark-background, #1c2128);
  --_text: var(--hark-text, #e6edf3);
  --_muted: var(--hark-muted, #a5b0bc);
  --_border: var(--hark-border, #8b949e);
  --_error: var(--hark-error, #ff9b8f);
  --_shadow: 0 8px 30px rgba(0, 0, 0, 0.6);
`;

/** Light by default; dark when set, or when the system prefers it and no scheme was set. */
export const THEME = `
.hark-prompt { ${LIGHT} color-scheme: light; }
.hark-prompt[data-scheme="dark"] { ${DARK} color-scheme: dark; }
@media (prefers-color-scheme: dark) {
  .hark-prompt:not([data-scheme]) { ${DARK} color-scheme: dark; }
}
`;
