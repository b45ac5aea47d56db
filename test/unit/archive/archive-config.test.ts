import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';

describe('archive configuration', () => {
  it('archives to events/ of the raw bucket, and keeps 1,000 completed jobs for an hour, by default', () => {
    const config = loadConfig({});
    expect(config.archive).toEqual({
      enabled: true,
      bucket: 'news-raw',
      prefix: 'events/',
      batchEvents: 1000,
      batchAgeMs: 10_000,
      batchBytes: 4 * 1024 * 1024,
    });
    expect(config.retention.completed).toEqual({ count: 1000, ageMs: 3_600_000 });
  });

  it('refuses an archive prefix that overlaps the raw or quarantine prefix in the same bucket', () => {
    expect(() => loadConfig({ ARCHIVE_PREFIX: 'incoming/events' })).toThrow(
      'ARCHIVE_PREFIX and RAW_PREFIX must not overlap',
    );
    expect(() => loadConfig({ RAW_PREFIX: 'events/in/' })).toThrow(
      'ARCHIVE_PREFIX and RAW_PREFIX must not overlap',
    );
    expect(() => loadConfig({ ARCHIVE_PREFIX: 'quarantine/' })).toThrow(
      'ARCHIVE_PREFIX and QUARANTINE_PREFIX must not overlap',
    );
    // Another bucket, or no archive at all: the prefixes cannot collide.
    expect(loadConfig({ ARCHIVE_PREFIX: 'incoming/', ARCHIVE_BUCKET: 'news-events' }).archive.prefix).toBe(
      'incoming/',
    );
    expect(loadConfig({ ARCHIVE_PREFIX: 'incoming/', ARCHIVE_EVENTS: 'false' }).archive.enabled).toBe(false);
  });

  it('names a bad value', () => {
    expect(() => loadConfig({ ARCHIVE_BATCH_AGE: 'soon' })).toThrow(/ARCHIVE_BATCH_AGE/);
    expect(() => loadConfig({ ARCHIVE_EVENTS: 'yes' })).toThrow(/ARCHIVE_EVENTS/);
  });
});
