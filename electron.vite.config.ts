import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      // electron-store is ESM-only; bundle it so the CommonJS main can load it.
      externalizeDeps: { exclude: ['electron-store'] },
      rollupOptions: {
        input: {
          // The Electron shell (the only entry that imports `electron`).
          index: resolve(__dirname, 'src/main/index.ts'),
          // The CLI and browser mode: plain Node, never Electron.
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
          bench: resolve(__dirname, 'src/main/bench/index.ts'),
          'ingest-worker': resolve(__dirname, 'src/main/ingest/parse-worker.ts'),
          'correlate-worker': resolve(__dirname, 'src/main/jobs/correlate-worker.ts'),
          'index-catch-up-worker': resolve(__dirname, 'src/main/jobs/index-catch-up-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require packages: bundle zod and the contract into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // CommonJS so the window can stay sandboxed.
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
});
