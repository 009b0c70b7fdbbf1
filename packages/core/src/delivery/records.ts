import { categorize } from '../schema/scoring.js';
import type { ResponseRecord, EventRecord } from '../schema/wire.js';
import type { ActivePrompt, UserState } from '../client/state.js';

/** What every record of one prompt shares. */
export interface RecordContext {
  readonly id: string;
  readonly seq: number;
  readonly now: number;
  readonly anonymousId: string;
  readonly user: UserState;
  readonly url: string | undefined;
  readonly locale: string;
}

function base(prompt: ActivePrompt, ctx: RecordContext) {
  const attributes = Object.keys(ctx.user.attributes).length > 0 ? { attributes: { ...ctx.user.attributes } } : {};
  return {
    id: ctx.id,
    surveyId: prompt.survey.id,
    kind: prompt.survey.kind,
    userId: ctx.user.id,
    anonymousId: ctx.anonymousId,
    ...attributes,
    trigger: { ...prompt.trigger },
    context: { ...(ctx.url ? { url: ctx.url } : {}), locale: ctx.locale },
    seq: ctx.seq,
    createdAt: new Date(ctx.now).toISOString(),
  };
}

/** A `shown` or `dismissed` record. */
export function eventRecord(type: EventRecord['type'], prompt: ActivePrompt, ctx: RecordContext): EventRecord {
  return { ...base(prompt, ctx), type };
}

/** A `response` record: self-describing, with scale, category and the question as shown. */
export function responseRecord(prompt: ActivePrompt, score: number, comment: string | undefined, ctx: RecordContext): ResponseRecord {
  const trimmed = comment?.trim();
  return {
    ...base(prompt, ctx),
    type: 'response',
    score,
    scale: { ...prompt.scale },
    category: categorize(prompt.survey.kind, score, prompt.scale),
    question: prompt.question,
    ...(trimmed ? { comment: trimmed } : {}),
  };
}
