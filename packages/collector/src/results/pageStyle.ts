import { createHash } from 'node:crypto';
import { escapeHtml as e } from './html.js';

/**
 * The one stylesheet of the collector's pages, inline (no asset routes), and
 * allowed by its hash in the Content-Security-Policy: no other style, and no
 * script at all, can run on a page, whatever a stored comment holds. Light and
 * dark follow the system (`prefers-color-scheme`); charts take their colours
 * from the same variables, so they read in both.
 */
export const PAGE_STYLE = `
:root{color-scheme:light dark;--bg:#f3f4f6;--surface:#fff;--raised:#f9fafb;--text:#111827;--muted:#4b5563;--border:#d1d5db;--grid:#e5e7eb;--link:#1d4ed8;--accent:#2563eb;--on-accent:#fff;--notice:#fef3c7;--on-notice:#111827;--error:#b91c1c;--low:#dc2626;--mid:#6b7280;--high:#15803d;--line:#2563eb;--band:#bfdbfe;--head:#111827;--on-head:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#030712;--surface:#111827;--raised:#1f2937;--text:#f3f4f6;--muted:#9ca3af;--border:#4b5563;--grid:#374151;--link:#93c5fd;--accent:#2563eb;--on-accent:#fff;--notice:#422006;--on-notice:#fef3c7;--error:#fca5a5;--low:#f87171;--mid:#9ca3af;--high:#4ade80;--line:#60a5fa;--band:#1e3a8a;--head:#000;--on-head:#f9fafb}}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,sans-serif;color:var(--text);background:var(--bg)}
a{color:var(--link)}:focus-visible{outline:3px solid var(--link);outline-offset:2px}
.sr,.skip{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}.skip:focus{left:8px;top:8px;width:auto;height:auto;z-index:2;background:var(--surface);color:var(--text);padding:8px}
header.top{background:var(--head);color:var(--on-head);padding:10px 24px;display:flex;flex-wrap:wrap;align-items:center;gap:8px 24px}header.top h1{margin:0;font-size:20px}
header.top nav{display:flex;flex-wrap:wrap;gap:4px 16px;flex:1}header.top nav a{color:var(--on-head);padding:10px 2px;min-height:44px;display:inline-block}header.top nav a[aria-current]{font-weight:700;text-decoration-thickness:3px}
header.top form{margin:0}header.top button{background:#374151;color:#fff}
@media (max-width:600px){header.top{padding:8px 16px;justify-content:space-between}header.top nav{order:3;flex-basis:100%;gap:0 14px}main{padding:12px 12px 40px}section.card,section.survey{padding:12px}}
main{max-width:1040px;margin:0 auto;padding:16px 24px 48px}main.login{max-width:420px}
h2{font-size:20px;margin:16px 0 8px}h3{font-size:16px;margin:16px 0 6px}
form.panel{display:flex;flex-wrap:wrap;gap:12px;align-items:end;background:var(--surface);padding:12px 16px;border-radius:8px}
main.login form{display:flex;flex-direction:column;align-items:stretch;gap:12px;background:var(--surface);padding:16px;border-radius:8px}
label{display:flex;flex-direction:column;font-size:13px;color:var(--muted);gap:2px}label.inline{flex-direction:row;align-items:center;gap:6px;color:var(--text);font-size:15px}
select,input,button,textarea{font:inherit;padding:6px 8px;color:var(--text);background:var(--surface);border:1px solid var(--border);border-radius:6px;min-height:36px}
textarea{width:100%;min-height:90px}textarea.code{font-family:ui-monospace,monospace;font-size:13px;min-height:320px}
button,.button{background:var(--accent);color:var(--on-accent);border:0;border-radius:6px;padding:8px 14px;min-height:36px;cursor:pointer;text-decoration:none;display:inline-block}
button.quiet{background:var(--raised);color:var(--text);border:1px solid var(--border)}
.notice{background:var(--notice);color:var(--on-notice);padding:8px 12px;border-radius:6px}.error{color:var(--error);font-weight:600}.muted{color:var(--muted)}
[aria-invalid=true]{border-color:var(--error);border-width:2px}
section.card,section.survey{background:var(--surface);border-radius:8px;padding:16px 20px;margin-top:16px}
section.survey h2{margin:0 0 12px;font-size:18px}.kind{color:var(--muted);font-weight:normal}
dl.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 12px}
dl.tiles div{background:var(--raised);border:1px solid var(--grid);border-radius:8px;padding:8px 12px;min-width:130px;flex:1 1 130px}
dt{font-size:13px;color:var(--muted)}dd{margin:0;font-size:24px;font-weight:600}dd small{display:block;font-size:12px;font-weight:normal;color:var(--muted)}
.charts{display:flex;flex-wrap:wrap;gap:16px 32px}.legend{margin:0;font-size:13px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px}.swatch.low{background:var(--low)}.swatch.mid{background:var(--mid)}.swatch.high{background:var(--high)}
figure{margin:0;max-width:100%}figcaption{font-weight:600;font-size:14px}svg{max-width:100%;height:auto}
svg text{fill:var(--text);font:12px system-ui,sans-serif}svg .axis{stroke:var(--muted)}svg .grid{stroke:var(--grid)}svg .bar-low{fill:var(--low)}svg .bar-mid{fill:var(--mid)}svg .bar-high{fill:var(--high)}
svg .line{fill:none;stroke:var(--line);stroke-width:2.5}svg .dot{fill:var(--line)}svg .band{fill:var(--band);opacity:.6}svg .whisker{stroke:var(--text);stroke-width:2}svg text.strong{font-weight:600}
table{border-collapse:collapse;width:100%;margin-top:8px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--grid);vertical-align:top;overflow-wrap:anywhere}th{overflow-wrap:normal}
@media (max-width:600px){table{font-size:13px}th,td{padding:4px}}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.comment{white-space:pre-wrap;overflow-wrap:anywhere}
nav.pages{display:flex;gap:16px;align-items:center;margin-top:16px}
nav.tabs{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}nav.tabs a{padding:8px 12px;border-radius:6px;background:var(--surface);min-height:44px;display:inline-flex;align-items:center}nav.tabs a[aria-current]{background:var(--accent);color:var(--on-accent)}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:13px;border:1px solid var(--border);background:var(--raised)}
.row-actions{display:flex;flex-wrap:wrap;gap:6px}.row-actions form{margin:0}
ol.items{list-style:none;margin:0;padding:0}ol.items li{background:var(--surface);border-radius:8px;padding:12px 16px;margin-top:10px}
ol.items h3{margin:0 0 4px;font-size:16px}.meta{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px;color:var(--muted);margin:4px 0}
.stack{display:flex;flex-direction:column;gap:12px}fieldset{border:1px solid var(--border);border-radius:8px;padding:10px 14px;margin:0}legend{font-weight:600;padding:0 4px}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px}.grid2>:last-child{position:sticky;top:8px;align-self:start}@media (max-width:800px){.grid2{grid-template-columns:minmax(0,1fr)}.grid2>:last-child{position:static}}
iframe.preview{width:100%;height:560px;border:1px solid var(--border);border-radius:8px;background:var(--bg)}
.triggers{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--raised);padding:8px;border-radius:6px}
main.preview{max-width:none;padding:12px}`;

