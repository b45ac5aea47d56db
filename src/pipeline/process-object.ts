// One ingest job: fetch → decode/parse (articlesOf) → ids → dedup → build event → publish, with the
// ledger recording each step. I/O happens only through the ports in IngestDeps; the steps after the fetch
// are the ones every other driver calls too (object-articles.ts).
import type { Logger } from 'pino';
import type { DuplicateIndex } from '../dedup/types.js';
import { versionOrderFor } from '../events/version-order.js';
import { FINAL_STATES, type Ledger } from '../ledger/ledger.js';
import { isStale, type KeyStates } from '../lifecycle/key-state.js';
import type { PipelineMetrics } from '../observability/metrics.js';
import type { EventPublisher } from '../queue/event-publisher.js';
import { ingestJobId, type ObjectVersion, type VersionIdentityFields } from '../queue/object-version.js';
import type { ObjectStore, StoredObject } from '../s3/object-store.js';
import type { AnalyseRunner } from './analyse-pool.js';
import { decompressionLimits } from './decompression-limits.js';
import { articlesOf, type ObjectArticles } from './object-articles.js';
import { settlePermanent } from './settle-permanent.js';
import { versionEvents } from './version-events.js';

export interface IngestDeps {
  store: ObjectStore;
  analyser: AnalyseRunner;
  dedup: DuplicateIndex;
  publisher: EventPublisher;
  ledger: Ledger;
  /** Per-key lifecycle state: what the key published, in which version order. */
  keyStates: KeyStates;
  metrics: PipelineMetrics;
  settings: {
    maxObjectBytes: number;
    maxArticleChars: number;
    /** MAX_ARTICLES_PER_OBJECT: a container with more articles is quarantined whole. */
    maxArticlesPerObject: number;
    /** MAX_DECOMPRESSED_BYTES / MAX_COMPRESSION_RATIO; their defaults when absent. */
    maxDecompressedBytes?: number;
    maxCompressionRatio?: number;
    dedupPolicy: 'publish' | 'drop' | 'link';
    quarantinePrefix: string;
  };
  now?: () => Date;
}

/** One ingest job: its id (computed once, by the enqueuer) and the version it names. */
export interface IngestJob {
  id: string;
  version: ObjectVersion;
}

export type IngestOutcome =
  | { outcome: 'published'; eventIds: string[]; duplicates: number; rejectedItems: number }
  | { outcome: 'already-done'; state: string }
  | { outcome: 'stale' };

export interface AttemptContext {
  /** Creation time of the BullMQ job being processed. */
  jobTimestamp?: number;
}

