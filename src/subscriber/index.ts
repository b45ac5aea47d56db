// The subscriber kit: what a downstream service needs to consume article events.

export { EventInProgressError, PermanentHandlerError } from './errors.js';
export {
  type ExampleEventOptions,
  type ExampleUpdateOptions,
  exampleArticleEvent,
  exampleDeletedEvent,
  exampleUpdatedEvent,
  exampleVersionOrder,
} from './example-event.js';
export {
  type ArticleEventHandler,
  type ArticleEventHandlers,
  type DeliveryContext,
  dispatchByType,
} from './handlers.js';
export { ARTICLE_EVENT_SCHEMA_ID, articleEventJsonSchema } from './json-schema.js';
export {
  createProcessedEvents,
  type ProcessedEvents,
  type ProcessedEventsOptions,
  type RunOnceResult,
} from './processed-events.js';
export { queueEventSource, type ReplayEventSource, type ReplayResult, replayEvents } from './replay.js';
export { type ReplayFilter, replayJobId, selectReplayEvents } from './replay-selection.js';
export {
  DEFAULT_QUEUE_PREFIX,
  type SubscribeOptions,
  type SubscriberLog,
  type Subscription,
  subscribe,
} from './subscribe.js';
export { type EventValidation, validateArticleEvent } from './validate-event.js';
