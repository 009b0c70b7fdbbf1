import type { Context } from 'hono';
import { HttpError } from '../http/httpError.js';
import { FOLLOW_UP_STATUSES, type FollowUpChange, type FollowUpStatus, type InboxFilter } from '../store/inboxStore.js';
import type { RecordsStore } from '../store/types.js';
import { inboxQuery, parseInboxQuery } from './inboxFilter.js';
import { renderInboxItem, renderInboxList } from './inboxPage.js';

/** Answers on one page of the inbox. */
export const INBOX_PAGE_SIZE = 50;
/** Survey ids offered in the inbox's filter. */
const SUGGESTED_SURVEYS = 200;

/** Who the admin door says is signed in. */
export const whoIs = (c: Context): string => (c.get('who') as string | undefined) ?? 'admin';

/** A path on this collector to go back to; anything else becomes `fallback`. */
const localPath = (value: unknown, fallback: string) => (typeof value === 'string' && /^\/(?![/\\])/.test(value) && value.length <= 2000 ? value : fallback);

const withoutStatus = ({ status: _status, ...rest }: InboxFilter): Omit<InboxFilter, 'status'> => rest;

/** `GET /inbox`: a page of follow-ups, newest first, with the filters in the URL. */
export async function inboxList(c: Context, store: RecordsStore): Promise<Response> {
  const url = new URL(c.req.url);
  const { after, ...filter } = parseInboxQuery(url.searchParams);
  const [page, counts, owners, surveys] = await Promise.all([
    store.inbox.list(filter, { limit: INBOX_PAGE_SIZE, after }),
    store.inbox.counts(withoutStatus(filter)),
    store.inbox.owners(),
    store.surveys({}, { offset: 0, limit: SUGGESTED_SURVEYS }),
  ]);
  return c.html(renderInboxList({ filter, items: page.items, next: page.next, later: after !== null, counts, owners, surveyIds: surveys.surveyIds, here: `/inbox${inboxQuery(filter, after)}` }));
}

/** `GET /inbox/:id`: one answer and its follow-up (any stored record can be looked at, and an answer added). */
export async function inboxItem(c: Context, store: RecordsStore): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const [record, item, owners] = await Promise.all([store.record(id), store.inbox.get(id), store.inbox.owners()]);
  if (!record) throw new HttpError(404, 'no record with this id is stored');
  return c.html(renderInboxItem({ record, item, owners, who: whoIs(c), saved: c.req.query('saved') === '1' }));
}

/**
 * `POST /inbox/:id`: changes status, owner and notes (any of them; a form
 * that leaves a field out leaves it alone), then goes back to `return`, to
 * the next new answer (`next`), or to the answer's page.
 */
export async function updateInboxItem(c: Context, store: RecordsStore): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const form = await c.req.parseBody();
  const status = typeof form.status === 'string' ? form.status : undefined;
  if (status !== undefined && !(FOLLOW_UP_STATUSES as readonly string[]).includes(status)) throw new HttpError(400, `status must be one of ${FOLLOW_UP_STATUSES.join(', ')}`);
  const change: FollowUpChange = {
    ...(status ? { status: status as FollowUpStatus } : {}),
    ...(typeof form.owner === 'string' ? { owner: form.owner } : {}),
    ...(typeof form.notes === 'string' ? { notes: form.notes } : {}),
  };
  const updated = await store.inbox.update(id, change, whoIs(c), new Date());
  if (!updated) throw new HttpError(404, 'this answer is not in the inbox');
  if (form.next === '1') {
    const { items } = await store.inbox.list({ status: 'new' }, { limit: 2 });
    const next = items.find((item) => item.recordId !== updated.recordId);
    return c.redirect(next ? `/inbox/${encodeURIComponent(next.recordId)}` : '/inbox?status=new', 303);
  }
  return c.redirect(localPath(form.return, `/inbox/${encodeURIComponent(updated.recordId)}?saved=1`), 303);
}

/** `POST /inbox/:id/add`: puts an answer in the inbox on demand. */
export async function addToInbox(c: Context, store: RecordsStore): Promise<Response> {
  const id = c.req.param('id') ?? '';
  if (!(await store.inbox.add(id, whoIs(c), new Date()))) throw new HttpError(404, 'no answer with this id is stored');
  return c.redirect(`/inbox/${encodeURIComponent(id.toLowerCase())}`, 303);
}
