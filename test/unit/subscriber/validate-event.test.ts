import { describe, expect, it } from 'vitest';
import { exampleArticleEvent } from '../../../src/subscriber/example-event.js';
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
