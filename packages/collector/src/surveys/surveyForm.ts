import { SurveySchema, type Survey } from '@hark/core/schema';

/** A form's fields, by their `name`, as text. */
export type FormValues = Readonly<Record<string, string>>;

/** A problem with one field (its form `name`, or null when the form has no field for it) or with the JSON at `path`. */
export interface FieldError {
  readonly field: string | null;
  /** Where in the definition, as `triggers[0].event`. */
  readonly path: string;
  readonly message: string;
}

/** Trigger rows the form offers; more triggers are edited in JSON. */
export const TRIGGER_ROWS = 4;
/** The trigger kinds the form's rows can hold. */
export const FORM_TRIGGERS = ['event', 'pageview', 'click', 'exit-intent', 'scroll', 'time'] as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const scalar = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);

/** A trigger as a form row, or null when a row cannot hold it (a `where`, an object URL rule, exclusions). */
function triggerRow(trigger: unknown): { on: string; value: string; nth: string } | null {
  if (!isObject(trigger)) return null;
  const keys = Object.keys(trigger).sort().join(',');
  switch (trigger.on) {
    case 'event':
      return keys === 'event,on' || keys === 'event,nth,on' ? { on: 'event', value: String(trigger.event), nth: trigger.nth === undefined ? '' : String(trigger.nth) } : null;
    case 'pageview':
      return keys === 'on' ? { on: 'pageview', value: '', nth: '' } : keys === 'on,url' && typeof trigger.url === 'string' ? { on: 'pageview', value: trigger.url, nth: '' } : null;
    case 'click':
      return keys === 'on,selector' ? { on: 'click', value: String(trigger.selector), nth: '' } : null;
    case 'exit-intent':
      return keys === 'on' ? { on: 'exit-intent', value: '', nth: '' } : null;
    case 'scroll':
      return keys === 'on,percent' ? { on: 'scroll', value: String(trigger.percent), nth: '' } : null;
    case 'time':
      return keys === 'on,seconds' ? { on: 'time', value: String(trigger.seconds), nth: '' } : null;
    default:
      return null;
  }
}

/** An attribute matcher as a line (`plan = free`, `plan in free, team`), or null when a line cannot hold it. */
function attributeLine(key: string, matcher: unknown): string | null {
  if (/[=\n]|\sin\s/.test(key)) return null;
  if (scalar(matcher)) return `${key} = ${String(matcher)}`;
  if (isObject(matcher) && Object.keys(matcher).join() === 'in' && Array.isArray(matcher.in) && matcher.in.every(scalar)) return `${key} in ${matcher.in.map(String).join(', ')}`;
  return null;
}

