import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests import packages by their public names; these resolve to source so unit
// tests need no build. Browser tests load the built bundle instead.
// Each entry matches one specifier exactly, so `@hark/core` does not swallow `@hark/core/schema`.
const entries: Record<string, string> = {
  '@hark/core': './packages/core/src/index.ts',
  '@hark/core/boot': './packages/core/src/boot.ts',
  '@hark/core/delivery': './packages/core/src/delivery/index.ts',
  '@hark/core/schema': './packages/core/src/schema/index.ts',
  '@hark/core/testing': './packages/core/src/testing/index.ts',
  '@hark/widget': './packages/widget/src/index.ts',
  '@hark/widget/ui': './packages/widget/src/ui.ts',
  '@hark/widget/script': './packages/widget/src/script.ts',
  '@hark/browser': './packages/browser/src/index.ts',
  '@hark/react': './packages/react/src/index.ts',
  '@hark/collector': './packages/collector/src/index.ts',
};
const alias = Object.entries(entries).map(([name, path]) => ({ find: new RegExp(`^${name}$`), replacement: src(path) }));

// Testing Library's ESM build, wherever npm placed it, so vite can rewrite its imports.
const testingLibraryReact = join(
  dirname(createRequire(src('./packages/react/package.json')).resolve('@testing-library/react/package.json')),
  'dist/@testing-library/react.esm.js',
);

// @hark/react runs its tests on React 19 (the workspace's) and React 18
// (tests/react18). Testing Library is inlined so its `react` imports follow the
// alias too. The widget's JSX stays Preact's; React test files opt into React's
// runtime with a `@jsxImportSource react` pragma.
const reactProject = (major: 18 | 19, dir: string) => ({
  resolve: {
    alias: [
      ...alias,
      { find: /^react$/, replacement: src(`${dir}/react`) },
      { find: /^react\//, replacement: `${src(`${dir}/react`)}/` },
      { find: /^react-dom$/, replacement: src(`${dir}/react-dom`) },
      { find: /^react-dom\//, replacement: `${src(`${dir}/react-dom`)}/` },
      { find: /^@testing-library\/react$/, replacement: testingLibraryReact },
    ],
  },
  oxc: { jsx: { runtime: 'automatic' as const, importSource: 'preact' } },
  test: {
    name: `react${major}`,
    environment: 'happy-dom',
    include: ['packages/react/test/**/*.test.{ts,tsx}'],
    env: { REACT_MAJOR: String(major) },
    setupFiles: [IN_VIEW],
    server: { deps: { inline: [/@testing-library\/react/] } },
  },
});

// happy-dom has no layout: prompts count as on screen as soon as they render (see the file).
const IN_VIEW = src('./tests/setup/happyDomInView.ts');

const shared = {
  resolve: { alias },
  oxc: { jsx: { runtime: 'automatic' as const, importSource: 'preact' } },
};

export default defineConfig({
  test: {
    projects: [
      { ...shared, test: { name: 'core', environment: 'node', include: ['packages/core/test/**/*.test.ts', 'tests/delivery/**/*.test.ts'] } },
      { ...shared, test: { name: 'widget', environment: 'happy-dom', setupFiles: [IN_VIEW], include: ['packages/widget/test/**/*.test.{ts,tsx}', 'packages/browser/test/**/*.test.ts'] } },
      reactProject(19, './node_modules'),
      reactProject(18, './tests/react18/node_modules'),
      // PostgreSQL and child processes on a busy 2-core machine: vitest's 5 s default is too tight.
      { ...shared, test: { name: 'collector', environment: 'node', include: ['packages/collector/test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { ...shared, test: { name: 'size', environment: 'node', include: ['tests/size/**/*.test.ts'] } },
      {
        // The packages as users install them: packed tarballs in copies of the examples (tests/consumer/README.md).
        test: {
          name: 'consumer',
          environment: 'node',
          include: ['tests/consumer/**/*.test.ts'],
          globalSetup: ['tests/consumer/packTarballs.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
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
