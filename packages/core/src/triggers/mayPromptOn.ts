import type { HarkConfig } from '../schema/config.js';
import { matchUrlLists } from './matchUrl.js';
import { pageviewMatches } from './pageviewTrigger.js';

/**
 * Whether a survey of `config` could float a prompt on the page at `href`: it
 * targets the page and has a trigger that may fire there (any event, click,
 * exit intent, scroll or time trigger; a page view whose URL rules match).
 * Remote surveys (`surveysUrl`) are not known yet, so they count as possible.
 * The widget host fetches the prompt's UI at start when this is true, so the
 * UI's download and run overlap storage's opening instead of following it.
 */
export function mayPromptOn(config: Pick<HarkConfig, 'surveys' | 'surveysUrl'>, href: string): boolean {
  if (config.surveysUrl) return true;
  return config.surveys.some(
    (survey) =>
      matchUrlLists(href, survey.targeting?.urls, survey.targeting?.excludeUrls) &&
      survey.triggers.some((trigger) => trigger.on !== 'pageview' || pageviewMatches(trigger, href)),
  );
}
