import { defineConfig } from 'vitest/config';

/**
 * Test tiers, one folder each (a new file is assigned by where it lives; test/unit/test-tiers.test.ts
 * fails when a test file sits outside every tier). Run one with `npx vitest run --project unit` or
 * `npm run test:unit`; `npm test` runs them all.
 */
export const TEST_TIERS = {
  /** Pure logic: no network, no Redis/S3/PostgreSQL, no child processes. Runs in seconds. */
  unit: 'test/unit',
  /** One component against real Redis, a real S3 server, real PostgreSQL or a child process. */
  integration: 'test/integration',
  /** The whole service, from an upload to its event. */
  e2e: 'test/e2e',
  /** Outages, kills, flushes and storms. */
  fault: 'test/fault',
  /** Hostile input: every input is untrusted. */
  hostile: 'test/hostile',
  /** Corpus-driven suites on ../shared/corpus: fail loudly when the corpus is missing. */
  eval: 'test/eval',
} as const;

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests share one Redis and a 2-core machine: bound the parallelism.
    maxWorkers: 2,
    reporters: ['default'],
    // Containers (where Docker exists) start once per run, not once per test file.
    globalSetup: ['test/global-containers.ts'],
    projects: Object.entries(TEST_TIERS).map(([name, dir]) => ({
      extends: true as const,
      test: { name, include: [`${dir}/**/*.test.ts`] },
    })),
  },
});
