/** The SDK's version, sent on every batch as `sdk.version`. Kept in step with package.json by a test. */
export const SDK_VERSION = '0.1.0';

/** The SDK's name, sent on every batch as `sdk.name`. */
export const SDK_NAME = 'hark';