/** Whether the form can show a definition's triggers, and its targeting (else they stay as they are, edited in JSON). */
export function formCovers(definition: Json): { triggers: boolean; targeting: boolean } {
  const triggers = Array.isArray(definition.triggers) && definition.triggers.length <= TRIGGER_ROWS && definition.triggers.every((trigger) => triggerRow(trigger) !== null);
  const targeting = definition.targeting === undefined || (isObject(definition.targeting) && Object.keys(definition.targeting).every((key) => ['urls', 'attributes', 'sample'].includes(key))
    && (definition.targeting.urls === undefined || (Array.isArray(definition.targeting.urls) && definition.targeting.urls.every((rule) => typeof rule === 'string' && !rule.includes('\n'))))
    && (definition.targeting.attributes === undefined || (isObject(definition.targeting.attributes) && Object.entries(definition.targeting.attributes).every(([key, matcher]) => attributeLine(key, matcher) !== null))));
  return { triggers, targeting };
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** The form's fields for a definition. */
export function formValues(definition: Json): FormValues {
  const followUp = isObject(definition.followUp) ? definition.followUp : {};
  const byScore = isObject(followUp.byScore) ? followUp.byScore : {};
  const targeting = isObject(definition.targeting) ? definition.targeting : {};
  const frequency = isObject(definition.frequency) ? definition.frequency : {};
  const values: Record<string, string> = {
    id: text(definition.id),
    kind: text(definition.kind),
    display: text(definition.display),
    question: text(definition.question),
    followUp: text(followUp.question),
    followUpLow: text(byScore.low),
    followUpMid: text(byScore.mid),
    followUpHigh: text(byScore.high),
    urls: Array.isArray(targeting.urls) ? targeting.urls.filter((rule) => typeof rule === 'string').join('\n') : '',
    attributes: isObject(targeting.attributes) ? Object.entries(targeting.attributes).map(([key, matcher]) => attributeLine(key, matcher) ?? '').filter(Boolean).join('\n') : '',
    sample: typeof targeting.sample === 'number' ? String(Math.round(targeting.sample * 10_000) / 100) : '',
    recontactDays: text(frequency.recontactDays),
    maxDisplays: text(frequency.maxDisplays),
    dismissCooldownDays: text(frequency.dismissCooldownDays),
  };
  const rows = Array.isArray(definition.triggers) ? definition.triggers.map(triggerRow) : [];
  for (let index = 0; index < TRIGGER_ROWS; index++) {
    const row = rows[index];
    values[`trigger${index}On`] = row?.on ?? '';
    values[`trigger${index}Value`] = row?.value ?? '';
    values[`trigger${index}Nth`] = row?.nth ?? '';
  }
  return values;
}

/** Sets `key` on `target` to `value`, or removes it when `value` is undefined. */
function put(target: Json, key: string, value: unknown): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/** Drops an object that ended up empty. */
const orNothing = (value: Json) => (Object.keys(value).length ? value : undefined);

/**
 * The definition a form makes: `base` (the version being edited, so every
 * field the form does not show is kept) with the form's fields written over
 * it; an empty field removes its key. Fields that are not even of the right
 * type (a word where a number goes) are reported here, the rest by the schema.
 */
export function definitionFromForm(base: Json, form: FormValues, covers = formCovers(base)): { definition: Json; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const definition: Json = structuredClone(base);
  const field = (name: string) => (form[name] ?? '').trim();
  const number = (name: string, path: string, scale = 1): number | undefined => {
    const value = field(name);
    if (value === '') return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) {
      errors.push({ field: name, path, message: 'must be a number' });
      return undefined;
    }
    return parsed / scale;
  };
  const optional = (value: string) => value || undefined;

  if (form.id !== undefined) put(definition, 'id', field('id'));
  put(definition, 'kind', field('kind'));
  put(definition, 'display', optional(field('display')));
  put(definition, 'question', optional(field('question')));

  const followUp: Json = isObject(definition.followUp) ? { ...definition.followUp } : {};
  put(followUp, 'question', optional(field('followUp')));
  const byScore: Json = isObject(followUp.byScore) ? { ...followUp.byScore } : {};
  put(byScore, 'low', optional(field('followUpLow')));
  put(byScore, 'mid', optional(field('followUpMid')));
  put(byScore, 'high', optional(field('followUpHigh')));
  put(followUp, 'byScore', orNothing(byScore));
  put(definition, 'followUp', orNothing(followUp));

  if (covers.triggers) {
    const triggers: Json[] = [];
    const rowOf: number[] = [];
    for (let index = 0; index < TRIGGER_ROWS; index++) {
      const on = field(`trigger${index}On`);
      const value = field(`trigger${index}Value`);
      if (!on) continue;
      rowOf.push(index);
      const numeric = (path: string) => number(`trigger${index}Value`, `triggers[${triggers.length}].${path}`);
      if (on === 'event') {
        const nth = number(`trigger${index}Nth`, `triggers[${triggers.length}].nth`);
        triggers.push({ on, event: value, ...(nth === undefined ? {} : { nth }) });
      } else if (on === 'pageview') triggers.push(value ? { on, url: value } : { on });
      else if (on === 'click') triggers.push({ on, selector: value });
      else if (on === 'scroll') triggers.push({ on, percent: numeric('percent') ?? Number.NaN });
      else if (on === 'time') triggers.push({ on, seconds: numeric('seconds') ?? Number.NaN });
      else triggers.push({ on });
    }
    definition.triggers = triggers;
    // Where the schema reports triggers[i], the form shows row rowOf[i].
    Object.defineProperty(definition, ROWS, { value: rowOf, enumerable: false });
  }

  if (covers.targeting) {
    const targeting: Json = {};
    const urls = field('urls').split('\n').map((line) => line.trim()).filter(Boolean);
    if (urls.length) targeting.urls = urls;
    const attributes: Json = {};
    for (const line of field('attributes').split('\n').map((item) => item.trim()).filter(Boolean)) {
      const equal = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
      const among = /^(\S+)\s+in\s+(.+)$/.exec(line);
      if (among) attributes[among[1]!] = { in: among[2]!.split(',').map((item) => typed(item.trim())) };
      else if (equal) attributes[equal[1]!.trim()] = typed(equal[2]!);
      else errors.push({ field: 'attributes', path: 'targeting.attributes', message: `"${line.slice(0, 40)}": write key = value, or key in a, b` });
    }
    if (Object.keys(attributes).length) targeting.attributes = attributes;
    put(targeting, 'sample', number('sample', 'targeting.sample', 100));
    put(definition, 'targeting', orNothing(targeting));
  }

  const frequency: Json = isObject(definition.frequency) ? { ...definition.frequency } : {};
  put(frequency, 'recontactDays', number('recontactDays', 'frequency.recontactDays'));
  put(frequency, 'maxDisplays', number('maxDisplays', 'frequency.maxDisplays'));
  put(frequency, 'dismissCooldownDays', number('dismissCooldownDays', 'frequency.dismissCooldownDays'));
  put(definition, 'frequency', orNothing(frequency));
  return { definition, errors };
}

