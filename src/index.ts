// Package entry: the v1 event contract and the subscriber kit for downstream services.
export {
  ARTICLE_EVENT_SCHEMA_VERSION,
  type ArticleEvent,
  type ArticleEventSource,
  type ArticleEventType,
  articleEventSchema,
  articleEventTypes,
} from './events/article-event.js';
export * from './subscriber/index.js';