export async function processObject(
  job: IngestJob,
  deps: IngestDeps,
  log: Logger,
  attempt: AttemptContext = {},
): Promise<IngestOutcome> {
  const { store, ledger, metrics, settings } = deps;
  const { id: jobId, version } = job;
  const [previous, state] = await Promise.all([
    ledger.get(jobId),
    deps.keyStates.get(version.bucket, version.key),
  ]);
  // An operator retrying the very job that was quarantined or skipped (dashboard, `dlq retry`) wants
  // it re-run; any other job for a version with an outcome (a re-delivered notification, a replay) is
  // a no-op.
  const retryOfFailedJob =
    (previous?.state === 'quarantined' || previous?.state === 'skipped') &&
    attempt.jobTimestamp !== undefined &&
    previous.jobTimestamp === attempt.jobTimestamp;
  if (previous && FINAL_STATES.has(previous.state) && !retryOfFailedJob) {
    log.debug({ state: previous.state }, 'object version already has an outcome');
    return { outcome: 'already-done', state: previous.state };
  }

  const fetchStart = performance.now();
  let stored: StoredObject;
  try {
    stored = await store.getObject({
      key: version.key,
      versionId: version.versionId,
      etag: version.etag,
      maxBytes: settings.maxObjectBytes,
    });
  } catch (error) {
    await settlePermanent(error, version, [jobId], deps, log, attempt);
    throw error;
  }
  metrics.observeStage('fetch', (performance.now() - fetchStart) / 1000);
  const read: VersionIdentityFields = {
    bucket: version.bucket,
    key: version.key,
    versionId: stored.versionId,
    etag: stored.etag,
  };
  // A trigger that knew no ETag named the version provisionally: its outcome goes under the version's
  // identity too, so the scan (which knows the ETag) finds it settled.
  const ids = [...new Set([jobId, ingestJobId(read)])];
  const order = versionOrderOf(stored, version, deps.now);
  if (isStale(state, order, stored.etag)) {
    // An older version (or one written before a takedown) arriving late: the key's state holds a newer one.
    metrics.staleEventDropped();
    await ledger.mark(ids, 'skipped', { reason: 'stale-event' });
    log.info({ order, held: state?.order }, 'dropped a version older than the one applied for its key');
    return { outcome: 'stale' };
  }
  // Independent writes: sent together, one round trip of waiting instead of two.
  await Promise.all([
    ledger.mark(jobId, 'fetched', { versionId: stored.versionId, etag: stored.etag }),
    ledger.indexVersion(version.bucket, version.key, jobId),
  ]);

  try {
    const found = await articlesOf(
      {
        bytes: stored.bytes,
        name: version.key,
        contentType: stored.contentType,
        contentEncoding: stored.contentEncoding,
      },
      {
        analyse: (request) => deps.analyser.analyse(request),
        limits: decompressionLimits(settings),
        maxArticleChars: settings.maxArticleChars,
        maxArticles: settings.maxArticlesPerObject,
        onCompression: (kind) => metrics.compressionDetected(kind),
      },
    );
    recordAnalysis(found, deps, log);
    const processedAt = (deps.now ?? (() => new Date()))();
    // The 'parsed' mark travels beside the dedup lookups instead of before them; it lands before the publish.
    const [, next] = await Promise.all([
      ledger.mark(jobId, 'parsed'),
      versionEvents({ version, read, stored, found, order, state, processedAt }, deps),
    ]);
    const publishStart = performance.now();
    // DEDUP_POLICY=drop drops duplicates of other documents; a correction is published whatever it is.
    const toPublish = next.events.filter(
      (e) => e.type !== 'article.duplicate' || settings.dedupPolicy !== 'drop',
    );
    await deps.publisher.publish(toPublish);
    await deps.dedup.retract(next.retracted);
    metrics.observeStage('publish', (performance.now() - publishStart) / 1000);
    for (const e of toPublish)
      metrics.articlePublished(
        OUTCOME[e.type],
        e.type === 'article.duplicate' ? e.duplicate.kind : undefined,
      );
    // After the publish: a crash in between re-runs the version, which publishes the same event ids.
    if (!(await deps.keyStates.put(version.bucket, version.key, next.state, next.canonicals)))
      log.info({ order }, 'a newer version of the key was applied meanwhile; its state stays');
    await ledger.mark(ids, 'published', {
      eventIds: next.eventIds,
      ...(next.events.length === 0 ? { reason: 'unchanged' } : {}),
      ...(found.leftOut ? { rejected: found.leftOut } : {}),
    });
    const duplicates = next.events.filter((e) => e.type === 'article.duplicate').length;
    log.info({ events: next.events.length, duplicates }, 'published');
    return {
      outcome: 'published',
      eventIds: next.events.map((e) => e.eventId),
      duplicates,
      rejectedItems: found.rejected.length,
    };
  } catch (error) {
    await settlePermanent(error, version, ids, deps, log, attempt, stored.versionId);
    throw error;
  }
}

const OUTCOME = {
  'article.parsed': 'parsed',
  'article.duplicate': 'duplicate',
  'article.updated': 'updated',
  'article.deleted': 'deleted',
} as const;

/** The version's place among the key's versions: its LastModified (else the trigger's time) and sequencer. */
function versionOrderOf(stored: StoredObject, version: ObjectVersion, now?: () => Date): string {
  const eventTime = version.eventTime ? new Date(version.eventTime) : undefined;
  const written = [stored.lastModified, eventTime].find((d) => d && !Number.isNaN(d.getTime()));
  return versionOrderFor(written ?? (now ?? (() => new Date()))(), version.sequencer);
}

/** Metrics and log lines of one analysis (per part, per skipped entry, per rejected item reason). */
function recordAnalysis(found: ObjectArticles, deps: IngestDeps, log: Logger): void {
  const { metrics } = deps;
  for (const part of found.parts) {
    metrics.charsetDetected(part.charset);
    metrics.observeStage('decode', part.decodeSeconds);
    metrics.observeStage('parse', part.parseSeconds);
  }
  for (const [reason, count] of found.skippedEntries) metrics.archiveEntriesSkipped(reason, count);
  if (found.rejected.length > 0) {
    for (const [reason, count] of found.rejections.counts) metrics.quarantined(`item-${reason}`, count);
    log.warn(
      { rejected: Object.fromEntries(found.rejections.counts), firstPosition: found.rejected[0]?.position },
      `container items rejected: ${found.rejections.text}`,
    );
  }
  if (found.skippedEntries.size > 0) log.info({ compression: found.compression }, found.leftOut);
}
