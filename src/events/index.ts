// The event contract (`news-ingest/events`): the v1 schema and its types, the version order and the
// deterministic ids a subscriber may need to relate events. Pure: zod and node:crypto only.

export { deletedEventIdFor, documentIdFor, eventIdFor } from '../ids.js';
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
} from './article-event.js';
export { supersedesVersion, VERSION_ORDER_PATTERN, versionOrderFor } from './version-order.js';
