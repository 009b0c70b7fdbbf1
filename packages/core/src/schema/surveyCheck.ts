import { arr, any, num, obj, oneOf, opt, rec, str, tagged, union, type Check } from './check.js';
import {
  DISPLAY_MESSAGE,
  ID_MESSAGE,
  ID_PATTERN,
  REGEXP_MESSAGE,
  SCALE_MESSAGE,
  TRIGGERS_MESSAGE,
  displayFitsKind,
  isRegExpSource,
  scaleFits,
} from './refinements.js';

// The browser's mirror of SurveySchema (survey.ts), key for key; a test holds them equal.

const text = str([1, 1000]);
const positiveInt = num(true, 0, undefined, true);
const nonNegative = num(false, 0);
const optional = (shape: Record<string, Check>) => opt(obj(shape));

const urlRule = union([
  text,
  obj({ equals: text }),
  obj({ startsWith: text }),
  obj({ contains: text }),
  obj({ matches: str([1, 1000], [isRegExpSource, REGEXP_MESSAGE]) }),
]);
const urlList = arr(urlRule);

const trigger = tagged('on', {
  event: obj({ on: any, event: text, where: opt(rec(any)), nth: opt(positiveInt) }),
  pageview: obj({ on: any, url: opt(union([urlRule, urlList])), exclude: opt(urlList) }),
  click: obj({ on: any, selector: text }),
  'exit-intent': obj({ on: any }),
  scroll: obj({ on: any, percent: num(false, 0, 100) }),
  time: obj({ on: any, seconds: nonNegative }),
});

const scale = obj({ min: num(true), max: num(true) }, true, [scaleFits, SCALE_MESSAGE]);

/** Checks one survey definition as SurveySchema does. */
export const SURVEY_CHECK: Check = obj(
  {
    id: str([1, 128], [(id) => ID_PATTERN.test(id), ID_MESSAGE, 'regex']),
    kind: oneOf(['nps', 'ces', 'csat']),
    scale: opt(scale),
    question: opt(text),
    labels: optional({ low: opt(text), high: opt(text) }),
    followUp: optional({
      question: opt(text),
      byScore: optional({ low: opt(text), mid: opt(text), high: opt(text) }),
      maxLength: opt(positiveInt),
    }),
    thankYou: opt(text),
    display: opt(oneOf(['numbers', 'stars', 'faces'])),
    strings: optional({
      send: opt(text),
      sending: opt(text),
      close: opt(text),
      followUp: opt(text),
      counter: opt(text),
      saveFailed: opt(text),
      announce: opt(text),
      choices: opt(arr(text, [undefined, 11])),
    }),
    triggers: arr(trigger, [1, undefined, TRIGGERS_MESSAGE]),
    targeting: optional({ attributes: opt(rec(any)), urls: opt(urlList), excludeUrls: opt(urlList), sample: opt(num(false, 0, 1)) }),
    frequency: optional({
      recontactDays: opt(nonNegative),
      maxDisplays: opt(positiveInt),
      dismissCooldownDays: opt(nonNegative),
      maxIgnored: opt(positiveInt),
      ignoredCooldownDays: opt(nonNegative),
    }),
    delayMs: opt(nonNegative),
    inline: optional({ answered: opt(oneOf(['thanks', 'hidden'])) }),
  },
  true,
  [displayFitsKind, DISPLAY_MESSAGE, undefined, 'display'],
);
