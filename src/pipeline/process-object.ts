// One ingest job: fetch → decode/parse (articlesOf) → ids → dedup → build event → publish, with the
// ledger recording each step. I/O happens only through the ports in IngestDeps; the steps after the fetch
// are the ones every other driver calls too (object-articles.ts).
import type { Logger } from 'pino';
import type { DuplicateIndex } from '../dedup/types.js';
import type { ArticleEvent } from '../events/article-event.js';
import { compareSequencers, FINAL_STATES, type Ledger } from '../ledger/ledger.js';
import type { PipelineMetrics } from '../observability/metrics.js';
import { PARSER_VERSION } from '../parse/index.js';
import type { EventPublisher } from '../queue/event-publisher.js';
import { ingestJobId, type ObjectVersion, type VersionIdentityFields } from '../queue/object-version.js';
import type { ObjectStore, StoredObject } from '../s3/object-store.js';
import type { AnalyseRunner } from './analyse-pool.js';
import { decompressionLimits } from './decompression-limits.js';
import { articlesOf, checkedEvent, identifyArticles, type ObjectArticles } from './object-articles.js';
import { settlePermanent } from './settle-permanent.js';

export interface IngestDeps {
  store: ObjectStore;
  analyser: AnalyseRunner;
  dedup: DuplicateIndex;
  publisher: EventPublisher;
  ledger: Ledger;
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
  const previous = await ledger.get(jobId);
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
  if (version.sequencer) {
    const latest = await ledger.latestSequencer(version.bucket, version.key);
    if (latest && compareSequencers(latest, version.sequencer) > 0) {
      metrics.staleEventDropped();
      await ledger.mark([jobId], 'skipped', { reason: 'stale-event' });
      log.info(
        { sequencer: version.sequencer, latest },
        'dropped a notification older than the processed version',
      );
      return { outcome: 'stale' };
    }
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
  await ledger.mark(jobId, 'fetched', { versionId: stored.versionId, etag: stored.etag });
  await ledger.indexVersion(version.bucket, version.key, jobId);

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
    await ledger.mark(jobId, 'parsed');
    const events = await eventsFor(version, read, stored, found, deps);
    const publishStart = performance.now();
    const toPublish = events.filter((e) => e.type === 'article.parsed' || settings.dedupPolicy !== 'drop');
    await deps.publisher.publish(toPublish);
    metrics.observeStage('publish', (performance.now() - publishStart) / 1000);
    for (const e of toPublish)
      metrics.articlePublished(
        e.type === 'article.parsed' ? 'parsed' : 'duplicate',
        e.type === 'article.duplicate' ? e.duplicate.kind : undefined,
      );
    const eventIds = events.map((e) => e.eventId);
    await ledger.mark(ids, 'published', { eventIds, ...(found.leftOut ? { rejected: found.leftOut } : {}) });
    if (version.sequencer) await ledger.recordSequencer(version.bucket, version.key, version.sequencer);
    const duplicates = events.filter((e) => e.type === 'article.duplicate').length;
    log.info({ events: eventIds.length, duplicates }, 'published');
    return { outcome: 'published', eventIds, duplicates, rejectedItems: found.rejected.length };
  } catch (error) {
    await settlePermanent(error, version, ids, deps, log, attempt, stored.versionId);
    throw error;
  }
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

/** ids → dedup → event, per article, in order (the dedup index sees them as the object lists them). */
async function eventsFor(
  version: ObjectVersion,
  read: VersionIdentityFields,
  stored: StoredObject,
  found: ObjectArticles,
  deps: IngestDeps,
): Promise<ArticleEvent[]> {
  const processedAt = (deps.now ?? (() => new Date()))();
  const events: ArticleEvent[] = [];
  for (const item of identifyArticles(read, found.articles)) {
    const dedupStart = performance.now();
    const verdict = await deps.dedup.checkAndInsert(item.articleId, item.article);
    deps.metrics.observeStage('dedup', (performance.now() - dedupStart) / 1000);
    events.push(
      checkedEvent({
        articleId: item.articleId,
        source: {
          bucket: version.bucket,
          key: version.key,
          ...(stored.versionId ? { versionId: stored.versionId } : {}),
          etag: stored.etag,
          size: stored.size,
          position: item.position,
          ...(stored.contentType ? { contentType: stored.contentType } : {}),
          charset: item.charset,
          ...(found.compression ? { compression: found.compression } : {}),
          ...(item.entry !== undefined ? { entry: item.entry } : {}),
        },
        article: item.article,
        duplicate: verdict,
        parserVersion: PARSER_VERSION,
        processedAt,
        linkOnly: deps.settings.dedupPolicy === 'link',
      }),
    );
  }
  return events;
}
