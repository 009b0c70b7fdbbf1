// The host app's own code. Everything Hark needs is in `hark.init` and `hark.track`.
// Query parameters for trying things out: endpoint, recontactDays (global, in days), consent=false, debug.
const params = new URLSearchParams(location.search);
const endpoint = params.get('endpoint') ?? `http://${location.hostname}:8787/v1/records`;
const surveysUrl = new URL('/v1/surveys', endpoint).href;
const MINUTE = 1 / 1440; // in days: the demo uses minutes so you can watch the rules lift
const globalDays = params.has('recontactDays') ? Number(params.get('recontactDays')) : 0.5 * MINUTE;

hark.init({
  endpoint,
  user: { id: 'demo-user', attributes: { plan: 'pro', email: 'demo@example.com' } },
  recontactDays: globalDays,
  consent: params.get('consent') !== 'false',
  respectDoNotTrack: params.has('dnt'),
  debug: params.has('debug'),
  // Privacy: the collector never sees the email address.
  beforeSend: (record) => {
    if (record.attributes) delete record.attributes.email;
    return record;
  },
  // checkout-nps comes from the collector, where it is edited on its Surveys page without a deploy
  // (examples/collector-surveys.json is its first version): the next page load asks the new question.
  surveysUrl,
  surveys: [
    {
      id: 'reports-csat',
      kind: 'csat',
      question: 'How satisfied are you with Reports?',
      triggers: [{ on: 'pageview', url: { contains: 'view=reports' } }],
      delayMs: 1500,
      frequency: { recontactDays: 2 * MINUTE, dismissCooldownDays: MINUTE },
    },
    {
      id: 'export-ces',
      kind: 'ces',
      question: 'How easy was it to export your report?',
      triggers: [{ on: 'click', selector: '#export' }],
      frequency: { recontactDays: 2 * MINUTE, dismissCooldownDays: MINUTE },
    },
    {
      id: 'exit-csat',
      kind: 'csat',
      question: 'Before you go: how satisfied are you with Acme today?',
      triggers: [{ on: 'exit-intent' }],
      frequency: { recontactDays: 2 * MINUTE, dismissCooldownDays: MINUTE, ignoredCooldownDays: MINUTE },
    },
    {
      id: 'docs-scroll-csat',
      kind: 'csat',
      question: 'Did the docs answer your question?',
      triggers: [{ on: 'scroll', percent: 70 }],
      targeting: { urls: [{ contains: 'view=docs' }] },
      frequency: { recontactDays: 2 * MINUTE, dismissCooldownDays: MINUTE },
    },
    {
      id: 'account-time-nps',
      kind: 'nps',
      question: 'How likely are you to recommend your Acme account settings?',
      triggers: [{ on: 'time', seconds: 15 }],
      targeting: { urls: [{ contains: 'view=account' }] },
      frequency: { recontactDays: 2 * MINUTE, dismissCooldownDays: MINUTE },
    },
    {
      id: 'upgrade-nps',
      kind: 'nps',
      question: 'How likely are you to upgrade to Pro?',
      triggers: [{ on: 'event', event: 'upgrade_viewed', nth: 3 }],
      targeting: { attributes: { plan: { in: ['free'] } } },
      frequency: { recontactDays: 2 * MINUTE, dismissCooldownDays: MINUTE },
    },
    {
      id: 'sampled-nps',
      kind: 'nps',
      question: 'You are in the 50% sample: how likely are you to recommend Acme?',
      triggers: [{ on: 'event', event: 'sample_me' }],
      targeting: { sample: 0.5 },
      frequency: { recontactDays: 2 * MINUTE, dismissCooldownDays: MINUTE },
    },
  ],
});

hark.on('error', (error) => console.warn(error.code, error.message));
const $ = (id) => document.getElementById(id);

// A tiny SPA router: pushState plus popstate, as any single-page app does.
function render() {
  const view = new URLSearchParams(location.search).get('view') ?? 'cart';
  for (const page of document.querySelectorAll('[data-page]')) page.hidden = page.dataset.page !== view;
  for (const link of document.querySelectorAll('[data-view]')) link.toggleAttribute('aria-current', link.dataset.view === view);
}
document.querySelector('nav').addEventListener('click', (event) => {
  const link = event.target.closest('[data-view]');
  if (!link) return;
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set('view', link.dataset.view);
  history.pushState({}, '', url);
  render();
});
addEventListener('popstate', render);
render();

$('checkout').addEventListener('click', () => {
  $('status').textContent = 'Order placed. Thank you!';
  hark.track('checkout_completed', { plan: 'pro' });
});
$('add-export').addEventListener('click', () => {
  const button = document.createElement('button');
  button.id = 'export';
  button.type = 'button';
  button.textContent = 'Export report';
  $('export-slot').replaceChildren(button);
});
$('plan').addEventListener('change', (event) => hark.identify('demo-user', { plan: event.target.value }));
$('view-upgrade').addEventListener('click', () => hark.track('upgrade_viewed'));
$('sample').addEventListener('click', () => hark.track('sample_me'));
$('open-modal').addEventListener('click', () => $('modal').showModal());
$('close-modal').addEventListener('click', () => $('modal').close());
$('logout').addEventListener('click', () => hark.reset().then(() => hark.identify('demo-user', { plan: $('plan').value })));
$('global-window').textContent = `${Math.round(globalDays * 86400)} s`;

// explain(surveyId) answers "why is my survey (not) showing?", in sentences: this page loads hark.debug.min.js (hark.min.js gives the status and the blocking rules only); consent(true) releases what consent: false held.
const select = $('explain-survey');
for (const survey of hark.client?.config.surveys ?? []) select.append(new Option(survey.id, survey.id));
// The collector's surveys too (public, as the SDK reads them), first in the list.
fetch(surveysUrl)
  .then((response) => response.json())
  .then(({ surveys }) => select.prepend(...surveys.map((survey) => new Option(survey.id, survey.id))))
  .then(() => (select.selectedIndex = 0))
  .catch(() => undefined);
$('explain').addEventListener('click', () => {
  $('explanation').textContent = hark.explain(select.value)?.message ?? 'Hark is not initialised.';
});
if (hark.getState() && !hark.getState().consent) {
  $('consent').hidden = false;
  $('consent').addEventListener('click', () => {
    hark.consent(true);
    $('consent').hidden = true;
  });
}

const text = (value) => document.createTextNode(value == null ? '' : String(value));
async function refresh() {
  const body = document.querySelector('#records tbody');
  try {
    // Reading answers needs the collector's admin credential; the demo server asks with its own (examples/demo-server.mjs).
    const response = await fetch('/demo/records');
    if (!response.ok) throw new Error(`demo records: ${response.status}`);
    const { records } = await response.json();
    body.replaceChildren(
      ...records.map((row) => {
        const tr = document.createElement('tr');
        for (const value of [row.type, row.surveyId, row.score, row.comment, row.createdAt]) {
          const td = document.createElement('td');
          td.append(text(value));
          tr.append(td);
        }
        return tr;
      }),
    );
  } catch {
    body.replaceChildren(text('The stored records are not readable here; sign in to the results page instead.'));
  }
}
$('refresh').addEventListener('click', refresh);
$('json-link').href = new URL('/', endpoint).href;
hark.on('sent', refresh);
refresh();
