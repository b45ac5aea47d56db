// Publishes article events to every subscriber's queue. Idempotent: the job id and BullMQ's
// deduplication id are the event id, so publishing again after a crash adds nothing.
import type { Queue } from 'bullmq';
import type { ArticleEvent } from '../events/article-event.js';
import { articleJobOptions } from './queue-names.js';

export interface EventPublisher {
  publish(events: ArticleEvent[]): Promise<void>;
}

export function createQueuePublisher(queues: Queue[]): EventPublisher {
  return {
    async publish(events) {
      if (events.length === 0) return;
      await Promise.all(
        queues.map((queue) =>
          queue.addBulk(
            events.map((event) => ({
              name: event.type,
              data: event,
              opts: articleJobOptions(event.eventId),
            })),
          ),
        ),
      );
    },
  };
}
