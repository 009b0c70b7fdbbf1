// @hark/core without a UI: the client, the wire schema a server validates with, and the scores.
import { createClient, HarkError, type HarkClient, type HarkInitConfig, type WireRecord } from '@hark/core';
import { BatchSchema, nps, type Batch } from '@hark/core/schema';
import { fakePlatform } from '@hark/core/testing';

const config: HarkInitConfig = {
  endpoint: 'https://api.example.com/v1/records',
  storage: 'memory',
  surveys: [{ id: 'checkout-nps', kind: 'nps', triggers: [{ on: 'event', event: 'checkout_completed' }] }],
};
export const client: HarkClient = createClient(config);
client.on('error', (error: HarkError) => console.error(error.code, error.field));
export const score: number | null = nps([10, 9, 8, 3]).score;

export function validate(body: unknown): readonly WireRecord[] {
  const batch: Batch = BatchSchema.parse(body);
  return batch.records;
}

// @ts-expect-error -- a score is a number
void client.submit({ score: 'nine' });

// A test's client: the seams from @hark/core/testing, started at its first mount.
export const testClient: HarkClient = createClient(config, { lazy: true, platform: fakePlatform().platform });
testClient.mount();
// @ts-expect-error -- lazy is a boolean
createClient(config, { lazy: 'yes' });
