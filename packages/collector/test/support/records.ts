import { request } from 'node:http';
import type { SurveyKind } from '@hark/core/schema';
import { categorize } from '@hark/core/schema';

let counter = 0;

/** A fresh, valid UUID (v7 layout) for a test record; `n` makes it predictable. */
export function uuid(n = ++counter): string {
  const hex = n.toString(16).padStart(12, '0');
  return `01a20e35-c721-73ca-886e-${hex}`;
}

/** A valid response record. */
export function response(overrides: { id?: string; surveyId?: string; kind?: SurveyKind; score?: number; comment?: string; createdAt?: string; scale?: { min: number; max: number } } = {}) {
  const kind = overrides.kind ?? 'nps';
  const scale = overrides.scale ?? (kind === 'nps' ? { min: 0, max: 10 } : kind === 'csat' ? { min: 1, max: 5 } : { min: 1, max: 7 });
  const score = overrides.score ?? 9;
  return {
    id: overrides.id ?? uuid(),
    type: 'response' as const,
    surveyId: overrides.surveyId ?? 'nps-q4',
    kind,
    score,
    scale,
    category: categorize(kind, score, scale),
    question: 'How likely are you to recommend Acme?',
    ...(overrides.comment === undefined ? {} : { comment: overrides.comment }),
    userId: 'u_1',
    anonymousId: 'a_1',
    attributes: { plan: 'pro' },
    createdAt: overrides.createdAt ?? '2026-11-24T12:00:00.000Z',
  };
}

/** A valid shown/dismissed record. */
export function event(type: 'shown' | 'dismissed', overrides: { id?: string; surveyId?: string; kind?: SurveyKind; createdAt?: string } = {}) {
  return {
    id: overrides.id ?? uuid(),
    type,
    surveyId: overrides.surveyId ?? 'nps-q4',
    kind: overrides.kind ?? 'nps',
    anonymousId: 'a_1',
    createdAt: overrides.createdAt ?? '2026-11-24T11:59:00.000Z',
  };
}

/** A request body around `records`. */
export function batch(...records: unknown[]) {
  return { sdk: { name: 'hark', version: '0.1.0' }, sentAt: '2026-11-24T12:00:01.000Z', records };
}

/** POSTs a body (objects as JSON) with the usual headers. */
export function post(endpoint: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body instanceof Uint8Array ? new Blob([new Uint8Array(body)]) : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A GET with headers fetch will not send as given (`Host`), over node:http. Resolves to the status and body. */
export function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
