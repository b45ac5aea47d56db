// Redis-backed duplicate index shared by all workers. Candidates come from Redis, the decision from
// decision.ts (the same as the in-memory index), atomicity from an optimistic snapshot/commit pair of
// Lua scripts (redis-scripts.ts): two workers racing on near-copies agree on one canonical.
import type { Cluster, Redis } from 'ioredis';
import type { ParsedArticle } from '../parse/types.js';
import { dedupKeyPrefix } from '../queue/redis-keys.js';
import { ANCHOR_BUCKET_CAP, judgeNear, MAX_VERIFIED_CANDIDATES, type StoredCanonical } from './decision.js';
import { type Fingerprint, fingerprintText, MAX_ANCHORS, queryShingles } from './fingerprint.js';
import {
  anchorGroup,
  DEFAULT_KEY_PREFIX,
  decodeCanonical,
  decodeStoredVerdict,
  encodeCanonical,
  encodeDuplicateVerdict,
  exactField,
  exactGroup,
  type GroupBits,
  groupBitsFor,
  SKETCH_GROUP_SIZE,
  verdictField,
  verdictGroup,
} from './redis-layout.js';
import { COMMIT_SCRIPT, LOOKUP_SCRIPT, RETRACT_SCRIPT } from './redis-scripts.js';
import type { DuplicateIndex, DuplicateVerdict } from './types.js';

export interface RedisDuplicateIndexOptions {
  redis: Redis | Cluster;
  /** Must contain a hash tag ({...}) so all keys share one Cluster slot. */
  keyPrefix?: string;
  /** Entries expire after at least this window (at most twice it); undefined keeps them. */
  retentionSeconds?: number;
  /** Live canonicals the key layout is sized for (groups stay compact up to about this many). */
  expectedArticles?: number;
}

/** Rounds of snapshot/commit before giving up; each round lets at least one racing writer through. */
const MAX_ATTEMPTS = 32;

type Arg = string | Buffer | number;

interface DedupCommands {
  dedupLookupBuffer(key: string, ...args: Arg[]): Promise<Buffer[]>;
  dedupCommit(key: string, ...args: Arg[]): Promise<string[]>;
  dedupRetract(key: string, ...args: Arg[]): Promise<number>;
}

function withCommands(redis: Redis | Cluster): DedupCommands {
  const r = redis as unknown as Partial<DedupCommands> & Redis;
  if (typeof r.dedupLookupBuffer !== 'function') {
    r.defineCommand('dedupLookup', { numberOfKeys: 1, lua: LOOKUP_SCRIPT });
    r.defineCommand('dedupCommit', { numberOfKeys: 1, lua: COMMIT_SCRIPT });
    r.defineCommand('dedupRetract', { numberOfKeys: 1, lua: RETRACT_SCRIPT });
  }
  return r as unknown as DedupCommands;
}

export function createRedisDuplicateIndex(options: RedisDuplicateIndexOptions): DuplicateIndex {
  const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const retention = options.retentionSeconds ?? 0;
  const bits: GroupBits = groupBitsFor(options.expectedArticles ?? 1_000_000, MAX_ANCHORS);
  const commands = withCommands(options.redis);
  const seqKey = `${prefix}seq`;
  const common = [prefix, retention] as const;

  /** A record can vanish when its generation expires before the lookup: then it is no candidate. */
  const canonical = (ref: Buffer | undefined, rec: Buffer | undefined): StoredCanonical[] =>
    ref && ref.length > 0 && rec && rec.length > 0
      ? [{ ref: Number(String(ref)), ...decodeCanonical(rec) }]
      : [];

  async function attempt(
    articleId: string,
    fp: Fingerprint | null,
    vField: Buffer,
    vGroup: number,
    queryArgs: Arg[],
  ): Promise<{ done: true; verdict: DuplicateVerdict | null } | { done: false }> {
    const xField = fp ? exactField(fp.exact) : Buffer.alloc(8);
    const xGroup = exactGroup(xField, bits.exact);
    const snap = await commands.dedupLookupBuffer(
      seqKey,
      ...common,
      vGroup,
      vField,
      xGroup,
      xField,
      SKETCH_GROUP_SIZE,
      MAX_VERIFIED_CANDIDATES,
      ...queryArgs,
    );
    if (String(snap[0]) === 'V') return { done: true, verdict: decodeStoredVerdict(String(snap[1] ?? '')) };
    const seq = String(snap[1] ?? '0');
    let verdict: DuplicateVerdict | null = null;
    if (fp) {
      const [owner] = canonical(snap[2], snap[3]);
      if (owner) verdict = { of: owner.articleId, kind: 'exact', similarity: 1 };
      if (!verdict) {
        const candidates: StoredCanonical[] = [];
        for (let i = 4; i + 1 < snap.length; i += 2) candidates.push(...canonical(snap[i], snap[i + 1]));
        verdict = judgeNear(fp, candidates);
      }
    }
    // Bodies without words are recorded as "not a duplicate" without being indexed.
    const mode = verdict || !fp ? 'd' : 'c';
    const payload = verdict
      ? encodeDuplicateVerdict(verdict)
      : fp
        ? encodeCanonical(articleId, fp.sketch)
        : '0';
    const indexArgs: Arg[] = [];
    for (const a of fp?.anchors ?? []) indexArgs.push(anchorGroup(a, bits.anchor), a.h1);
    const res = await commands.dedupCommit(
      seqKey,
      ...common,
      seq,
      vGroup,
      vField,
      mode,
      payload,
      xGroup,
      xField,
      SKETCH_GROUP_SIZE,
      ANCHOR_BUCKET_CAP,
      indexArgs.length / 2,
      ...indexArgs,
      ...queryArgs,
    );
    if (res[0] === 'RETRY') return { done: false };
    if (res[0] === 'V') return { done: true, verdict: decodeStoredVerdict(res[1] ?? '') };
    return { done: true, verdict };
  }

  return {
    async checkAndInsert(articleId: string, article: ParsedArticle): Promise<DuplicateVerdict | null> {
      const fp = fingerprintText(article.body);
      const vField = verdictField(articleId);
      const vGroup = verdictGroup(vField, bits.verdict);
      const queryArgs: Arg[] = [];
      for (const s of fp ? queryShingles(fp) : []) queryArgs.push(anchorGroup(s, bits.anchor), s.h1);
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        const r = await attempt(articleId, fp, vField, vGroup, queryArgs);
        if (r.done) return r.verdict;
      }
      throw new Error(`duplicate index: no stable snapshot for ${articleId} after ${MAX_ATTEMPTS} attempts`);
    },
    async retract(articleIds) {
      if (articleIds.length === 0) return;
      const args: Arg[] = [];
      for (const articleId of articleIds) {
        const field = verdictField(articleId);
        args.push(verdictGroup(field, bits.verdict), field);
      }
      await commands.dedupRetract(seqKey, ...common, SKETCH_GROUP_SIZE, ...args);
    },
  };
}

/** The service's index from its config (the worker and `dedup-rebuild` build it here, the same way). */
export function createConfiguredDuplicateIndex(
  redis: Redis | Cluster,
  config: { queues: { prefix: string }; dedup: { retentionMs: number } },
): DuplicateIndex {
  return createRedisDuplicateIndex({
    redis,
    keyPrefix: dedupKeyPrefix(config.queues.prefix),
    // 0 keeps entries for ever, as an absent retention does.
    retentionSeconds: Math.ceil(config.dedup.retentionMs / 1000),
  });
}
