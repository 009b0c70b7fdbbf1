import type { HarkConfigInput, Survey } from '@hark/core';
import type { WidgetOptions } from '@hark/widget';

/**
 * `<HarkProvider config>`: core's `init` config, with surveys typed so a
 * wrong `kind`, trigger or field is a type error rather than a runtime one.
 */
export type HarkReactConfig = Omit<HarkConfigInput, 'surveys'> & {
  /** Survey definitions; validated again at runtime, with errors naming the field. */
  readonly surveys?: readonly Survey[];
};

/** Widget options the provider passes on: string overrides and a CSP nonce. */
export type HarkWidgetOptions = Omit<WidgetOptions, 'container'>;
