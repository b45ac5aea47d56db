// Pure: decides whether a job's data is an event this subscriber accepts. Kept apart from BullMQ so
// the rules (version pinning, readable messages) are unit-testable.
import {
  ARTICLE_EVENT_SCHEMA_VERSION,
  type ArticleEvent,
  articleEventSchema,
} from '../events/article-event.js';

export type EventValidation = { ok: true; event: ArticleEvent } | { ok: false; message: string };

export function validateArticleEvent(data: unknown): EventValidation {
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  // A v2 event on a v1 subscriber's queue is not "invalid", it is not ours: say so plainly so the
  // operator knows to upgrade the subscriber rather than to debug the producer.
  if (version !== ARTICLE_EVENT_SCHEMA_VERSION) {
    return {
      ok: false,
      message: `unsupported schemaVersion ${JSON.stringify(version)}: this subscriber accepts ${ARTICLE_EVENT_SCHEMA_VERSION}`,
    };
  }
  const parsed = articleEventSchema.safeParse(data);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  return { ok: false, message: `invalid article event: ${issues}` };
}
