import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../../src/config/duration.js';
import { ConfigError, loadConfig } from '../../../src/config/load-config.js';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.s3.endpoint).toBeUndefined();
    expect(config.s3.bucket).toBe('news-raw');
    expect(config.s3.embeddedPort).toBe(9000);
    expect(config.s3.credentials).toEqual({ accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin' });
    expect(config.warnings).toEqual([]);
    expect(config.rawPrefix).toBe('incoming/');
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 3000 });
    expect(config.queues.publish).toEqual(['articles']);
    expect(config.worker.reconcileIntervalMs).toBe(60_000);
  });

  it('has safe amplification limits by default, each configurable', () => {
    const defaults = loadConfig({});
    expect(defaults.limits).toMatchObject({ maxArticlesPerObject: 1000, maxRecordsPerNotification: 100 });
    expect(defaults.worker).toMatchObject({ failedJobsKept: 10_000, ledgerSkippedRetentionMs: 3_600_000 });
    const set = loadConfig({
      MAX_ARTICLES_PER_OBJECT: '5',
      MAX_RECORDS_PER_NOTIFICATION: '1',
      FAILED_JOBS_KEPT: '20',
      LEDGER_SKIPPED_RETENTION: '10m',
    });
    expect(set.limits).toMatchObject({ maxArticlesPerObject: 5, maxRecordsPerNotification: 1 });
    expect(set.worker).toMatchObject({ failedJobsKept: 20, ledgerSkippedRetentionMs: 600_000 });
    // Skipped versions are never remembered longer than anything else.
    expect(loadConfig({ LEDGER_RETENTION: '1m' }).worker.ledgerSkippedRetentionMs).toBe(60_000);
    expect(() => loadConfig({ MAX_ARTICLES_PER_OBJECT: '0' })).toThrow(/MAX_ARTICLES_PER_OBJECT/);
  });

  it('normalises prefixes and lists', () => {
    const config = loadConfig({
      RAW_PREFIX: 'raw',
      PUBLISH_QUEUES: ' search , analytics,, ',
      ARTICLES_QUEUE: 'x',
    });
    expect(config.rawPrefix).toBe('raw/');
    expect(config.queues.publish).toEqual(['search', 'analytics']);
  });

  it('treats blank optional values as unset', () => {
    expect(loadConfig({ S3_ENDPOINT: '  ', WEBHOOK_TOKEN: '' }).s3.endpoint).toBeUndefined();
  });

  it('rejects bad values with a message naming the variable', () => {
    expect(() => loadConfig({ HTTP_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_PORT: 'eighty' })).toThrow(/HTTP_PORT/);
    expect(() => loadConfig({ RECONCILE_INTERVAL: 'soon' })).toThrow(/RECONCILE_INTERVAL.*not a duration/s);
    expect(() => loadConfig({ DEDUP_POLICY: 'maybe' })).toThrow(/DEDUP_POLICY/);
    expect(() => loadConfig({ RAW_PREFIX: 'a/', QUARANTINE_PREFIX: 'a/q/' })).toThrow(/overlap/);
    expect(() => loadConfig({ REDIS_CLUSTER_NODES: 'nohost' })).toThrow(/bad node/);
  });

  it('rejects an unknown trigger, naming it, instead of silently turning a trigger off', () => {
    expect(() => loadConfig({ TRIGGERS: 'notifications,scna' })).toThrow(/TRIGGERS: unknown trigger "scna"/);
    expect(loadConfig({ TRIGGERS: ' scan , sqs ' }).worker.triggers).toEqual(['scan', 'sqs']);
    expect(loadConfig({ TRIGGERS: 'none' }).worker.triggers).toEqual([]);
    expect(() => loadConfig({ TRIGGERS: 'none,scan' })).toThrow(/unknown trigger "none"/);
  });

  it('uses the default credential chain (IAM role) against a real endpoint when no keys are set', () => {
    const aws = loadConfig({ S3_ENDPOINT: 'https://s3.eu-west-1.amazonaws.com' });
    expect(aws.s3.credentials).toBeUndefined();
    expect(aws.warnings).toEqual([]);
    const keys = loadConfig({
      S3_ENDPOINT: 'http://minio:9000',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
    });
    expect(keys.s3.credentials).toEqual({ accessKeyId: 'k', secretAccessKey: 's' });
    expect(keys.warnings).toEqual([]);
    // Blank values (an empty Secret entry) are unset, not empty keys.
    expect(
      loadConfig({ S3_ENDPOINT: 'http://x', S3_ACCESS_KEY_ID: '', S3_SECRET_ACCESS_KEY: ' ' }).s3.credentials,
    ).toBeUndefined();
    expect(() => loadConfig({ S3_ENDPOINT: 'http://x', S3_ACCESS_KEY_ID: 'k' })).toThrow(
      /both S3_ACCESS_KEY_ID/,
    );
  });

  it('warns when MinIO default keys are set against a real endpoint', () => {
    const config = loadConfig({
      S3_ENDPOINT: 'https://s3.example.com',
      S3_ACCESS_KEY_ID: 'minioadmin',
      S3_SECRET_ACCESS_KEY: 'minioadmin',
    });
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toMatch(/S3_ENDPOINT is https:\/\/s3\.example\.com.*minioadmin/);
  });

  it('parses cluster seeds', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1:7001' }).redis.clusterNodes).toEqual([
      { host: '127.0.0.1', port: 7000 },
      { host: '127.0.0.1', port: 7001 },
    ]);
  });
});

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['30d', 2_592_000_000],
    ['15', 15_000],
    ['1.5s', 1500],
  ])('%s is %d ms', (text, ms) => expect(parseDurationMs(text)).toBe(ms));
  it('rejects nonsense', () => expect(() => parseDurationMs('10 years')).toThrow(/not a duration/));
});
