import type { SurveyVersion } from '../store/surveyStore.js';
import { escapeHtml as e } from '../results/html.js';
import { adminPage } from '../results/pageStyle.js';
import { FORM_TRIGGERS, formCovers, formValues, TRIGGER_ROWS, type FieldError, type FormValues } from './surveyForm.js';

type Json = Record<string, unknown>;

/** What the survey list is drawn from. */
export interface SurveyListView {
  readonly surveys: readonly SurveyVersion[];
  /** Where clients fetch the published surveys (`surveysUrl`). */
  readonly surveysUrl: string;
}

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const question = (definition: string) => {
  try {
    const parsed = JSON.parse(definition) as Json;
    return typeof parsed.question === 'string' ? parsed.question : '(the default question)';
  } catch {
    return '';
  }
};

/** The list of surveys, with where clients load them from. */
export function renderSurveyList(view: SurveyListView): string {
  const rows = view.surveys
    .map(
      (v) =>
        `<tr><td><a href="/surveys/${e(encodeURIComponent(v.surveyId))}">${e(v.surveyId)}</a></td><td>${e(question(v.definition))}</td><td class="num">${v.version}</td><td>${e(v.author)}, ${e(when(v.createdAt))}</td><td>${v.archived ? '<span class="badge">Archived</span>' : '<span class="badge">Live</span>'}</td></tr>`,
    )
    .join('');
  const table = view.surveys.length
    ? `<table aria-label="Surveys"><thead><tr><th>Survey</th><th>Question</th><th class="num">Version</th><th>Saved</th><th>State</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p>No survey is defined here yet.</p>';
  return adminPage(
    'Surveys',
    'Surveys',
    `<h2>Surveys</h2><p>Surveys saved here are served to the SDK at <code>${e(view.surveysUrl)}</code>: set it as <code>surveysUrl</code> in <code>hark.init</code>. Clients check it on every page load (a 304 when nothing changed), so a change reaches them on their next page load.</p><p><a class="button" href="/surveys/new">New survey</a></p>${table}`,
  );
}

/** What the editor is drawn from. */
export interface SurveyEditorView {
  /** null for a new survey. */
  readonly surveyId: string | null;
  /** The version being edited (0 for a new survey): saving makes the next one, unless someone saved first. */
  readonly baseVersion: number;
  readonly archived: boolean;
  /** What the form shows (the base definition, or what was sent back with problems). */
  readonly form: FormValues;
  /** Whether the form can show the base's triggers and targeting (else they are kept, and edited in JSON). */
  readonly covers: { readonly triggers: boolean; readonly targeting: boolean };
  /** The JSON textarea's text. */
  readonly json: string;
  readonly formErrors: readonly FieldError[];
  readonly jsonErrors: readonly FieldError[];
  readonly history: readonly SurveyVersion[];
  /** A note at the top: saved, or someone saved first. */
  readonly notice?: string;
}

/** Builds the view's form from a definition. */
export const editorForm = (definition: Json) => ({ form: formValues(definition), covers: formCovers(definition) });

function summary(errors: readonly FieldError[], id: string): string {
  if (errors.length === 0) return '';
  const items = errors.map((error) => `<li>${error.field ? `<a href="#f-${e(error.field)}">` : ''}${e(error.path)}: ${e(error.message)}${error.field ? '</a>' : ''}</li>`).join('');
  return `<div class="notice" role="alert" id="${id}"><p><strong>${errors.length === 1 ? 'One problem' : `${errors.length} problems`} to fix before saving:</strong></p><ul>${items}</ul></div>`;
}

function commonFieldsForm(view: SurveyEditorView): string {
  const errorOf = new Map<string, string>();
  for (const error of view.formErrors) if (error.field && !errorOf.has(error.field)) errorOf.set(error.field, error.message);
  const value = (name: string) => e(view.form[name] ?? '');
  const aria = (name: string) => (errorOf.has(name) ? ` aria-invalid="true" aria-describedby="err-${name}"` : '');
  const error = (name: string) => (errorOf.has(name) ? `<span class="error" id="err-${name}">${e(errorOf.get(name))}</span>` : '');
  const input = (name: string, label: string, attributes = '') => `<label>${label}<input id="f-${name}" name="${name}" value="${value(name)}"${attributes}${aria(name)}></label>${error(name)}`;
  const select = (name: string, label: string, options: ReadonlyArray<[string, string]>) =>
    `<label>${label}<select id="f-${name}" name="${name}"${aria(name)}>${options.map(([v, text]) => `<option value="${e(v)}"${view.form[name] === v ? ' selected' : ''}>${e(text)}</option>`).join('')}</select></label>${error(name)}`;
  const area = (name: string, label: string) => `<label>${label}<textarea id="f-${name}" name="${name}" rows="3"${aria(name)}>${value(name)}</textarea></label>${error(name)}`;

  const triggers = view.covers.triggers
    ? Array.from({ length: TRIGGER_ROWS }, (_, index) =>
        `<fieldset><legend>Trigger ${index + 1}</legend><div class="triggers">${select(`trigger${index}On`, 'When', [['', index === 0 ? '(choose)' : '(none)'], ...FORM_TRIGGERS.map((kind): [string, string] => [kind, kind])])}${input(`trigger${index}Value`, 'Event, page, selector, % or seconds', ' maxlength="1000"')}${input(`trigger${index}Nth`, 'From the nth time (events)', ' type="number" min="1" inputmode="numeric"')}</div></fieldset>`,
      ).join('')
    : '<p class="muted">This survey’s triggers use more than the form holds (conditions, URL objects, or more than four): edit them in the JSON below. Saving this form keeps them.</p>';
  const targeting = view.covers.targeting
    ? `${area('urls', 'Only on these pages (one path glob a line: /reports, /docs/**)')}${area('attributes', 'Only for users with (one a line: plan = free, or plan in free, team)')}${input('sample', 'Sample: % of users who may see it', ' type="number" min="0" max="100" step="any" inputmode="decimal"')}`
    : '<p class="muted">This survey’s targeting uses more than the form holds: edit it in the JSON below. Saving this form keeps it.</p>';
  const idField = view.surveyId === null ? input('id', 'Survey id (letters, digits, _ . : -; it is on every answer)', ' required maxlength="128" pattern="[A-Za-z0-9_.:\\-]+"') : '';
  const target = view.surveyId === null ? '/surveys/new' : `/surveys/${e(encodeURIComponent(view.surveyId))}`;
  return `<form method="post" action="${target}" class="stack" aria-label="Survey" novalidate>${summary(view.formErrors, 'form-problems')}<input type="hidden" name="base" value="${view.baseVersion}"><input type="hidden" name="surveyId" value="${e(view.surveyId ?? '')}">${idField}
<fieldset><legend>Question</legend>${select('kind', 'Scale kind', [['nps', 'NPS (0–10)'], ['csat', 'CSAT (1–5)'], ['ces', 'CES (1–7)']])}${select('display', 'Display (stars and faces: CSAT only)', [['', 'numbers (default)'], ['numbers', 'numbers'], ['stars', 'stars'], ['faces', 'faces']])}${input('question', 'Question (empty: the default for its kind and language)', ' maxlength="1000"')}</fieldset>
<fieldset><legend>Follow-up question</legend>${input('followUp', 'For every score', ' maxlength="1000"')}${input('followUpLow', 'After a low score (detractors)', ' maxlength="1000"')}${input('followUpMid', 'After a middle score (passives)', ' maxlength="1000"')}${input('followUpHigh', 'After a high score (promoters)', ' maxlength="1000"')}</fieldset>
<fieldset><legend>Triggers (any one shows the survey)</legend>${triggers}</fieldset>
<fieldset><legend>Targeting</legend>${targeting}</fieldset>
<fieldset><legend>Frequency</legend><div class="triggers">${input('recontactDays', 'Ask again after (days)', ' type="number" min="0" step="any" inputmode="decimal"')}${input('maxDisplays', 'Show at most (times)', ' type="number" min="1" inputmode="numeric"')}${input('dismissCooldownDays', 'After “Close”, wait (days)', ' type="number" min="0" step="any" inputmode="decimal"')}</div></fieldset>
<div class="row-actions"><button type="submit">${view.surveyId === null ? 'Create the survey' : `Save as version ${view.baseVersion + 1}`}</button><button type="submit" class="quiet" formaction="/surveys/preview" formtarget="preview">Preview</button></div></form>`;
}

function jsonForm(view: SurveyEditorView): string {
  const target = view.surveyId === null ? '/surveys/new' : `/surveys/${e(encodeURIComponent(view.surveyId))}`;
  const invalid = view.jsonErrors.length ? ' aria-invalid="true" aria-describedby="json-problems"' : '';
  return `<form method="post" action="${target}" class="stack" aria-label="Survey as JSON">${summary(view.jsonErrors, 'json-problems')}<input type="hidden" name="base" value="${view.baseVersion}"><input type="hidden" name="surveyId" value="${e(view.surveyId ?? '')}"><label>The whole definition (every field of the survey schema: labels, thankYou, strings, excludeUrls, delayMs, inline…)<textarea class="code" id="f-json" name="json" spellcheck="false"${invalid}>${e(view.json)}</textarea></label><div class="row-actions"><button type="submit">${view.surveyId === null ? 'Create from JSON' : `Save JSON as version ${view.baseVersion + 1}`}</button><button type="submit" class="quiet" formaction="/surveys/preview" formtarget="preview">Preview JSON</button></div></form>`;
}

function history(view: SurveyEditorView): string {
  if (view.surveyId === null || view.history.length === 0) return '';
  const id = e(encodeURIComponent(view.surveyId));
  const rows = view.history
    .map((v) => `<tr><td class="num">${v.version}</td><td>${e(v.author)}</td><td>${e(when(v.createdAt))}</td><td>${v.archived ? 'archived' : 'live'}</td><td><a href="/surveys/${id}?from=${v.version}">Load version ${v.version} into the editor</a></td></tr>`)
    .join('');
  const archive = `<form method="post" action="/surveys/${id}/archive"><input type="hidden" name="base" value="${view.baseVersion}"><input type="hidden" name="archived" value="${view.archived ? '0' : '1'}"><button type="submit" class="quiet">${view.archived ? 'Publish again' : 'Archive (stop serving it)'}</button></form>`;
  return `<h3>History</h3><table aria-label="Versions"><thead><tr><th class="num">Version</th><th>Saved by</th><th>When</th><th>State</th><th><span class="sr">Actions</span></th></tr></thead><tbody>${rows}</tbody></table>${archive}`;
}

/** The editor: the common fields as a form, the whole definition as JSON, a live preview of the real prompt, and the history. */
export function renderSurveyEditor(view: SurveyEditorView): string {
  const title = view.surveyId === null ? 'New survey' : `Survey ${view.surveyId}`;
  const state = view.surveyId === null ? '' : ` <span class="badge">${view.archived ? 'Archived' : `Live, version ${view.baseVersion}`}</span>`;
  const preview = view.surveyId === null ? '/surveys/preview' : `/surveys/${e(encodeURIComponent(view.surveyId))}/preview`;
  const notice = view.notice ? `<p class="notice" role="status">${e(view.notice)}</p>` : '';
  return adminPage(
    title,
    'Surveys',
    `<p><a href="/surveys">← Surveys</a></p><h2>${e(title)}${state}</h2>${notice}<p>Checked with the SDK’s own survey schema before it is saved. A saved change reaches clients on their next page load.</p><div class="grid2"><div>${commonFieldsForm(view)}</div><div><h3>Preview</h3><p class="muted">The real prompt, drawn by the SDK’s widget. “Preview” shows what the form holds, without saving; answers given here are not stored.</p><iframe class="preview" name="preview" title="Preview of the prompt" src="${preview}"></iframe></div></div><h3>Everything else: JSON</h3>${jsonForm(view)}${history(view)}`,
  );
}
