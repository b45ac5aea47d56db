// Re-delivers stored events to ONE subscriber's queue. Only that queue gets new jobs, so other
// subscribers are untouched; the events keep their eventId, so the subscriber's idempotency
// (createProcessedEvents, or an idempotent upsert) decides what actually runs again.
import type { Job, JobsOptions, Queue } from 'bullmq';
import type { ArticleEvent } from '../events/article-event.js';
import { articleJobOptions, type CompletedJobsKept } from '../queue/queue-names.js';
import {
  matchesReplayFilter,
  type ReplayFilter,
  replayJobId,
  selectReplayEvents,
} from './replay-selection.js';
import { validateArticleEvent } from './validate-event.js';

/** Where replayed events come from: the queue's own completed/failed sets, or the indexer's table. */
export interface ReplayEventSource {
  readonly name: string;
  read(filter: ReplayFilter): AsyncIterable<unknown>;
}

const PAGE = 500;

/** Events still held in a queue's completed and failed sets (completed ones are kept 7 days). */
export function queueEventSource(queue: Queue): ReplayEventSource {
  return {
    name: `queue ${queue.name} (completed, failed)`,
    async *read() {
      for (const state of ['completed', 'failed'] as const) {
        for (let start = 0; ; start += PAGE) {
          const jobs: Job[] = await queue.getJobs([state], start, start + PAGE - 1, true);
          for (const job of jobs) if (job) yield job.data;
          if (jobs.length < PAGE) break;
        }
      }
    },
  };
}

/**
 * Events from the event archive (and those still waiting to be archived). Only matching events are passed
 * on, so a replay holds its selection in memory, not the whole archive; invalid lines are passed on to be
 * counted.
 */
export function archiveEventSource(
  name: string,
  read: (range: { since?: Date; until?: Date }) => AsyncIterable<unknown>,
): ReplayEventSource {
  return {
    name,
    async *read(filter) {
      const range = {
        ...(filter.since ? { since: filter.since } : {}),
        ...(filter.until ? { until: filter.until } : {}),
      };
      for await (const data of read(range)) {
        const checked = validateArticleEvent(data);
        if (!checked.ok || matchesReplayFilter(checked.event, filter)) yield data;
      }
    },
  };
}

/** Job options of a replayed event: the producer's retry policy, a new id, and no dedup window. */
export function replayJobOptions(
  event: ArticleEvent,
  at: Date,
  completedKept?: CompletedJobsKept,
): JobsOptions {
  // The producer's deduplication id is the eventId with a 7-day TTL: keeping it would drop the replay.
  const { deduplication: _dedup, ...policy } = articleJobOptions(event.eventId, completedKept);
  return { ...policy, jobId: replayJobId(event.eventId, at) };
}

export interface ReplayResult {
  replayed: number;
  invalid: number;
  jobIds: string[];
}

export async function replayEvents(options: {
  target: Queue;
  sources: ReplayEventSource[];
  filter: ReplayFilter;
  now?: Date;
  dryRun?: boolean;
  /** Completed replayed jobs kept (COMPLETED_JOBS_KEPT with the archive); 7 days when absent. */
  completedKept?: CompletedJobsKept;
}): Promise<ReplayResult> {
  const collected: unknown[] = [];
  for (const source of options.sources)
    for await (const data of source.read(options.filter)) collected.push(data);
  const { events, invalid } = selectReplayEvents(collected, options.filter);
  const at = options.now ?? new Date();
  const jobs = events.map((event) => ({
    name: event.type,
    data: event,
    opts: replayJobOptions(event, at, options.completedKept),
  }));
  if (!options.dryRun) {
    for (let i = 0; i < jobs.length; i += PAGE) await options.target.addBulk(jobs.slice(i, i + PAGE));
  }
  return { replayed: jobs.length, invalid, jobIds: jobs.map((j) => j.opts.jobId!) };
}
