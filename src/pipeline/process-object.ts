// One ingest job: fetch → decode/parse (analyse) → validate → dedup → publish, with the ledger
// recording each step. I/O happens only through the ports in IngestDeps.
import type { Logger } from 'pino';
import type { DuplicateIndex, DuplicateVerdict } from '../dedup/types.js';
import { PermanentError, type PermanentReason, QUARANTINE_REASONS } from '../errors/permanent-error.js';
import { type ArticleEvent, articleEventSchema } from '../events/article-event.js';
import { buildArticleEvent } from '../events/build-article-event.js';
import { articleIdFor, ingestJobId, type ObjectVersionRef } from '../ids.js';
import type { PipelineMetrics } from '../observability/metrics.js';
import { PARSER_VERSION } from '../parse/index.js';
import type { EventPublisher } from '../queue/event-publisher.js';
import type { ObjectStore, StoredObject } from '../s3/object-store.js';
import { analyseContent, describeSkipped } from './analyse-content.js';
import type { AnalyseRunner } from './analyse-pool.js';
import { decompressionLimits } from './decompression-limits.js';
import type { IngestJobData } from './ingest-job.js';
import { compareSequencers, FINAL_STATES, type Ledger } from './ledger.js';
import { quarantineObject } from './quarantine.js';
import { summariseRejections } from './rejection-summary.js';

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

export type IngestOutcome =
  | { outcome: 'published'; eventIds: string[]; duplicates: number; rejectedItems: number }
  | { outcome: 'already-done'; state: string }
  | { outcome: 'stale' };

export interface AttemptContext {
  /** Creation time of the BullMQ job being processed. */
  jobTimestamp?: number;
}

export async function processObject(
  job: IngestJobData,
  deps: IngestDeps,
  log: Logger,
  attempt: AttemptContext = {},
): Promise<IngestOutcome> {
  const { store, ledger, metrics, settings } = deps;
  const jobId = ingestJobId(job);
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
  if (job.sequencer) {
    const latest = await ledger.latestSequencer(job.bucket, job.key);
    if (latest && compareSequencers(latest, job.sequencer) > 0) {
      metrics.staleEventDropped();
      await ledger.mark([jobId], 'skipped', { reason: 'stale-event' });
      log.info(
        { sequencer: job.sequencer, latest },
        'dropped a notification older than the processed version',
      );
      return { outcome: 'stale' };
    }
  }

  const fetchStart = performance.now();
  let stored: StoredObject;
  try {
    stored = await store.getObject({
      key: job.key,
      versionId: job.versionId,
      etag: job.etag,
      maxBytes: settings.maxObjectBytes,
    });
  } catch (error) {
    await settlePermanent(error, job, jobId, deps, log, attempt);
    throw error;
  }
  metrics.observeStage('fetch', (performance.now() - fetchStart) / 1000);
  const version: ObjectVersionRef = {
    bucket: job.bucket,
    key: job.key,
    versionId: stored.versionId,
    etag: stored.etag,
  };
  // The same version may be known by several ids (versionId from a notification, ETag from the scan).
  const aliases = [jobId, ingestJobId(version), ingestJobId({ ...version, versionId: undefined })];
  await ledger.mark(jobId, 'fetched', { versionId: stored.versionId, etag: stored.etag });
  await ledger.indexVersion(job.bucket, job.key, jobId);

  try {
    const { events, rejectedItems, rejectedSummary } = await analyseAndBuild(
      job,
      jobId,
      stored,
      version,
      deps,
      log,
    );
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
    await ledger.mark(aliases, 'published', {
      eventIds,
      ...(rejectedSummary ? { rejected: rejectedSummary } : {}),
    });
    if (job.sequencer) await ledger.recordSequencer(job.bucket, job.key, job.sequencer);
    const duplicates = events.filter((e) => e.type === 'article.duplicate').length;
    log.info({ events: eventIds.length, duplicates }, 'published');
    return { outcome: 'published', eventIds, duplicates, rejectedItems };
  } catch (error) {
    await settlePermanent(error, job, jobId, deps, log, attempt, aliases, stored.versionId);
    throw error;
  }
}

