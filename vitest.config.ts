import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests share one Redis and a 2-core machine: bound the parallelism.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
