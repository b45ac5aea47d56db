// Package entry (`news-ingest`): the v1 event contract (also `news-ingest/events`) and the subscriber
// kit (also `news-ingest/subscriber`) for downstream services. Nothing of the producer is exported.
export * from './events/index.js';
export * from './subscriber/index.js';