async function analyseAndBuild(
  job: IngestJobData,
  jobId: string,
  stored: StoredObject,
  version: ObjectVersionRef,
  deps: IngestDeps,
  log: Logger,
): Promise<{ events: ArticleEvent[]; rejectedItems: number; rejectedSummary: string }> {
  const { metrics, settings } = deps;
  const analysis = await analyseContent(
    {
      bytes: stored.bytes,
      name: job.key,
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
  for (const part of analysis.parts) {
    metrics.charsetDetected(part.charset);
    metrics.observeStage('decode', part.decodeSeconds);
    metrics.observeStage('parse', part.parseSeconds);
  }
  for (const [reason, count] of analysis.skippedEntries) metrics.archiveEntriesSkipped(reason, count);
  const items = analysis.parts.flatMap((part) => part.items.map((item) => ({ ...item, part })));
  // Within an archive an item's position counts within its entry: the entry names where it was.
  const rejected = analysis.parts.flatMap((part) =>
    part.rejected.map((r) => (part.entry ? { ...r, message: `${part.entry}: ${r.message}` } : r)),
  );
  const summary = summariseRejections(rejected);
  const skipped = analysis.skippedEntries.size
    ? `entries skipped: ${describeSkipped(analysis.skippedEntries)}`
    : '';
  if (items.length === 0) {
    // The object's reason is its most frequent item reason; the message says what the others were.
    const reason = summary.counts[0]?.[0] ?? 'no-body';
    const first = rejected.find((r) => r.reason === reason);
    const message = first?.message ?? 'no article body found in the object';
    throw new PermanentError(
      reason as PermanentReason,
      rejected.length > 1
        ? `no article among ${rejected.length} records (${summary.text}); at position ${first?.position}: ${message}`
        : message,
    );
  }
  if (rejected.length > 0) {
    for (const [reason, count] of summary.counts) metrics.quarantined(`item-${reason}`, count);
    log.warn(
      { rejected: Object.fromEntries(summary.counts), firstPosition: rejected[0]?.position },
      `container items rejected: ${summary.text}`,
    );
  }
  if (skipped) log.info({ compression: analysis.compression }, skipped);
  await deps.ledger.mark(jobId, 'parsed');

  const processedAt = (deps.now ?? (() => new Date()))();
  const events: ArticleEvent[] = [];
  for (const { part, ...item } of items) {
    const articleId = articleIdFor(version, item.position, part.entry);
    const dedupStart = performance.now();
    const verdict: DuplicateVerdict | null = await deps.dedup.checkAndInsert(articleId, item.article);
    metrics.observeStage('dedup', (performance.now() - dedupStart) / 1000);
    const candidate = buildArticleEvent({
      articleId,
      source: {
        bucket: job.bucket,
        key: job.key,
        ...(stored.versionId ? { versionId: stored.versionId } : {}),
        etag: stored.etag,
        size: stored.size,
        position: item.position,
        ...(stored.contentType ? { contentType: stored.contentType } : {}),
        charset: part.charset,
        ...(analysis.compression ? { compression: analysis.compression } : {}),
        ...(part.entry !== undefined ? { entry: part.entry } : {}),
      },
      article: item.article,
      duplicate: verdict,
      parserVersion: PARSER_VERSION,
      processedAt,
      linkOnly: settings.dedupPolicy === 'link',
    });
    const checked = articleEventSchema.safeParse(candidate);
    if (!checked.success) {
      const detail = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new PermanentError(
        'schema-violation',
        `article ${item.position} violates the event schema: ${detail}`,
      );
    }
    events.push(checked.data);
  }
  return {
    events,
    rejectedItems: rejected.length,
    rejectedSummary: [summary.text, skipped].filter(Boolean).join('; '),
  };
}

/** A permanent failure ends the version's story: quarantine bad input, record the outcome, count it. */
async function settlePermanent(
  error: unknown,
  job: IngestJobData,
  jobId: string,
  deps: IngestDeps,
  log: Logger,
  attempt: AttemptContext,
  aliases: string[] = [jobId],
  versionId?: string,
): Promise<void> {
  if (!(error instanceof PermanentError)) return;
  if (QUARANTINE_REASONS.has(error.reason)) {
    await quarantineObject(deps.store, {
      key: job.key,
      versionId,
      reason: error.reason,
      message: error.message,
      quarantinePrefix: deps.settings.quarantinePrefix,
    });
    deps.metrics.quarantined(error.reason);
    await deps.ledger.mark(aliases, 'quarantined', {
      reason: error.reason,
      ...(attempt.jobTimestamp !== undefined ? { jobTimestamp: attempt.jobTimestamp } : {}),
    });
    log.warn({ reason: error.reason }, `quarantined: ${error.message}`);
  } else {
    await deps.ledger.mark(aliases, 'skipped', {
      reason: error.reason,
      ...(attempt.jobTimestamp !== undefined ? { jobTimestamp: attempt.jobTimestamp } : {}),
    });
    log.info({ reason: error.reason }, `skipped: ${error.message}`);
  }
}
