import { defineConfig } from 'vite';

// No React plugin needed: Vite's built-in oxc transform compiles the JSX.
// `base: './'` lets the demo server host the build under /react/.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'warn',
});
