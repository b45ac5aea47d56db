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
    expect(config.s3.accessKeyId).toBe('minioadmin');
    expect(config.rawPrefix).toBe('incoming/');
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 3000 });
    expect(config.queues.publish).toEqual(['articles']);
    expect(config.worker.reconcileIntervalMs).toBe(60_000);
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
