import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium';
import { startTestDemo, type Demo } from './demo';

/** Where browser tests write screenshots and downloads (git ignores it). */
export const ARTIFACTS = 'tests/artifacts';

/** One Chromium shared by the tests of a file. */
export interface ChromiumFixture {
  /** The browser; reading it before `beforeAll` has run throws. */
  readonly browser: Browser;
}

/** One Chromium and one demo (collector + page server) shared by the tests of a file. */
export interface ChromiumDemoFixture extends ChromiumFixture {
  /** The demo; reading it before `beforeAll` has run throws. */
  readonly demo: Demo;
}

/**
 * Registers the file's `beforeAll` (make {@link ARTIFACTS}, launch Chromium) and `afterAll` (close it).
 * Call it at the top level of a test file; hooks the file registers after it run after its `beforeAll`.
 */
export function useChromium(): ChromiumFixture {
  return register(false);
}

/**
 * Like {@link useChromium}, and starts the demo (`startTestDemo`) alongside Chromium, with a fresh
 * SQLite file for the file's tests; `afterAll` closes the browser, then the demo.
 */
export function useChromiumDemo(): ChromiumDemoFixture {
  return register(true);
}

function register(withDemo: boolean): ChromiumDemoFixture {
  let browser: Browser | undefined;
  let demo: Demo | undefined;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Wait for both, so that if one fails, `afterAll` still closes the other.
    const started = await Promise.allSettled([
      launchChromium().then((value) => (browser = value)),
      withDemo ? startTestDemo().then((value) => (demo = value)) : undefined,
    ]);
    const failure = started.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  return {
    get browser() {
      if (!browser) throw new Error('No browser yet: read `browser` inside a test or hook, not at the top level of the file');
      return browser;
    },
    get demo() {
      if (!demo) throw new Error('No demo yet: read `demo` inside a test or hook, not at the top level of the file');
      return demo;
    },
  };
}
