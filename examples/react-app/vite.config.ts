import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The setup `npm create vite` gives a React app. `base: './'` lets the demo
// server host the build under /react/.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'warn',
});
