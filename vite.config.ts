// Builds the renderer (renderer/index.html and what it imports) into app/dist/renderer, with
// relative asset URLs so the same files work under app://popline and the browser bridge.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./app/dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Electron 45's Chromium, and Debian's for the bridge tests.
    target: 'chrome120',
    // Chromium has modulepreload natively; no polyfill code needed.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
