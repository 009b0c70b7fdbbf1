import { BANDS, FOLLOW_UP_STATUSES, type Band, type FollowUpStatus, type InboxCursor, type InboxFilter } from '../store/inboxStore.js';

/** The inbox's filters as its form shows them. */
export interface InboxView extends InboxFilter {
  /** The page after this cursor, or the first. */
  readonly after: InboxCursor | null;
}

const MAX_TEXT = 128;

/** Reads `status`, `survey`, `band`, `owner` (`-` for nobody's) and `after` from the inbox URL; an unknown value is ignored. */
export function parseInboxQuery(params: URLSearchParams): InboxView {
  const status = params.get('status');
  const band = params.get('band');
  const survey = (params.get('survey') ?? '').trim().slice(0, MAX_TEXT);
  const owner = (params.get('owner') ?? '').trim().slice(0, MAX_TEXT);
  return {
    ...((FOLLOW_UP_STATUSES as readonly string[]).includes(status ?? '') ? { status: status as FollowUpStatus } : {}),
    ...((BANDS as readonly string[]).includes(band ?? '') ? { band: band as Band } : {}),
    ...(survey ? { surveyId: survey } : {}),
    ...(owner === '-' ? { owner: '' } : owner ? { owner } : {}),
    after: decodeInboxCursor(params.get('after')),
  };
}

/** The filters as a query string (`after` only when given), for links between the inbox's pages and tabs. */
export function inboxQuery(filter: InboxFilter, after: InboxCursor | null = null): string {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.surveyId) params.set('survey', filter.surveyId);
  if (filter.band) params.set('band', filter.band);
  if (filter.owner !== undefined) params.set('owner', filter.owner === '' ? '-' : filter.owner);
  if (after) params.set('after', encodeInboxCursor(after));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const encodeInboxCursor = (cursor: InboxCursor) => Buffer.from(JSON.stringify([cursor.receivedAt, cursor.recordId])).toString('base64url');

function decodeInboxCursor(text: string | null): InboxCursor | null {
  if (!text || text.length > 300) return null;
  try {
    const [receivedAt, recordId] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof receivedAt === 'string' && typeof recordId === 'string') return { receivedAt, recordId };
  } catch {
    // An unreadable cursor starts at the first page.
  }
  return null;
}