/** A value typed in an attribute line: a number or a boolean when it reads as one, else the text. */
function typed(value: string): string | number | boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

const ROWS = Symbol('trigger rows');

/** A path as text: `triggers[0].event`. */
export const pathText = (path: ReadonlyArray<PropertyKey>): string => path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index ? '.' : ''}${String(key)}`)).join('') || '(the survey)';

/** The form field that shows the value at `path`, or null when the form has none. */
export function fieldFor(path: ReadonlyArray<PropertyKey>, definition?: Json): string | null {
  const [a, b, c] = path;
  if (a === 'triggers') {
    if (typeof b !== 'number') return 'trigger0On';
    const row = ((definition as { [ROWS]?: number[] } | undefined)?.[ROWS] ?? [])[b] ?? b;
    return c === 'nth' ? `trigger${row}Nth` : c === 'on' ? `trigger${row}On` : `trigger${row}Value`;
  }
  if (a === 'followUp') return b === 'question' ? 'followUp' : b === 'byScore' && typeof c === 'string' ? `followUp${c[0]!.toUpperCase()}${c.slice(1)}` : null;
  if (a === 'targeting') return b === 'sample' || b === 'urls' || b === 'attributes' ? String(b) : null;
  if (a === 'frequency') return b === 'recontactDays' || b === 'maxDisplays' || b === 'dismissCooldownDays' ? b : null;
  return a === 'id' || a === 'kind' || a === 'display' || a === 'question' ? a : null;
}

/** Checks a definition against the SDK's own `SurveySchema`: the survey, or every problem with the field it belongs to. */
export function checkSurvey(definition: unknown): { ok: true; survey: Survey } | { ok: false; errors: FieldError[] } {
  const parsed = SurveySchema.safeParse(definition);
  if (parsed.success) return { ok: true, survey: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.slice(0, 50).map((issue) => ({ field: fieldFor(issue.path, isObject(definition) ? definition : undefined), path: pathText(issue.path), message: issue.message })),
  };
}
