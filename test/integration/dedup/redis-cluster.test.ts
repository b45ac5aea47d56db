// The Redis index on a real 3-master Redis Cluster started from `redis-server` on loopback ports: the
// Lua scripts must stay within the prefix's hash slot and decide as on a single node.
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryDuplicateIndex } from '../../../src/dedup/memory-index.js';
import { createRedisDuplicateIndex } from '../../../src/dedup/redis-index.js';
import {
  type PrivateCluster,
  redisServerAvailable,
  startPrivateCluster,
} from '../../helpers/redis-server.js';
import { article, fixture, paragraphs, withTypos } from '../../unit/dedup/helpers.js';

describe.skipIf(!redisServerAvailable())('redis duplicate index on a 3-master Redis Cluster', () => {
  let servers: PrivateCluster;
  let cluster: Cluster;

  beforeAll(async () => {
    servers = await startPrivateCluster(3);
    cluster = new Cluster(servers.nodes);
  }, 30_000);

  afterAll(async () => {
    await cluster?.quit().catch(() => undefined);
    await servers?.stop();
  });

  it('decides like the in-memory index and agrees on one canonical under a race', async () => {
    const bridge = fixture('harbour-bridge.txt');
    const frost = fixture('orchard-frost.txt');
    const memory = createMemoryDuplicateIndex();
    const shared = createRedisDuplicateIndex({ redis: cluster, retentionSeconds: 600 });
    const inputs = [
      article(bridge),
      article(frost),
      article(paragraphs(bridge).slice(0, 3).join('\n\n')),
      article(withTypos(frost, 20)),
    ];
    for (const [i, a] of inputs.entries()) {
      expect(await shared.checkAndInsert(`a${i}`, a)).toEqual(await memory.checkAndInsert(`a${i}`, a));
    }
    const stadium = fixture('stadium-vote.txt');
    const verdicts = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        createRedisDuplicateIndex({ redis: cluster, retentionSeconds: 600 }).checkAndInsert(
          `race-${i}`,
          article(withTypos(stadium, 20 + 7 * i)),
        ),
      ),
    );
    const canonicals = verdicts.filter((v) => v === null);
    expect(canonicals).toHaveLength(1);
    const canonicalId = `race-${verdicts.indexOf(null)}`;
    for (const v of verdicts) if (v) expect(v.of).toBe(canonicalId);
  }, 30_000);
});
