import { describe, expect, it } from 'vitest';
import { dataWithFailure, failureReasonOf, whyNotRetry } from '../../../src/pipeline/job-failure.js';

describe('job failure as data', () => {
  it('keeps reasons as they were decided, digits included', () => {
    for (const reason of ['s3-access-denied', 's3-no-such-bucket', 's3-refused', 'empty', 'transient']) {
      const data = dataWithFailure({ bucket: 'b', key: 'k' }, { reason, permanent: false });
      expect(data).toEqual({ bucket: 'b', key: 'k', lastFailure: { reason, permanent: false } });
      expect(failureReasonOf(data)).toBe(reason);
    }
  });

  it('records a failure even on data that is not an object, and says unknown when none was recorded', () => {
    expect(failureReasonOf(dataWithFailure('junk', { reason: 'schema-violation', permanent: true }))).toBe(
      'schema-violation',
    );
    expect(failureReasonOf({ bucket: 'b', key: 'k' })).toBe('unknown');
    expect(failureReasonOf(null)).toBe('unknown');
  });
});

describe('whyNotRetry', () => {
  const at = '2026-11-30T00:00:00Z';
  it('retries what a re-run can change', () => {
    expect(whyNotRetry(null)).toBeNull();
    expect(whyNotRetry({ state: 'quarantined', at, reason: 'empty' })).toBeNull();
    expect(whyNotRetry({ state: 'skipped', at, reason: 'gone' })).toBeNull();
    expect(whyNotRetry({ state: 'skipped', at, reason: 's3-refused' })).toBeNull();
    expect(whyNotRetry({ state: 'fetched', at })).toBeNull();
  });
  it('says why a published or superseded version is not re-run', () => {
    expect(whyNotRetry({ state: 'published', at, eventIds: ['e1', 'e2'] })).toMatch(
      /already published \(2 events\)/,
    );
    expect(whyNotRetry({ state: 'skipped', at, reason: 'superseded' })).toMatch(
      /^superseded: .*newer version/,
    );
    expect(whyNotRetry({ state: 'skipped', at, reason: 'stale-event' })).toMatch(/^stale-event: /);
  });
});
