import { describe, expect, it } from 'vitest';
import {
  exampleArticleEvent,
  exampleDeletedEvent,
  exampleUpdatedEvent,
} from '../../../src/subscriber/example-event.js';
import { validateArticleEvent } from '../../../src/subscriber/validate-event.js';

describe('validateArticleEvent', () => {
  it('accepts a v1 event and returns it typed, unknown extra fields stripped', () => {
    const event = exampleArticleEvent({ n: 1 });
    const result = validateArticleEvent({ ...event, addedLater: 'an additive change' });
    expect(result).toEqual({ ok: true, event });
  });

  it('rejects another schema version with a message that says so', () => {
    const result = validateArticleEvent({ ...exampleArticleEvent(), schemaVersion: 2 });
    expect(result).toEqual({ ok: false, message: 'unsupported schemaVersion 2: this subscriber accepts 1' });
    expect(validateArticleEvent(null)).toMatchObject({
      ok: false,
      message: /unsupported schemaVersion undefined/,
    });
  });

  it('names the offending fields of an invalid v1 event', () => {
    const event = exampleArticleEvent();
    const result = validateArticleEvent({ ...event, source: { ...event.source, key: '' }, eventId: 7 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(/^invalid article event: /);
      expect(result.message).toContain('eventId');
      expect(result.message).toContain('source.key');
    }
  });

  it('enforces the type/duplicate rule', () => {
    const event = exampleArticleEvent();
    const result = validateArticleEvent({ ...event, type: 'article.duplicate' });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('duplicate') });
  });
});

describe('validateArticleEvent on the lifecycle types', () => {
  const parsed = exampleArticleEvent({ n: 3 });
  const updated = exampleUpdatedEvent(parsed, { version: 2 });
  const deleted = exampleDeletedEvent(updated, { version: 3 });

  it('accepts an update and a deletion, typed by their `type`', () => {
    const u = validateArticleEvent(updated);
    const d = validateArticleEvent(deleted);
    expect(u).toEqual({ ok: true, event: updated });
    expect(d).toEqual({ ok: true, event: deleted });
    if (u.ok && u.event.type === 'article.updated')
      expect(u.event.supersedes.articleId).toBe(parsed.articleId);
    if (d.ok && d.event.type === 'article.deleted') expect(d.event.deletion.reason).toBe('object-removed');
  });

  it('requires documentId and versionOrder on an update and a deletion, not on older events', () => {
    for (const event of [updated, deleted]) {
      const { documentId: _d, ...noDocument } = event;
      const { versionOrder: _v, ...noOrder } = event;
      expect(validateArticleEvent(noDocument)).toMatchObject({ ok: false, message: /documentId/ });
      expect(validateArticleEvent(noOrder)).toMatchObject({ ok: false, message: /versionOrder/ });
    }
    const { documentId: _d, ...oldParsed } = parsed;
    expect(validateArticleEvent(oldParsed).ok).toBe(true);
  });

  it('rejects a parsed event with a link and a deletion without its reason', () => {
    expect(
      validateArticleEvent({ ...parsed, duplicate: { of: 'art-x', kind: 'exact', similarity: 1 } }),
    ).toMatchObject({ ok: false, message: /duplicate/ });
    expect(validateArticleEvent({ ...deleted, deletion: {} })).toMatchObject({
      ok: false,
      message: /deletion/,
    });
  });
});
