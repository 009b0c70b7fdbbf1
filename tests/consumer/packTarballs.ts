import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { copyExample, installTarballs, packTarballs } from '../../build/tarballs.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Package name → absolute path of its `npm pack` tarball, packed once per run. */
    tarballs: Record<string, string>;
    /** A copy of tests/consumer/app with every tarball installed, shared by the files that only add files to it. */
    fixtureApp: string;
  }
}

/**
 * Global setup of the consumer project: packs the built packages once, and
 * installs them into one copy of tests/consumer/app; every consumer test
 * installs these tarballs.
 */
export default function setup(project: TestProject) {
  const tarballs = packTarballs();
  const parent = mkdtempSync(join(tmpdir(), 'hark-consumer-fixture-'));
  const fixtureApp = copyExample('tests/consumer/app', join(parent, 'app'));
  installTarballs(fixtureApp, tarballs);
  project.provide('tarballs', tarballs);
  project.provide('fixtureApp', fixtureApp);
  return () => {
    rmSync(dirname(Object.values(tarballs)[0]!), { recursive: true, force: true });
    rmSync(parent, { recursive: true, force: true });
  };
}