/** The CSP source that allows exactly `PAGE_STYLE`. */
export const PAGE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

/** A whole page around `body`, with `PAGE_STYLE`; `head` adds to its `<head>` (the preview's script tags). */
export function pageShell(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><meta name="color-scheme" content="light dark"><title>${title}</title><style>${PAGE_STYLE}</style>${head}</head><body>${body}</body></html>`;
}

/** The admin app's sections, in the order the header lists them. */
export const SECTIONS = [
  { href: '/', name: 'Results' },
  { href: '/inbox', name: 'Inbox' },
  { href: '/surveys', name: 'Surveys' },
  { href: '/webhooks', name: 'Webhooks' },
] as const;

/** Which section a page belongs to. */
export type Section = (typeof SECTIONS)[number]['name'];

/**
 * A signed-in page: a skip link, the header with every section (the current
 * one marked), sign-out, and `main`. `title` names the page (the tab's title
 * adds "Hark").
 */
export function adminPage(title: string, section: Section, main: string): string {
  const links = SECTIONS.map((item) => `<a href="${item.href}"${item.name === section ? ' aria-current="page"' : ''}>${item.name}</a>`).join('');
  const header = `<header class="top"><h1>Hark</h1><nav aria-label="Sections">${links}</nav><form method="post" action="/logout"><button type="submit">Sign out</button></form></header>`;
  return pageShell(`${e(title)} · Hark`, `<a class="skip" href="#main">Skip to content</a>${header}<main id="main" tabindex="-1">${main}</main>`);
}
