// The whole pipeline on a 3-master Redis Cluster started from Debian's redis-server: queue prefixes
// and every key the service writes carry one hash tag, so BullMQ's and our Lua scripts stay in a slot.
import { readFileSync } from 'node:fs';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateCluster, redisServerAvailable, startPrivateCluster } from '../helpers/redis-server.js';
import { startTestService, type TestService } from '../helpers/service.js';

const sample = readFileSync(
  new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url),
);

describe.skipIf(!redisServerAvailable())('pipeline on Redis Cluster', () => {
  let cluster: PrivateCluster;
  let svc: TestService;
  beforeAll(async () => {
    cluster = await startPrivateCluster(3);
    svc = await startTestService({
      REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(','),
    });
  });
  afterAll(async () => {
    await svc?.stop();
    await cluster?.stop();
  });

  it('ingests, deduplicates and publishes with every key in one hash slot', async () => {
    await svc.put('incoming/cluster/original.txt', sample);
    await svc.waitForEvents(1);
    await svc.put('incoming/cluster/copy.txt', sample);
    const events = await svc.waitForEvents(2);
    expect(events.map((e) => e.type).sort()).toEqual(['article.duplicate', 'article.parsed']);

    const client = new Cluster(cluster.nodes);
    try {
      await new Promise<void>((resolve) => client.once('ready', () => resolve()));
      const keys: string[] = [];
      for (const node of client.nodes('master')) {
        let cursor = '0';
        do {
          const [next, batch] = await node.scan(cursor, 'COUNT', 1000);
          cursor = next;
          keys.push(...batch);
        } while (cursor !== '0');
      }
      expect(keys.length).toBeGreaterThan(5);
      const tag = svc.config.queues.prefix; // "{t-svc-…}"
      for (const key of keys) expect(key.startsWith(tag), key).toBe(true);
      expect(keys.some((k) => k.includes(':ledger:'))).toBe(true);
      expect(keys.some((k) => k.includes(':dedup:'))).toBe(true);
    } finally {
      client.disconnect();
    }
  });
});
