import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests import packages by their public names; these resolve to source so unit
// tests need no build. Browser tests load the built bundle instead.
const alias = {
  '@hark/core': src('./packages/core/src/index.ts'),
  '@hark/widget': src('./packages/widget/src/index.ts'),
  '@hark/browser': src('./packages/browser/src/index.ts'),
  '@hark/react': src('./packages/react/src/index.ts'),
  '@hark/collector': src('./examples/collector/src/index.ts'),
};

const shared = {
  resolve: { alias },
  oxc: { jsx: { runtime: 'automatic' as const, importSource: 'preact' } },
};

export default defineConfig({
  test: {
    projects: [
      { ...shared, test: { name: 'core', environment: 'node', include: ['packages/core/test/**/*.test.ts', 'tests/delivery/**/*.test.ts'] } },
      { ...shared, test: { name: 'widget', environment: 'happy-dom', include: ['packages/widget/test/**/*.test.{ts,tsx}', 'packages/browser/test/**/*.test.ts'] } },
      { ...shared, test: { name: 'collector', environment: 'node', include: ['examples/collector/test/**/*.test.ts'] } },
      {
        ...shared,
        test: {
          name: 'chromium',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
