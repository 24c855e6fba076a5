import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Inference and browser suites are CPU-heavy; two cores are all CI has.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
