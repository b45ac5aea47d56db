// The real object enqueuer for tests that run the worker as a separate process and feed it themselves.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedisLedger } from '../../src/ledger/ledger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createObjectEnqueuer, type ObjectEnqueuer } from '../../src/trigger/object-enqueuer.js';

export function createTestEnqueuer(options: {
  queue: Queue;
  redis: Redis;
  prefix: string;
  bucket: string;
  attempts: number;
}): ObjectEnqueuer {
  return createObjectEnqueuer({
    queue: options.queue,
    ledger: createRedisLedger(options.redis, options.prefix, 3_600_000),
    metrics: createMetrics({ defaultMetrics: false }),
    bucket: options.bucket,
    rawPrefix: 'incoming/',
    attempts: options.attempts,
  });
}
