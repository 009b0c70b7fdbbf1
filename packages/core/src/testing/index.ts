// `@hark/core/testing`: stand-ins for the seams `createClient` reaches the world through
// (a clock moved by hand, a page and a page view driven by hand, storage in memory, one tab),
// and the seams' types, for tests and for other runtimes.
export { manualClock, settle } from './manualClock.js';
export { fakePage } from './fakePage.js';
export { fakeView } from './fakeView.js';
export { createMemoryStorage } from '../storage/memoryStorage.js';
export { soloCoordination } from '../outbox/coordination.js';
export type { ClientEnvironment, Clock, PageEnvironment } from '../env.js';
export type { PageView } from '../page/pageView.js';
export type { HarkStorage, KeyValueStore, StorageArea, StorageMode, StorageTx } from '../storage/types.js';
export type { DrainLock, Nudge, NudgeMessage, Presence, TabCoordination } from '../outbox/coordination.js';
