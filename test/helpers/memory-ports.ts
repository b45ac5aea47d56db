// In-memory publisher and metrics for unit tests of the worker and the triggers.
import type { Queue } from 'bullmq';
import type { ArticleEvent } from '../../src/events/article-event.js';
import type { PipelineMetrics } from '../../src/observability/metrics.js';
import type { EventPublisher } from '../../src/queue/event-publisher.js';

/** Keeps one event per event id, like the queue publisher (the job id is the event id). */
export function memoryPublisher(): EventPublisher & { events: ArticleEvent[]; failNext(error: Error): void } {
  const byId = new Map<string, ArticleEvent>();
  let nextFailure: Error | null = null;
  return {
    get events() {
      return [...byId.values()];
    },
    failNext(error) {
      nextFailure = error;
    },
    async publish(events) {
      if (nextFailure) {
        const error = nextFailure;
        nextFailure = null;
        throw error;
      }
      for (const e of events) if (!byId.has(e.eventId)) byId.set(e.eventId, e);
    },
  };
}

/** Counts every metric call as `name` or `name:label[:label]` (observeStage is not counted). */
export function recordingMetrics(): PipelineMetrics & { counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const add = (name: string, n = 1) => counts.set(name, (counts.get(name) ?? 0) + n);
  return {
    counts,
    observeStage: () => {},
    articlePublished: (outcome, kind) => add(`articlePublished:${outcome}${kind ? `:${kind}` : ''}`),
    quarantined: (reason, count) => add(`quarantined:${reason}`, count),
    charsetDetected: (charset) => add(`charsetDetected:${charset}`),
    jobFailed: (errorClass, permanent) => add(`jobFailed:${errorClass}:${permanent}`),
    notificationIgnored: (kind) => add(`notificationIgnored:${kind}`),
    notificationRefused: (reason) => add(`notificationRefused:${reason}`),
    keyRejected: (reason, trigger) => add(`keyRejected:${reason}:${trigger}`),
    objectsEnqueued: (trigger, count) => add(`objectsEnqueued:${trigger}`, count),
    staleEventDropped: () => add('staleEventDropped'),
    compressionDetected: (kind) => add(`compressionDetected:${kind}`),
    archiveEntriesSkipped: (reason, count) => add(`archiveEntriesSkipped:${reason}`, count),
  };
}

/** One job a queue was handed by addBulk. */
export interface QueuedJob<T = unknown> {
  name: string;
  data: T;
  opts: { jobId: string; attempts?: number };
}

/**
 * The slice of a BullMQ Queue the enqueuer uses (addBulk, remove), recording what it was handed. `refuse`
 * returns the error addBulk throws for a batch (as a Redis outage would), or nothing to take it.
 */
export function memoryQueue<T = { key: string }>(
  refuse: (jobs: Array<QueuedJob<T>>) => Error | undefined = () => undefined,
): { queue: Queue; added: Array<QueuedJob<T>>; removed: string[] } {
  const added: Array<QueuedJob<T>> = [];
  const removed: string[] = [];
  const queue = {
    addBulk: async (jobs: Array<QueuedJob<T>>) => {
      const error = refuse(jobs);
      if (error) throw error;
      added.push(...jobs);
      return [];
    },
    remove: async (id: string) => {
      removed.push(id);
      return 1;
    },
  } as unknown as Queue;
  return { queue, added, removed };
}
