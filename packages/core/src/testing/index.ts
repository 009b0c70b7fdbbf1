// `@hark/core/testing`: stand-ins for the seams `createClient` reaches the world through
// (a page with its tabs and timers driven by hand, a clock moved by hand, storage in memory),
// and the seams' types, for tests and for other runtimes.
export { manualClock, settle } from './manualClock.js';
export type { ManualClock } from './manualClock.js';
export { fakePlatform } from './fakePlatform.js';
export type { FakeBus, FakePlatformOptions } from './fakePlatform.js';
export { createMemoryStorage } from '../storage/memoryStorage.js';
export type { HarkEnvironment } from '../client/environment.js';
export type { Channel, Clock, DrainLock, Platform, Presence } from '../platform/platform.js';
export type { HarkStorage, KeyValueStore, StorageArea, StorageMode, StorageTx } from '../storage/types.js';
