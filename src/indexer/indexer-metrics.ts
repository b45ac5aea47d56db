// The indexer's Prometheus metrics (scraped at /metrics like the other processes).
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { IndexOutcome } from './article-index.js';

export interface IndexerMetrics {
  registry: Registry;
  indexed(outcome: IndexOutcome | 'failed', seconds: number): void;
}

export function createIndexerMetrics(): IndexerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const events = new Counter({
    name: 'news_ingest_indexer_events_total',
    help: 'Article events handled by the indexer, by outcome (inserted, updated, deleted, unchanged, failed)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'news_ingest_indexer_event_duration_seconds',
    help: 'Time to index one article event',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  return {
    registry,
    indexed(outcome, seconds) {
      events.inc({ outcome });
      duration.observe(seconds);
    },
  };
}
