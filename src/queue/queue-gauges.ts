import type { Queue } from 'bullmq';
import type { Metrics } from '../observability/metrics.js';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Queue depths and the oldest waiting job's age, read when Prometheus scrapes. */
export async function refreshQueueGauges(metrics: Metrics, queues: Queue[]): Promise<void> {
  await Promise.all(
    queues.map(async (queue) => {
      const counts = await queue.getJobCounts(...STATES);
      for (const state of STATES) metrics.queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
      const [oldest] = await queue.getWaiting(0, 0);
      metrics.oldestWaitingAge.set(
        { queue: queue.name },
        oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0,
      );
    }),
  );
}
