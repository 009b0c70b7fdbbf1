import type { HarkInitConfig } from '@hark/core';
import type { HostOptions } from '@hark/widget';

/**
 * `<HarkProvider config>`: core's `init` config, with surveys typed so a
 * wrong `kind`, trigger or field is a type error rather than a runtime one
 * (they are validated again at runtime, with errors naming the field).
 */
export type HarkReactConfig = HarkInitConfig;

/** Widget options the provider passes on: string overrides, a CSP nonce, the colour scheme, language loading. */
export type HarkWidgetOptions = Omit<HostOptions, 'loadUi'>;
