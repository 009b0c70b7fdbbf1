// `@hark/core/boot`: the client for builds that fetch the delivery code themselves, so none of it
// is in the file every page loads. The script tag's boot file uses it and passes a `loadDelivery`
// that resolves with `@hark/core/delivery` from its own file, and a `loadQuestions` that reads its language files.
export { createClient } from './client/createClient.js';
export type { BootClientOptions } from './client/createClient.js';
