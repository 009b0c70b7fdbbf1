import { createHash } from 'node:crypto';

/**
 * The one stylesheet of the collector's pages, inline (no asset routes), and
 * allowed by its hash in the Content-Security-Policy: no other style, and no
 * script at all, can run on a page, whatever a stored comment holds.
 */
export const PAGE_STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#111827;background:#f3f4f6}
header{background:#111827;color:#fff;padding:14px 24px;display:flex;align-items:center;justify-content:space-between;gap:16px}header h1{margin:0;font-size:20px}
header form{margin:0;padding:0;background:none}header button{background:#374151}
main{max-width:1000px;margin:0 auto;padding:16px 24px 48px}
form{display:flex;flex-wrap:wrap;gap:12px;align-items:end;background:#fff;padding:12px 16px;border-radius:8px}
label{display:flex;flex-direction:column;font-size:13px;color:#374151}select,input,button{font:inherit;padding:4px 8px}
button{background:#2563eb;color:#fff;border:0;border-radius:6px;padding:6px 14px;min-height:32px}a{color:#1d4ed8}
.notice{background:#fef3c7;padding:8px 12px;border-radius:6px}
section.survey{background:#fff;border-radius:8px;padding:16px 20px;margin-top:16px}
section.survey h2{margin:0 0 12px;font-size:18px}.kind{color:#6b7280;font-weight:normal}
dl.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 12px}
dl.tiles div{background:#f9fafb;border:1px solid #e5e7eb;border-radius:8px;padding:8px 14px;min-width:130px}
dt{font-size:13px;color:#6b7280}dd{margin:0;font-size:24px;font-weight:600}dd small{display:block;font-size:12px;font-weight:normal;color:#4b5563}
.charts{display:flex;flex-wrap:wrap;gap:16px 32px}.legend{margin:0;font-size:13px;color:#374151}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px}.swatch.low{background:#dc2626}.swatch.mid{background:#9ca3af}.swatch.high{background:#16a34a}figure{margin:0}figcaption{font-weight:600;font-size:14px}
table{border-collapse:collapse;width:100%;margin-top:8px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}
td.comment{white-space:pre-wrap;word-break:break-word}
nav.pages{display:flex;gap:16px;align-items:center;margin-top:16px}
main.login{max-width:420px}main.login form{flex-direction:column;align-items:stretch}`;

/** The CSP source that allows exactly `PAGE_STYLE`. */
export const PAGE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

/** A whole page around `body`, with `PAGE_STYLE`. */
export function pageShell(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${title}</title><style>${PAGE_STYLE}</style></head><body>${body}</body></html>`;
}
