// What a subscriber's code implements: one handler for every event type, or one per type, each
// receiving its own variant typed. dispatchByType (pure) turns the second into the first; a type without
// a handler is acknowledged and skipped (a mailer that only wants new articles names 'article.parsed').
import type {
  ArticleDeletedEvent,
  ArticleDuplicateEvent,
  ArticleEvent,
  ArticleParsedEvent,
  ArticleUpdatedEvent,
} from '../events/article-event.js';

export interface DeliveryContext {
  jobId: string;
  queue: string;
  /** 1 on the first delivery, 2 on the first retry, ... */
  attempt: number;
  /** Attempts the producer allows for this job. */
  maxAttempts: number;
  /** Aborted when close() runs out of patience: stop early, the event will be redelivered. */
  signal: AbortSignal;
}

/**
 * Receives every event type (`switch (event.type)` narrows it). What it resolves to is ignored (so
 * `once.runOnce(...)` can be returned as is).
 */
export type ArticleEventHandler = (event: ArticleEvent, context: DeliveryContext) => Promise<unknown>;

type HandlerOf<E> = (event: E, context: DeliveryContext) => Promise<unknown>;

export interface ArticleEventHandlers {
  'article.parsed'?: HandlerOf<ArticleParsedEvent>;
  'article.duplicate'?: HandlerOf<ArticleDuplicateEvent>;
  'article.updated'?: HandlerOf<ArticleUpdatedEvent>;
  'article.deleted'?: HandlerOf<ArticleDeletedEvent>;
}

export function dispatchByType(handlers: ArticleEventHandlers): ArticleEventHandler {
  return async (event: ArticleEvent, context) => {
    switch (event.type) {
      case 'article.parsed':
        return handlers['article.parsed']?.(event, context);
      case 'article.duplicate':
        return handlers['article.duplicate']?.(event, context);
      case 'article.updated':
        return handlers['article.updated']?.(event, context);
      case 'article.deleted':
        return handlers['article.deleted']?.(event, context);
    }
  };
}
