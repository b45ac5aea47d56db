// The event builder gives every version of one document the same documentId and each version its own ids.
import { describe, expect, it } from 'vitest';
import { articleEventSchema } from '../../../src/events/article-event.js';
import { buildArticleEvent } from '../../../src/events/build-article-event.js';
import { articleIdFor, documentIdFor } from '../../../src/ids.js';
import { exampleArticleEvent } from '../../../src/subscriber/example-event.js';

const example = exampleArticleEvent();
const eventFor = (versionId: string, position = 0) => {
  const source = { ...example.source, versionId, position };
  return buildArticleEvent({
    articleId: articleIdFor(source, position),
    source,
    article: { ...example.article, paragraphs: [...example.article.paragraphs] },
    duplicate: null,
    parserVersion: 'test',
    processedAt: new Date('2026-11-30T00:00:00Z'),
  });
};

describe('buildArticleEvent', () => {
  it('carries one documentId across versions of a (bucket, key, position) and a new articleId per version', () => {
    const first = eventFor('v1');
    const corrected = eventFor('v2');
    // The schema keeps the field (zod strips keys it does not know).
    expect(articleEventSchema.parse(first).documentId).toBe(first.documentId);
    expect(first.documentId).toBe(documentIdFor(first.source, 0));
    expect(corrected.documentId).toBe(first.documentId);
    expect(corrected.articleId).not.toBe(first.articleId);
    expect(corrected.eventId).not.toBe(first.eventId);
    expect(eventFor('v1', 1).documentId).not.toBe(first.documentId);
  });
});
