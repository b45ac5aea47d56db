// The state-keeping subscriber of docs/subscribing.md ("The article lifecycle"), its `apply` copied as
// written: every arrival order of one document's versions ends in the same state.
import { describe, expect, it } from 'vitest';
import type { ArticleEvent } from '../../../src/events/article-event.js';
import { supersedesVersion } from '../../../src/events/version-order.js';
import {
  exampleArticleEvent,
  exampleDeletedEvent,
  exampleUpdatedEvent,
  exampleVersionOrder,
} from '../../../src/subscriber/example-event.js';

function headlines() {
  // ---- as in the docs ----
  const documents = new Map<string, { headline: string | null } | null>();
  const order = new Map<string, string | undefined>();

  async function apply(event: ArticleEvent): Promise<void> {
    const id = event.documentId ?? event.articleId; // events from before documentId: one per article
    if (order.has(id) && !supersedesVersion(event.versionOrder, order.get(id))) return; // stale or seen
    order.set(id, event.versionOrder);
    documents.set(id, event.type === 'article.deleted' ? null : { headline: event.article.headline });
  }
  // ---- end ----
  return { documents, apply };
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

const parsed = exampleArticleEvent({ n: 1, headline: 'v1', versionOrder: exampleVersionOrder(1) });
const updated = exampleUpdatedEvent(parsed, { version: 2, headline: 'v2' });
const deleted = exampleDeletedEvent(updated, { version: 3 });
const reuploaded = exampleUpdatedEvent(updated, { version: 4, headline: 'v4' });

describe('the docs’ lifecycle example', () => {
  it('ends deleted whatever the order of parsed, updated and deleted, redeliveries included', async () => {
    for (const events of permutations([parsed, updated, deleted])) {
      const { documents, apply } = headlines();
      for (const e of [...events, ...events]) await apply(e);
      expect(documents.get(parsed.documentId!)).toBeNull();
    }
  });

  it('ends on the newest version once a re-upload follows the deletion, in any order', async () => {
    for (const events of permutations([parsed, updated, deleted, reuploaded])) {
      const { documents, apply } = headlines();
      for (const e of events) await apply(e);
      expect(documents.get(parsed.documentId!)).toEqual({ headline: 'v4' });
    }
  });

  it('applies events without versionOrder over each other, never over an ordered version', async () => {
    const { documents, apply } = headlines();
    const { versionOrder: _v, ...old } = exampleArticleEvent({ n: 1, headline: 'old' });
    await apply(old);
    expect(documents.get(parsed.documentId!)).toEqual({ headline: 'old' });
    await apply(updated);
    await apply(old);
    expect(documents.get(parsed.documentId!)).toEqual({ headline: 'v2' });
  });
});
