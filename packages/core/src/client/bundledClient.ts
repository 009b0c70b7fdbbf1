import * as delivery from '../delivery/index.js';
import type { HarkConfigInput } from '../schema/config.js';
import { createClientWith } from './createClient.js';
import { openResilientStorage } from '../storage/resilientStorage.js';
import type { ClientOptions, HarkClient } from './types.js';

const bundled = () => Promise.resolve(delivery);

/**
 * Creates a client and starts it: it opens storage, listens to the page and
 * shows prompts as they trigger. With `lazy: true` it starts at its first
 * `mount()` instead. Throws a HarkError naming the field when the config is
 * invalid; after that, no method throws into the host page.
 */
export function createClient(input: HarkConfigInput, options: ClientOptions = {}): HarkClient {
  // Bundled, so wired at once; a `loadDelivery` of the caller's own fetches it instead.
  // The storage fallbacks are bundled too: the chain opens at once, with no boot wrapper to hand over from.
  return createClientWith(input, { loadDelivery: bundled, ...options }, openResilientStorage, options.loadDelivery ? undefined : delivery);
}
