import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TestProject } from 'vitest/node';
import { packTarballs } from '../../build/tarballs.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Package name → absolute path of its `npm pack` tarball, packed once per run. */
    tarballs: Record<string, string>;
  }
}

/** Global setup of the consumer project: packs the built packages once; every consumer test installs these tarballs. */
export default function setup(project: TestProject) {
  const tarballs = packTarballs();
  project.provide('tarballs', tarballs);
  return () => rmSync(dirname(Object.values(tarballs)[0]!), { recursive: true, force: true });
}
