import { within } from '@testing-library/dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '@hark/collector';
import { adminFetch, signInAs, submitForm, testAdmin } from './support/admin';
import { backends } from './support/backends';
import { renderHtml } from './support/page';

const CHECKOUT = {
  id: 'checkout-nps',
  kind: 'nps',
  question: 'How likely are you to recommend Acme?',
  followUp: { byScore: { low: 'What went wrong?' } },
  labels: { low: 'Not likely', high: 'Very likely' },
  triggers: [{ on: 'event', event: 'checkout_completed' }],
  frequency: { recontactDays: 30 },
};
const APP = 'https://app.example';

describe.each(backends())('survey definitions ($name)', (backend) => {
  let collector: RunningCollector;
  let cookie: string;
  const surveys = (headers: Record<string, string> = {}) => fetch(`${collector.url}/v1/surveys`, { headers });
  const editor = async (path = '/surveys/checkout-nps') => renderHtml(await (await adminFetch(`${collector.url}${path}`)).text());

  beforeAll(async () => {
    if (backend.skip) return;
    collector = await startCollector({ ...(await backend.fresh()), port: 0, rateLimit: false, allowedOrigins: [APP], admin: await testAdmin(), surveys: [CHECKOUT] });
    cookie = await signInAs(collector.url, 'Ada');
  }, 60_000);
  afterAll(async () => {
    await collector?.close();
  });

  it.skipIf(backend.skip)('serves the published surveys as surveysUrl expects, with an ETag, revalidated on every load, CORS for the app only', async () => {
    const res = await surveys({ Origin: APP });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ surveys: [CHECKOUT] });
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/ETag/i);
    const again = await surveys({ 'If-None-Match': etag, Origin: APP });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    const preflight = await fetch(`${collector.url}/v1/surveys`, { method: 'OPTIONS', headers: { Origin: APP, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' } });
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/If-None-Match/i);
    expect((await surveys({ Origin: 'https://evil.test' })).headers.get('access-control-allow-origin')).toBeNull();
  });

  it.skipIf(backend.skip)('changes the question through the form: a new version, by its author, served at once with a new ETag; the rest kept', async () => {
    const before = (await surveys()).headers.get('etag');
    const form = editor();
    const values = Object.fromEntries([...(await form).document.querySelectorAll<HTMLInputElement>('form[aria-label="Survey"] [name]')].filter((field) => field.type !== 'radio' || field.checked).map((field) => [field.name, field.value]));
    expect(values).toMatchObject({ base: '1', kind: 'nps', question: CHECKOUT.question, followUpLow: 'What went wrong?', trigger0On: 'event', trigger0Value: 'checkout_completed', recontactDays: '30' });
    const saved = await submitForm(collector.url, '/surveys/checkout-nps', { ...values, question: 'What is one thing we could do better?', sample: '50' }, cookie);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/surveys/checkout-nps?saved=2');
    const res = await surveys();
    expect(res.headers.get('etag')).not.toBe(before);
    // Labels are not on the form: they are kept as they were.
    expect(await res.json()).toEqual({ surveys: [{ ...CHECKOUT, question: 'What is one thing we could do better?', targeting: { sample: 0.5 } }] });
    const page = (await editor('/surveys/checkout-nps?saved=2')).screen;
    expect(page.getByRole('status').textContent).toMatch(/Saved as version 2/);
    const history = within(page.getByRole('table', { name: 'Versions' })).getAllByRole('row').slice(1).map((row) => [...row.querySelectorAll('td')].slice(0, 2).map((cell) => cell.textContent));
    expect(history).toEqual([['2', 'Ada'], ['1', 'config']]);
  });

  it.skipIf(backend.skip)('refuses an invalid survey with the problem next to its field, and saves nothing', async () => {
    const before = await (await surveys()).text();
    const values = { base: '2', kind: 'nps', display: 'stars', question: 'Q?', trigger0On: 'scroll', trigger0Value: '150', sample: 'half' };
    const refused = await submitForm(collector.url, '/surveys/checkout-nps', values, cookie);
    expect(refused.status).toBe(400);
    const page = renderHtml(await refused.text()).screen;
    const display = page.getByLabelText(/^Display/);
    expect(display.getAttribute('aria-invalid')).toBe('true');
    expect(page.getByText(/stars and faces are for kind "csat"/, { selector: '.error' }).id).toBe(display.getAttribute('aria-describedby'));
    expect(page.getByLabelText('Event, page, selector, % or seconds', { selector: '#f-trigger0Value' }).getAttribute('aria-invalid')).toBe('true');
    expect(page.getByLabelText(/^Sample/).getAttribute('aria-invalid')).toBe('true');
    expect(within(page.getByRole('alert')).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'targeting.sample: must be a number',
      'triggers[0].percent: Too big: expected number to be <=100',
      'display: stars and faces are for kind "csat"; use "numbers" for nps and ces',
    ]);
    // What was typed is still there, to fix.
    expect((page.getByLabelText(/^Question/) as HTMLInputElement).value).toBe('Q?');
    expect(await (await surveys()).text()).toBe(before);
  });

  it.skipIf(backend.skip)('saves the whole definition as JSON, checked by the same schema, naming the path of a problem', async () => {
    const bad = await submitForm(collector.url, '/surveys/checkout-nps', { base: '2', json: JSON.stringify({ ...CHECKOUT, thankYou: 'Thanks!', colour: 'red' }) }, cookie);
    expect(bad.status).toBe(400);
    expect(renderHtml(await bad.text()).screen.getByRole('alert').textContent).toMatch(/colour/);
    const broken = await submitForm(collector.url, '/surveys/checkout-nps', { base: '2', json: '{ "id": ' }, cookie);
    expect(renderHtml(await broken.text()).screen.getByRole('alert').textContent).toMatch(/\(the JSON\): /);
    const renamed = await submitForm(collector.url, '/surveys/checkout-nps', { base: '2', json: JSON.stringify({ ...CHECKOUT, id: 'other' }) }, cookie);
    expect(renderHtml(await renamed.text()).screen.getByRole('alert').textContent).toMatch(/the id stays "checkout-nps"/);
    const good = await submitForm(collector.url, '/surveys/checkout-nps', { base: '2', json: JSON.stringify({ ...CHECKOUT, thankYou: 'Thanks!' }) }, cookie);
    expect(good.headers.get('location')).toBe('/surveys/checkout-nps?saved=3');
    expect(((await (await surveys()).json()) as { surveys: Array<{ thankYou?: string }> }).surveys[0]!.thankYou).toBe('Thanks!');
  });

  it.skipIf(backend.skip)('does not let one editor overwrite another unseen', async () => {
    const first = await submitForm(collector.url, '/surveys/checkout-nps', { base: '3', json: JSON.stringify({ ...CHECKOUT, question: 'First?' }) }, cookie);
    expect(first.status).toBe(303);
    const second = await submitForm(collector.url, '/surveys/checkout-nps', { base: '3', json: JSON.stringify({ ...CHECKOUT, question: 'Second?' }) }, cookie);
    expect(second.status).toBe(409);
    expect(renderHtml(await second.text()).screen.getByRole('status').textContent).toMatch(/Version 4 was saved by someone else/);
    expect(((await (await surveys()).json()) as { surveys: Array<{ question: string }> }).surveys[0]!.question).toBe('First?');
  });

  it.skipIf(backend.skip)('creates a survey, archives it (no longer served) and publishes it again', async () => {
    const created = await submitForm(collector.url, '/surveys/new', { base: '0', id: 'docs-csat', kind: 'csat', display: 'stars', trigger0On: 'scroll', trigger0Value: '70' }, cookie);
    expect(created.headers.get('location')).toBe('/surveys/docs-csat?saved=1');
    const ids = async () => ((await (await surveys()).json()) as { surveys: Array<{ id: string }> }).surveys.map((survey) => survey.id);
    expect(await ids()).toEqual(['checkout-nps', 'docs-csat']);
    const taken = await submitForm(collector.url, '/surveys/new', { base: '0', id: 'docs-csat', kind: 'csat', trigger0On: 'exit-intent' }, cookie);
    expect(renderHtml(await taken.text()).screen.getByRole('alert').textContent).toMatch(/a survey with the id "docs-csat" exists/);
    expect((await submitForm(collector.url, '/surveys/docs-csat/archive', { base: '1', archived: '1' }, cookie)).status).toBe(303);
    expect(await ids()).toEqual(['checkout-nps']);
    expect((await submitForm(collector.url, '/surveys/docs-csat/archive', { base: '2', archived: '0' }, cookie)).status).toBe(303);
    expect(await ids()).toEqual(['checkout-nps', 'docs-csat']);
    const list = renderHtml(await (await adminFetch(`${collector.url}/surveys`)).text()).screen;
    expect(within(list.getByRole('table', { name: 'Surveys' })).getAllByRole('row').slice(1).map((row) => row.querySelector('td')!.textContent)).toEqual(['checkout-nps', 'docs-csat']);
    expect(list.getByText(`${collector.url}/v1/surveys`)).toBeTruthy();
  });

  it.skipIf(backend.skip)('previews with the real widget: the one page allowed a script, by nonce, framed by the editor only', async () => {
    const preview = await adminFetch(`${collector.url}/surveys/checkout-nps/preview`);
    const csp = preview.headers.get('content-security-policy')!;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toMatch(/frame-ancestors 'self'/);
    const html = renderHtml(await preview.text());
    const scripts = [...html.document.querySelectorAll('script')];
    expect(scripts.map((script) => [script.getAttribute('src'), script.getAttribute('type'), script.getAttribute('nonce')])).toEqual([
      ['/preview/hark.min.js', null, nonce],
      [null, 'application/json', null],
      [null, null, nonce],
    ]);
    expect(scripts[0]!.getAttribute('integrity')).toMatch(/^sha384-/);
    const bundle = await adminFetch(`${collector.url}/preview/hark.min.js`);
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await adminFetch(`${collector.url}/preview/..%2Fpackage.json`)).status).toBe(404);
    // The editor frames it; no other page runs a script or may be framed.
    const edit = await adminFetch(`${collector.url}/surveys/checkout-nps`);
    expect(edit.headers.get('content-security-policy')).toMatch(/script-src 'none'.*frame-src 'self'.*frame-ancestors 'none'/);
    expect((await adminFetch(`${collector.url}/inbox`)).headers.get('content-security-policy')).toMatch(/script-src 'none'; style-src [^;]+; frame-src 'none'/);
    // A draft is previewed without being saved; an invalid one says why.
    const draft = await submitForm(collector.url, '/surveys/preview', { surveyId: 'checkout-nps', base: '4', kind: 'nps', question: 'Draft question?', trigger0On: 'event', trigger0Value: 'x' }, cookie);
    expect(renderHtml(await draft.text()).document.getElementById('hark-draft')!.textContent).toContain('Draft question?');
    const invalid = await submitForm(collector.url, '/surveys/preview', { surveyId: 'checkout-nps', json: '{"id":"x","kind":"nps","triggers":[]}' }, cookie);
    expect(renderHtml(await invalid.text()).screen.getByRole('alert').textContent).toMatch(/cannot be shown/);
    expect(((await (await surveys()).json()) as { surveys: Array<{ question: string }> }).surveys[0]!.question).toBe('First?');
  });
});
