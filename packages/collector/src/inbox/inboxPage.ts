import { FOLLOW_UP_STATUSES, type FollowUpStatus, type InboxCursor, type InboxFilter, type InboxItem } from '../store/inboxStore.js';
import { triggerName } from '../store/dimensions.js';
import type { StoredRecord } from '../store/types.js';
import { escapeHtml as e } from '../results/html.js';
import { adminPage } from '../results/pageStyle.js';
import { inboxQuery } from './inboxFilter.js';

/** What the inbox list is drawn from. */
export interface InboxListView {
  readonly filter: InboxFilter;
  readonly items: readonly InboxItem[];
  readonly next: InboxCursor | null;
  /** Whether this is a later page (a link back to the first). */
  readonly later: boolean;
  readonly counts: Record<FollowUpStatus, number>;
  readonly owners: readonly string[];
  readonly surveyIds: readonly string[];
  /** The list's own URL, for forms to come back to. */
  readonly here: string;
}

const STATUS_WORDS: Record<FollowUpStatus, string> = { new: 'New', contacted: 'Contacted', resolved: 'Resolved' };
const BAND_WORDS = { low: 'Low (detractors)', mid: 'Middle (passives)', high: 'High (promoters)' } as const;

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');
const headline = (item: Pick<InboxItem, 'kind' | 'score' | 'surveyId'>) => `${item.kind.toUpperCase()} ${item.score ?? '—'} on ${item.surveyId}`;

/** The page an answer was given on: its path (the query can carry personal data of its own). */
export function pageOf(url: string | undefined): string {
  if (!url) return '—';
  return URL.canParse(url) ? new URL(url).pathname : url.slice(0, 200);
}

