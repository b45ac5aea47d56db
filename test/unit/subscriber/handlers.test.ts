// Per-type handlers: each event reaches the handler of its own type, typed; a type without a handler
// is acknowledged (resolves) without calling anything.
import { describe, expect, it } from 'vitest';
import {
  exampleArticleEvent,
  exampleDeletedEvent,
  exampleUpdatedEvent,
} from '../../../src/subscriber/example-event.js';
import { type DeliveryContext, dispatchByType } from '../../../src/subscriber/handlers.js';

const context: DeliveryContext = {
  jobId: 'j',
  queue: 'q',
  attempt: 1,
  maxAttempts: 1,
  signal: new AbortController().signal,
};
const parsed = exampleArticleEvent({ n: 1 });
const duplicate = exampleArticleEvent({
  n: 2,
  duplicateOf: { of: parsed.articleId, kind: 'exact', similarity: 1 },
});
const updated = exampleUpdatedEvent(parsed, { version: 2 });
const deleted = exampleDeletedEvent(updated, { version: 3 });

describe('dispatchByType', () => {
  it('calls the handler of each event type with the event narrowed to it', async () => {
    const seen: string[] = [];
    const handle = dispatchByType({
      'article.parsed': async (e) => seen.push(`parsed ${e.article.headline}`),
      'article.duplicate': async (e) => seen.push(`duplicate of ${e.duplicate.of}`),
      'article.updated': async (e) => seen.push(`updated ${e.supersedes.articleId}`),
      'article.deleted': async (e) => seen.push(`deleted ${e.deletion.reason}`),
    });
    for (const event of [parsed, duplicate, updated, deleted]) await handle(event, context);
    expect(seen).toEqual([
      `parsed ${parsed.article.headline}`,
      `duplicate of ${parsed.articleId}`,
      `updated ${parsed.articleId}`,
      'deleted object-removed',
    ]);
  });

  it('acknowledges a type nobody handles, and passes errors of a handler through', async () => {
    const handle = dispatchByType({
      'article.parsed': async () => {
        throw new Error('smtp down');
      },
    });
    await expect(handle(deleted, context)).resolves.toBeUndefined();
    await expect(handle(parsed, context)).rejects.toThrow('smtp down');
  });
});
