// KeyStates on Redis: one string per key (JSON), a sorted set of live keys per bucket for the scan's
// range queries, and one short-lived string per canonical article naming its document. A tombstone and
// the canonical → document strings expire after the ledger's retention; a live key's state stays while
// the key is live (one per published key: bounded by the bucket, not by uploads).
import type { RedisConnection } from '../queue/redis-connection.js';
import { documentOfKey, keyStateKey, liveKeysKey } from '../queue/redis-keys.js';
import type { KeyState, KeyStates } from './key-state.js';

/**
 * KEYS: state, live set, then one document-of key per canonical. ARGV: order, state JSON, '1' for a
 * tombstone, the object key (live-set member), retention ms, then one document id per canonical.
 * Compare-and-set on the order, so two workers racing on two versions keep the newer one.
 */
const PUT_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local ok, held = pcall(cjson.decode, cur)
  if ok and type(held) == 'table' and type(held.order) == 'string' and held.order > ARGV[1] then return 0 end
end
if ARGV[3] == '1' then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[5])
  redis.call('ZREM', KEYS[2], ARGV[4])
else
  redis.call('SET', KEYS[1], ARGV[2])
  redis.call('ZADD', KEYS[2], 0, ARGV[4])
end
for i = 3, #KEYS do redis.call('SET', KEYS[i], ARGV[i + 3], 'PX', ARGV[5]) end
return 1`;

interface KeyStateCommands {
  niKeyStatePut(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
}

const PAGE = 1000;

export function createRedisKeyStates(
  redis: RedisConnection,
  keyPrefix: string,
  retentionMs: number,
): KeyStates {
  if (!('niKeyStatePut' in redis)) redis.defineCommand('niKeyStatePut', { lua: PUT_SCRIPT });
  return {
    async get(bucket, key) {
      const raw = await redis.get(keyStateKey(keyPrefix, bucket, key));
      return raw ? parseState(raw) : null;
    },
    async put(bucket, key, state, canonicals = []) {
      const written = await (redis as unknown as KeyStateCommands).niKeyStatePut(
        2 + canonicals.length,
        keyStateKey(keyPrefix, bucket, key),
        liveKeysKey(keyPrefix, bucket),
        ...canonicals.map(([articleId]) => documentOfKey(keyPrefix, articleId)),
        state.order,
        JSON.stringify(state),
        state.deleted ? '1' : '0',
        key,
        String(retentionMs),
        ...canonicals.map(([, documentId]) => documentId),
      );
      return written === 1;
    },
    documentOf: (articleId) => redis.get(documentOfKey(keyPrefix, articleId)),
    async *liveKeys(bucket, after, upTo) {
      let min = after === null ? '-' : `(${after}`;
      const max = upTo === null ? '+' : `[${upTo}`;
      for (;;) {
        const page = await redis.zrangebylex(liveKeysKey(keyPrefix, bucket), min, max, 'LIMIT', 0, PAGE);
        yield* page;
        if (page.length < PAGE) return;
        min = `(${page[page.length - 1]}`;
      }
    },
  };
}

/** A state written by this release; anything else (damaged, foreign) counts as no state. */
function parseState(raw: string): KeyState | null {
  try {
    const value = JSON.parse(raw) as KeyState;
    return typeof value.order === 'string' && Array.isArray(value.docs) ? value : null;
  } catch {
    return null;
  }
}
