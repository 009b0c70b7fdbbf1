import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { HttpError } from '../http/httpError.js';
import { whoIs } from '../inbox/inboxRoutes.js';
import type { SurveyVersion } from '../store/surveyStore.js';
import type { RecordsStore } from '../store/types.js';
import type { PreviewAssets } from './previewAssets.js';
import { renderPreview } from './previewPage.js';
import { checkSurvey, definitionFromForm, formCovers, formValues, type FieldError, type FormValues } from './surveyForm.js';
import { editorForm, renderSurveyEditor, renderSurveyList, type SurveyEditorView } from './surveyPages.js';

type Json = Record<string, unknown>;

/** Versions the editor lists. */
const HISTORY = 50;
/** Largest definition accepted, as JSON text. */
export const MAX_DEFINITION = 64_000;

const pretty = (definition: unknown) => JSON.stringify(definition, null, 2);
const parse = (text: string): Json => JSON.parse(text) as Json;

/** The body `GET /v1/surveys` serves, and its ETag. */
export async function publishedSurveys(store: RecordsStore): Promise<{ body: string; etag: string }> {
  const published = await store.surveyDefinitions.published();
  const body = JSON.stringify({ surveys: published.map((version) => parse(version.definition)) });
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** Whether an `If-None-Match` header names `etag` (a list, weak or not, or `*`). */
export const etagMatches = (header: string | undefined, etag: string): boolean =>
  !!header && header.split(',').some((tag) => { const t = tag.trim(); return t === '*' || t.replace(/^W\//, '') === etag; });

/**
 * `GET /v1/surveys`: the published surveys, as `surveysUrl` expects them
 * (`{ "surveys": [...] }`), with an ETag. `Cache-Control: no-cache`: clients
 * may keep it, but ask again (with `If-None-Match`, answered 304 while
 * nothing changed) on every page load, so a change reaches them on the next.
 */
export async function surveysForClients(c: Context, store: RecordsStore): Promise<Response> {
  const { body, etag } = await publishedSurveys(store);
  const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
  if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
}

/** `GET /surveys`. */
export async function surveyList(c: Context, store: RecordsStore, publicUrl: string): Promise<Response> {
  return c.html(renderSurveyList({ surveys: await store.surveyDefinitions.latest(), surveysUrl: `${publicUrl.replace(/\/+$/, '')}/v1/surveys` }));
}

const NEW_SURVEY: Json = { id: '', kind: 'nps', triggers: [{ on: 'event', event: '' }] };

async function editorView(store: RecordsStore, surveyId: string | null, extra: Partial<SurveyEditorView> & { definition?: Json } = {}): Promise<SurveyEditorView> {
  const history = surveyId === null ? [] : await store.surveyDefinitions.versions(surveyId, HISTORY);
  const latest = history[0];
  const definition = extra.definition ?? (latest ? parse(latest.definition) : NEW_SURVEY);
  const { definition: _definition, ...rest } = extra;
  return {
    surveyId,
    baseVersion: latest?.version ?? 0,
    archived: latest?.archived ?? false,
    ...editorForm(definition),
    json: pretty(definition),
    formErrors: [],
    jsonErrors: [],
    history,
    ...rest,
  };
}

/** `GET /surveys/new`, `GET /surveys/:id` (`?from=N` loads version N into the editor). */
export async function surveyEditor(c: Context, store: RecordsStore, isNew: boolean): Promise<Response> {
  if (isNew) return c.html(renderSurveyEditor(await editorView(store, null)));
  const surveyId = c.req.param('id') ?? '';
  const view = await editorView(store, surveyId);
  if (view.history.length === 0) throw new HttpError(404, 'no survey with this id is defined here');
  const from = view.history.find((version) => String(version.version) === c.req.query('from'));
  const saved = c.req.query('saved');
  const notice = from ? `Version ${from.version} is loaded: saving makes it version ${view.baseVersion + 1}.` : saved ? `Saved as version ${saved.slice(0, 10)}. Clients get it on their next page load.` : undefined;
  return c.html(renderSurveyEditor(from ? await editorView(store, surveyId, { definition: parse(from.definition), ...(notice ? { notice } : {}) }) : { ...view, ...(notice ? { notice } : {}) }));
}

/** A draft from a posted form: the JSON textarea's text, or the form's fields over the version it was based on. */
async function draftOf(form: FormValues, store: RecordsStore, surveyId: string | null): Promise<{ definition: Json | null; errors: FieldError[]; mode: 'json' | 'form'; base: SurveyVersion | undefined }> {
  const [base] = surveyId ? await store.surveyDefinitions.versions(surveyId, 1) : [];
  if (form.json !== undefined) {
    if (form.json.length > MAX_DEFINITION) return { definition: null, errors: [{ field: 'json', path: '(the survey)', message: `longer than ${MAX_DEFINITION} characters` }], mode: 'json', base };
    try {
      const parsed = JSON.parse(form.json) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('the definition must be one JSON object, { … }');
      return { definition: parsed as Json, errors: [], mode: 'json', base };
    } catch (error) {
      return { definition: null, errors: [{ field: 'json', path: '(the JSON)', message: error instanceof Error ? error.message : String(error) }], mode: 'json', base };
    }
  }
  const { definition, errors } = definitionFromForm(base ? parse(base.definition) : NEW_SURVEY, form, base ? formCovers(parse(base.definition)) : { triggers: true, targeting: true });
  return { definition, errors, mode: 'form', base };
}

const textFields = (body: Record<string, unknown>): FormValues => Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));

/**
 * `POST /surveys/new`, `POST /surveys/:id`: checks the draft (form or JSON)
 * with the SDK's `SurveySchema` and saves it as the next version, or shows
 * the editor again with every problem next to its field.
 */
export async function saveSurvey(c: Context, store: RecordsStore, isNew: boolean): Promise<Response> {
  const form = textFields(await c.req.parseBody());
  const routeId = isNew ? null : (c.req.param('id') ?? '');
  const { definition, errors, mode, base } = await draftOf(form, store, routeId);
  if (!isNew && !base) throw new HttpError(404, 'no survey with this id is defined here');
  const problems = [...errors];
  if (definition) {
    if (!isNew && definition.id !== routeId) problems.push({ field: mode === 'json' ? 'json' : null, path: 'id', message: `the id stays "${routeId}": to use another id, create a new survey` });
    const checked = checkSurvey(definition);
    if (!checked.ok) problems.push(...checked.errors.filter((error) => !problems.some((known) => known.path === error.path)));
  }
  const surveyId = routeId ?? (typeof definition?.id === 'string' ? definition.id : '');
  if (isNew && problems.length === 0 && (await store.surveyDefinitions.versions(surveyId, 1)).length > 0) {
    problems.push({ field: mode === 'json' ? 'json' : 'id', path: 'id', message: `a survey with the id "${surveyId}" exists: open it from the list to change it` });
  }
  const shown = (extra: Partial<SurveyEditorView>) =>
    editorView(store, routeId, {
      ...(mode === 'form' ? { form, covers: base ? formCovers(parse(base.definition)) : { triggers: true, targeting: true }, formErrors: problems.map((p) => ({ ...p, field: p.field === 'json' ? null : p.field })) } : { json: form.json ?? '', jsonErrors: problems }),
      ...extra,
    });
  if (problems.length > 0 || !definition) return c.html(renderSurveyEditor(await shown({})), 400);

  const baseVersion = isNew ? 0 : Number(form.base);
  const result = await store.surveyDefinitions.save({ surveyId, definition: pretty(definition), archived: base?.archived ?? false, author: whoIs(c), at: new Date() }, Number.isInteger(baseVersion) ? baseVersion : -1);
  if (!result.ok) {
    return c.html(renderSurveyEditor(await shown({ notice: `Version ${result.current} was saved by someone else while you edited, so this was not saved. Your changes are still here: compare them with its history, then save again.` })), 409);
  }
  return c.redirect(`/surveys/${encodeURIComponent(surveyId)}?saved=${result.version}`, 303);
}

/** `POST /surveys/:id/archive`: a new version with the same definition, archived (taken out of `GET /v1/surveys`) or published again. */
export async function archiveSurvey(c: Context, store: RecordsStore): Promise<Response> {
  const surveyId = c.req.param('id') ?? '';
  const form = textFields(await c.req.parseBody());
  const [latest] = await store.surveyDefinitions.versions(surveyId, 1);
  if (!latest) throw new HttpError(404, 'no survey with this id is defined here');
  const result = await store.surveyDefinitions.save({ surveyId, definition: latest.definition, archived: form.archived === '1', author: whoIs(c), at: new Date() }, Number(form.base));
  if (!result.ok) throw new HttpError(409, `version ${result.current} was saved meanwhile: reload the page`);
  return c.redirect(`/surveys/${encodeURIComponent(surveyId)}?saved=${result.version}`, 303);
}

/** `GET /surveys/:id/preview`: the live version, drawn by the real widget. */
export async function previewSaved(c: Context, store: RecordsStore, assets: PreviewAssets | null): Promise<Response> {
  const [latest] = await store.surveyDefinitions.versions(c.req.param('id') ?? '', 1);
  if (!latest) return c.html(renderPreview({ message: 'Nothing to preview yet.' }));
  return c.html(preview(c, parse(latest.definition), [], assets));
}

/** `POST /surveys/preview`: the editor's draft (form or JSON), drawn without saving. `GET`: an empty frame. */
export async function previewDraft(c: Context, store: RecordsStore, assets: PreviewAssets | null): Promise<Response> {
  if (c.req.method === 'GET') return c.html(renderPreview({ message: 'Press “Preview” to see the prompt.' }));
  const form = textFields(await c.req.parseBody());
  const { definition, errors } = await draftOf(form, store, form.surveyId || null);
  return c.html(preview(c, definition, errors, assets));
}

function preview(c: Context, definition: Json | null, errors: readonly FieldError[], assets: PreviewAssets | null): string {
  if (!assets) return renderPreview({ message: 'The preview needs the SDK’s script-tag build (dist/preview in the package), which was not found.' });
  const checked = definition ? checkSurvey({ ...definition, id: definition.id || 'preview' }) : null;
  if (errors.length || !checked || !checked.ok) return renderPreview({ problems: [...errors, ...(checked && !checked.ok ? checked.errors : [])] });
  return renderPreview({ survey: checked.survey as Json, nonce: c.get('secureHeadersNonce') as string, integrity: assets.integrity });
}

/** `GET /preview/:file`: the SDK's script-tag files, for the preview page. */
export function previewFile(c: Context, assets: PreviewAssets | null): Response {
  const text = assets?.file(c.req.param('file') ?? '');
  if (!text) throw new HttpError(404, 'no such file');
  return c.body(text, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
}

/**
 * Publishes `surveys` (from configuration) as version 1, by `config`, where
 * no version of that id exists yet; an edited survey is never overwritten.
 * Throws an error naming the first invalid one.
 */
export async function seedSurveys(store: RecordsStore, surveys: readonly unknown[]): Promise<void> {
  for (const [index, survey] of surveys.entries()) {
    const checked = checkSurvey(survey);
    if (!checked.ok) throw new Error(`surveys[${index}] is not a valid survey: ${checked.errors.map((error) => `${error.path}: ${error.message}`).join('; ')}`);
    const existing = await store.surveyDefinitions.versions(checked.survey.id, 1);
    if (existing.length === 0) await store.surveyDefinitions.save({ surveyId: checked.survey.id, definition: pretty(survey), archived: false, author: 'config', at: new Date() }, 0);
  }
}
