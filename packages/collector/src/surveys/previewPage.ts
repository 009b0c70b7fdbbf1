import { escapeHtml as e } from '../results/html.js';
import { pageShell } from '../results/pageStyle.js';
import type { FieldError } from './surveyForm.js';

/**
 * The preview's own script, allowed by the page's nonce: it starts the SDK
 * with the draft survey in memory (nothing stored, nothing sent: `beforeSend`
 * drops every record), with any trigger, targeting, frequency and delay taken
 * off so the prompt shows at once, inline in the page.
 */
export const PREVIEW_SCRIPT = `(function () {
  var survey = JSON.parse(document.getElementById('hark-draft').textContent);
  survey.triggers = [{ on: 'event', event: 'hark_preview' }];
  delete survey.targeting; delete survey.frequency; delete survey.delayMs;
  hark.init({ endpoint: location.origin + '/v1/records', storage: 'memory', recontactDays: 0, surveys: [survey],
    beforeSend: function () { return null; }, widget: { container: document.getElementById('hark-preview') } });
  hark.show(survey.id);
})();`;

/** What the preview shows: a draft to draw, or why it cannot. */
export type PreviewView =
  | { readonly survey: Record<string, unknown>; readonly nonce: string; readonly integrity: string | null }
  | { readonly problems: readonly FieldError[] }
  | { readonly message: string };

/** JSON that is safe inside a `<script>` element: no `</script>`, no `<!--`. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * The preview page, framed by the survey editor. The only page of the
 * collector with scripts: the SDK's bundle and `PREVIEW_SCRIPT`, both carrying
 * this response's CSP nonce (and the bundle its SRI hash); the draft is data
 * (`type="application/json"`), never run.
 */
export function renderPreview(view: PreviewView): string {
  if ('message' in view) return pageShell('Preview · Hark', `<main class="preview"><p>${e(view.message)}</p></main>`);
  if ('problems' in view) {
    const items = view.problems.map((problem) => `<li>${e(problem.path)}: ${e(problem.message)}</li>`).join('');
    return pageShell('Preview · Hark', `<main class="preview"><p class="notice" role="alert">This draft cannot be shown until it is a valid survey:</p><ul>${items}</ul></main>`);
  }
  const integrity = view.integrity ? ` integrity="${e(view.integrity)}"` : '';
  const head = `<script nonce="${e(view.nonce)}" src="/preview/hark.min.js"${integrity}></script>`;
  const body = `<main class="preview"><p class="muted">Preview of ${e(String(view.survey.id))}: answers here are not stored.</p><div id="hark-preview"></div></main><script type="application/json" id="hark-draft">${scriptJson(view.survey)}</script><script nonce="${e(view.nonce)}">${PREVIEW_SCRIPT}</script>`;
  return pageShell('Preview · Hark', body, head);
}
