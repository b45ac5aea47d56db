// Package entry: the v1 event contract and the subscriber kit for downstream services.
export {
  ARTICLE_EVENT_SCHEMA_VERSION,
  type ArticleContentEvent,
  type ArticleDeletedEvent,
  type ArticleDeletedSource,
  type ArticleDuplicateEvent,
  type ArticleEvent,
  type ArticleEventDuplicate,
  type ArticleEventSource,
  type ArticleEventType,
  type ArticleParsedEvent,
  type ArticleUpdatedEvent,
  articleEventSchema,
  articleEventTypes,
  type DeletionReason,
  isContentEvent,
} from './events/article-event.js';
export { supersedesVersion, VERSION_ORDER_PATTERN, versionOrderFor } from './events/version-order.js';
export * from './subscriber/index.js';
