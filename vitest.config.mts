import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Unit tests of Electron-facing code run against a small stand-in of the electron module.
    alias: { electron: fileURLToPath(new URL('./tests/mocks/electron.ts', import.meta.url)) },
  },
  test: {
    // electron-store imports electron itself: let vitest resolve that import to the stand-in.
    server: { deps: { inline: ['electron-store'] } },
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Inference and browser suites are CPU-heavy; two cores are all CI has.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
