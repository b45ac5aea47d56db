import { describe, expect, it } from 'vitest';
import {
  articleIdFor,
  articleVersionToken,
  deletedEventIdFor,
  documentIdFor,
  eventIdFor,
} from '../../../src/ids.js';
import { ingestJobId, stripQuotes, versionIdentity } from '../../../src/queue/object-version.js';

const ref = { bucket: 'news-raw', key: 'incoming/a b+c.txt', etag: '"abc123"' };

describe('deterministic ids', () => {
  it('are stable for the same object version', () => {
    expect(ingestJobId(ref)).toBe(ingestJobId({ ...ref }));
    expect(articleIdFor(ref, 0)).toBe(articleIdFor(ref, 0));
    expect(eventIdFor(articleIdFor(ref, 0))).toBe(eventIdFor(articleIdFor(ref, 0)));
  });

  it('differ by key, version, bucket and position', () => {
    const ids = new Set([
      ingestJobId(ref),
      ingestJobId({ ...ref, key: 'incoming/a b c.txt' }),
      ingestJobId({ ...ref, etag: 'other' }),
      ingestJobId({ ...ref, bucket: 'other' }),
      articleIdFor({ ...ref, versionId: 'v1' }, 0),
    ]);
    expect(ids.size).toBe(5);
    expect(articleIdFor(ref, 0)).not.toBe(articleIdFor(ref, 1));
  });

  it('give every version of one (bucket, key, position, entry) the same document id, and nothing else', () => {
    const v1 = { ...ref, versionId: 'v1' };
    const v2 = { ...ref, versionId: 'v2', etag: 'other' };
    expect(articleIdFor(v1, 0)).not.toBe(articleIdFor(v2, 0));
    expect(documentIdFor(v1, 0)).toBe(documentIdFor(v2, 0));
    const others = new Set([
      documentIdFor(ref, 0),
      documentIdFor(ref, 1),
      documentIdFor({ ...ref, key: 'incoming/a b c.txt' }, 0),
      documentIdFor({ ...ref, bucket: 'other' }, 0),
      documentIdFor(ref, 0, 'a.txt'),
      documentIdFor(ref, 0, 'b.txt'),
    ]);
    expect(others.size).toBe(6);
    expect(documentIdFor(ref, 0)).toMatch(/^doc-[0-9a-f]{32}$/);
  });

  it('name an article by the versionId the read returned (as they always did) and ignore quoting of ETags', () => {
    expect(articleVersionToken({ ...ref, versionId: 'v1' })).toBe('v:v1');
    expect(articleVersionToken({ ...ref, versionId: 'null' })).toBe('e:abc123');
    expect(articleIdFor(ref, 0)).toBe(articleIdFor({ ...ref, etag: 'abc123' }, 0));
    expect(stripQuotes('W/"x"')).toBe('x');
  });

  it('give a version one identity, its ETag, whichever trigger names it (versionId only without ETag)', () => {
    const notified = { ...ref, versionId: 'v1' };
    expect(versionIdentity(notified)).toBe('e:abc123');
    expect(ingestJobId(notified)).toBe(ingestJobId(ref)); // the scan knows no versionId
    expect(ingestJobId(ref)).toBe(ingestJobId({ ...ref, etag: 'abc123' }));
    expect(versionIdentity({ bucket: 'b', key: 'k', versionId: 'v1' })).toBe('v:v1');
    expect(versionIdentity({ bucket: 'b', key: 'k', versionId: 'null' })).toBe('latest');
  });

  it('are valid BullMQ custom ids (no colon)', () => {
    expect(ingestJobId(ref)).not.toContain(':');
    expect(eventIdFor('a')).not.toContain(':');
    expect(deletedEventIdFor('a')).not.toContain(':');
  });

  it('give the deletion of an article one event id of its own, distinct from its content event', () => {
    const articleId = articleIdFor(ref, 0);
    expect(deletedEventIdFor(articleId)).toBe(deletedEventIdFor(articleId));
    expect(deletedEventIdFor(articleId)).toMatch(/^evt-[0-9a-f]{32}$/);
    expect(deletedEventIdFor(articleId)).not.toBe(eventIdFor(articleId));
    expect(deletedEventIdFor(articleId)).not.toBe(deletedEventIdFor(articleIdFor(ref, 1)));
  });
});
