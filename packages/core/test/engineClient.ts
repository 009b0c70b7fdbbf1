import { IDBFactory } from 'fake-indexeddb';
import { createClient, type HarkConfigInput } from '@hark/core';
import { fakePlatform, manualClock, type FakeBus } from '@hark/core/testing';
import { openIdbStorage } from '../src/storage/idbStorage';
import { ENDPOINT } from './helpers';

export { fakePlatform };

/**
 * A client over a fake IndexedDB and a fake page with a manual clock. Pass
 * `shared` from another `engineClient` to get a second tab (or a reload) of
 * the same browser: same database, same clock, same cross-tab channel.
 */
export function engineClient(
  config: Partial<HarkConfigInput> = {},
  options: { href?: string; shared?: { factory: IDBFactory; clock: ReturnType<typeof manualClock>; bus: FakeBus }; fetch?: typeof fetch } = {},
) {
  const factory = options.shared?.factory ?? new IDBFactory();
  const clock = options.shared?.clock ?? manualClock();
  const page = fakePlatform({ url: options.href, clock, bus: options.shared?.bus });
  const client = createClient(
    { endpoint: ENDPOINT, storage: undefined, ...config },
    {
      platform: page.platform,
      random: () => 0.5,
      openStorage: () => openIdbStorage({ factory }),
      fetch: options.fetch ?? (async () => new Response('{"ok":true}', { status: 200 })),
    },
  );
  const errors: Array<{ code: string; field: string | undefined; message: string }> = [];
  client.on('error', (error) => errors.push({ code: error.code, field: error.field, message: error.message }));
  return { client, clock, page, factory, errors, shared: { factory, clock, bus: page.bus } };
}

/** The survey id on screen, or null. */
export const onScreen = (client: { getState(): { activePrompt: { survey: { id: string } } | null } }) =>
  client.getState().activePrompt?.survey.id ?? null;
