// Publishes article events to every subscriber's queue, and hands them to the event archive's intake.
// Idempotent: the job id and BullMQ's deduplication id are the event id, and the intake takes an event
// id once, so publishing again after a crash adds nothing.
import type { Queue } from 'bullmq';
import type { ArchiveIntake } from '../archive/event-intake.js';
import type { ArticleEvent } from '../events/article-event.js';
import { articleJobOptions, type CompletedJobsKept } from './queue-names.js';

export interface EventPublisher {
  publish(events: ArticleEvent[]): Promise<void>;
}

export interface PublisherOptions {
  /** The event archive's intake; absent when ARCHIVE_EVENTS=false. */
  archive?: Pick<ArchiveIntake, 'add'> | null;
  /** Completed jobs each publish queue keeps (COMPLETED_JOBS_KEPT / _RETENTION with the archive). */
  completedKept?: CompletedJobsKept;
}

export function createQueuePublisher(queues: Queue[], options: PublisherOptions = {}): EventPublisher {
  const { archive, completedKept } = options;
  return {
    async publish(events) {
      if (events.length === 0) return;
      await Promise.all([
        ...queues.map((queue) =>
          queue.addBulk(
            events.map((event) => ({
              name: event.type,
              data: event,
              opts: articleJobOptions(event.eventId, completedKept),
            })),
          ),
        ),
        archive?.add(events),
      ]);
    },
  };
}
