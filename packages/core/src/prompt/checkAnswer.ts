import { HarkError } from '../errors.js';
import type { ActivePrompt } from '../client/state.js';
import type { Answer } from '../client/types.js';
import { toJson } from '../toJson.js';

/** `submit(answer)`'s argument, checked against the prompt on screen. */
export function checkAnswer(prompt: ActivePrompt, answer: unknown): Answer {
  const { score, comment } = (answer ?? {}) as Partial<Answer>;
  const { min, max } = prompt.scale;
  if (typeof score !== 'number' || !Number.isInteger(score) || score < min || score > max) {
    throw new HarkError('invalid_answer', `submit({ score }): score must be an integer from ${min} to ${max}, got ${toJson(score)}`, { field: 'score' });
  }
  const limit = prompt.survey.followUp?.maxLength ?? 1000;
  if (comment !== undefined && (typeof comment !== 'string' || comment.length > limit)) {
    throw new HarkError('invalid_answer', `submit({ comment }): comment must be a string of at most ${limit} characters`, { field: 'comment' });
  }
  return comment === undefined ? { score } : { score, comment };
}