const attributes = (record: InboxItem['record']) =>
  Object.entries(record?.attributes ?? {})
    .slice(0, 12)
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`.slice(0, 120));

function statusForm(item: InboxItem, status: FollowUpStatus, label: string, here: string): string {
  return `<form method="post" action="/inbox/${e(encodeURIComponent(item.recordId))}"><input type="hidden" name="status" value="${status}"><input type="hidden" name="return" value="${e(here)}"><button type="submit" class="quiet">${label}<span class="sr"> (${e(headline(item))}, ${e(item.record?.userId ?? 'anonymous')})</span></button></form>`;
}

function listItem(item: InboxItem, here: string): string {
  const record = item.record;
  const comment = record?.type === 'response' && record.comment ? `<p class="comment">“${e(record.comment)}”</p>` : '<p class="muted">No comment.</p>';
  const meta = [
    `Received ${when(item.receivedAt)}`,
    `User ${record?.userId ?? 'anonymous'}`,
    ...attributes(record),
    `Page ${pageOf(record?.context?.url)}`,
    `Trigger ${triggerName(record?.trigger)}`,
    `Owner ${item.owner ?? 'nobody'}`,
  ]
    .map((text) => `<span>${e(text)}</span>`)
    .join('');
  const actions = [
    item.status === 'new' ? statusForm(item, 'contacted', 'Mark contacted', here) : '',
    item.status !== 'resolved' ? statusForm(item, 'resolved', 'Resolve', here) : '',
    item.status !== 'new' ? statusForm(item, 'new', 'Reopen', here) : '',
  ].join('');
  return `<li><h3><a href="/inbox/${e(encodeURIComponent(item.recordId))}">${e(headline(item))}</a> <span class="badge">${e(STATUS_WORDS[item.status])}</span></h3>${comment}<p class="meta">${meta}</p><div class="row-actions">${actions}</div></li>`;
}

function filterForm(view: InboxListView): string {
  const { filter } = view;
  const option = (value: string, text: string, selected: boolean) => `<option value="${e(value)}"${selected ? ' selected' : ''}>${e(text)}</option>`;
  const statuses = option('', 'Any', !filter.status) + FOLLOW_UP_STATUSES.map((status) => option(status, STATUS_WORDS[status], filter.status === status)).join('');
  const bands = option('', 'Any', !filter.band) + (['low', 'mid', 'high'] as const).map((band) => option(band, BAND_WORDS[band], filter.band === band)).join('');
  const owners = option('', 'Anyone', filter.owner === undefined) + option('-', 'Nobody', filter.owner === '') + view.owners.map((owner) => option(owner, owner, filter.owner === owner)).join('');
  const surveys = view.surveyIds.map((id) => `<option value="${e(id)}"></option>`).join('');
  return `<form class="panel" method="get" action="/inbox" aria-label="Inbox filters"><label>Status<select name="status">${statuses}</select></label><label>Survey<input type="search" name="survey" list="inbox-surveys" value="${e(filter.surveyId ?? '')}" placeholder="All surveys" maxlength="128" autocomplete="off"></label><datalist id="inbox-surveys">${surveys}</datalist><label>Score band<select name="band">${bands}</select></label><label>Owner<select name="owner">${owners}</select></label><button type="submit">Apply</button></form>`;
}

function tabs(view: InboxListView): string {
  const { filter, counts } = view;
  const all = counts.new + counts.contacted + counts.resolved;
  const tab = (status: FollowUpStatus | undefined, text: string, count: number) =>
    `<a href="/inbox${e(inboxQuery({ ...filter, status }))}"${filter.status === status ? ' aria-current="page"' : ''}>${text} (${count})</a>`;
  return `<nav class="tabs" aria-label="By status">${tab('new', 'New', counts.new)}${tab('contacted', 'Contacted', counts.contacted)}${tab('resolved', 'Resolved', counts.resolved)}${tab(undefined, 'All', all)}</nav>`;
}

/** The inbox: filters, one tab per status with its count, a page of answers newest first, each with its quick actions. */
export function renderInboxList(view: InboxListView): string {
  const list = view.items.length ? `<ol class="items" aria-label="Answers to follow up">${view.items.map((item) => listItem(item, view.here)).join('')}</ol>` : '<p>Nothing here. Low answers arrive here as they come in; any answer can be added from its page.</p>';
  const pages = [view.later ? `<a href="/inbox${e(inboxQuery(view.filter))}">Newest</a>` : '', view.next ? `<a href="/inbox${e(inboxQuery(view.filter, view.next))}" rel="next">Older answers</a>` : ''].join('');
  return adminPage(
    'Inbox',
    'Inbox',
    `<h2>Inbox</h2><p>Every detractor and low score arrives here; follow each one up, then mark it contacted or resolved. Any other answer can be added from its page.</p>${filterForm(view)}${tabs(view)}${list}${pages ? `<nav class="pages" aria-label="Inbox pages">${pages}</nav>` : ''}`,
  );
}

/** What one answer's page is drawn from. */
export interface InboxItemView {
  /** The follow-up, or null when the answer is not in the inbox. */
  readonly item: InboxItem | null;
  readonly record: StoredRecord;
  readonly owners: readonly string[];
  /** Who is signed in, offered as the owner. */
  readonly who: string;
  readonly saved: boolean;
}

function details(record: StoredRecord): string {
  const r = record.record;
  const rows: Array<[string, string]> = [
    ['Survey', record.surveyId],
    ['Score', r.type === 'response' ? `${r.score} (${r.category}, scale ${r.scale.min}–${r.scale.max})` : r.type],
    ['Question', r.type === 'response' ? r.question : '—'],
    ['User id', r.userId ?? 'anonymous'],
    ['Anonymous id', r.anonymousId],
    ['Page', r.context?.url ?? '—'],
    ['Locale', r.context?.locale ?? '—'],
    ['Trigger', triggerName(r.trigger)],
    ['Received', when(record.receivedAt)],
    ['Made on the device', when(record.createdAt)],
  ];
  const attributeRows = Object.entries(r.attributes ?? {}).map(([key, value]): [string, string] => [`Attribute ${key}`, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  return `<dl class="tiles">${[...rows, ...attributeRows].map(([term, value]) => `<div><dt>${e(term)}</dt><dd><small>${e(value)}</small></dd></div>`).join('')}</dl>`;
}

/** One answer: everything about it, and its follow-up form (or a button to add it to the inbox). */
export function renderInboxItem(view: InboxItemView): string {
  const { record, item } = view;
  const r = record.record;
  const action = `/inbox/${e(encodeURIComponent(record.id))}`;
  const comment = r.type === 'response' && r.comment ? `<blockquote class="comment">${e(r.comment)}</blockquote>` : '<p class="muted">No comment.</p>';
  const owners = view.owners.map((owner) => `<option value="${e(owner)}"></option>`).join('');
  const followUp = item
    ? `<form method="post" action="${action}" class="stack" aria-label="Follow-up"><fieldset><legend>Status</legend>${FOLLOW_UP_STATUSES.map((status) => `<label class="inline"><input type="radio" name="status" value="${status}"${item.status === status ? ' checked' : ''}> ${STATUS_WORDS[status]}</label>`).join('')}</fieldset><label>Owner<input type="text" name="owner" list="owners" value="${e(item.owner ?? '')}" placeholder="Nobody (e.g. ${e(view.who)})" maxlength="100"></label><datalist id="owners">${owners}</datalist><label>Notes<textarea name="notes" maxlength="5000">${e(item.notes ?? '')}</textarea></label><div class="row-actions"><button type="submit">Save</button><button type="submit" name="next" value="1" class="quiet">Save and open the next new one</button></div></form><p class="meta"><span>${e(item.reason === 'low score' ? 'In the inbox for its low score' : `In the inbox: ${item.reason}`)}</span><span>First contact ${e(when(item.firstContactedAt))}</span><span>Last change ${e(when(item.updatedAt))}${item.updatedBy ? ` by ${e(item.updatedBy)}` : ''}</span></p>`
    : r.type === 'response'
      ? `<p>This answer is not in the inbox.</p><form method="post" action="${action}/add"><button type="submit">Follow up on this answer</button></form>`
      : '<p>Only answers can be followed up.</p>';
  const title = r.type === 'response' ? `${r.kind.toUpperCase()} ${r.score} on ${r.surveyId}` : `${r.type} on ${r.surveyId}`;
  return adminPage(
    title,
    'Inbox',
    `<p><a href="/inbox">← Inbox</a></p><h2>${e(title)}${item ? ` <span class="badge">${e(STATUS_WORDS[item.status])}</span>` : ''}</h2>${view.saved ? '<p class="notice" role="status">Saved.</p>' : ''}${comment}${followUp}<h3>The answer</h3>${details(record)}`,
  );
}
