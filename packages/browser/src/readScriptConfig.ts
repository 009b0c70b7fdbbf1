import { HarkError } from '@hark/core';
import type { BrowserConfig } from './createHark.js';

/**
 * Zero-code setup: the config in the script tag's data attributes, e.g.
 * `<script async src="…/hark.min.js" data-endpoint="https://…" data-surveys-url="https://…/surveys.json" data-locale="fr">`.
 * Returns `null` when the tag carries no Hark attribute (the page calls `hark.init` itself).
 * Throws a HarkError naming the attribute when one is there but `data-endpoint` is missing.
 */
export function readScriptConfig(script: Element): BrowserConfig | null {
  const endpoint = script.getAttribute('data-endpoint');
  const surveysUrl = script.getAttribute('data-surveys-url');
  const locale = script.getAttribute('data-locale');
  if (endpoint === null && surveysUrl === null && locale === null) return null;
  if (!endpoint) {
    throw new HarkError('invalid_config', 'the Hark script tag needs data-endpoint="https://…" next to its other data-* attributes', { field: 'data-endpoint' });
  }
  const config: Record<string, unknown> = { endpoint };
  // `surveysUrl` is core's config key for surveys fetched from a URL; core validates it.
  if (surveysUrl !== null) config.surveysUrl = surveysUrl;
  if (locale !== null) config.locale = locale;
  return config as unknown as BrowserConfig;
}
