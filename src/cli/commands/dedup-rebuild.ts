import { parseArgs } from 'node:util';
import type { Queue } from 'bullmq';
import { type PublishedArticle, type RetractedDocument, rebuildIndex } from '../../dedup/rebuild.js';
import { createConfiguredDuplicateIndex } from '../../dedup/redis-index.js';
import { articleEventSchema, isContentEvent } from '../../events/article-event.js';
import { analyseInline } from '../../pipeline/analyse-object.js';
import { decompressionLimits } from '../../pipeline/decompression-limits.js';
import { articlesOf, identifyArticles } from '../../pipeline/object-articles.js';
import { cliConfig, openQueues, openStore } from '../context.js';
import { type EventHistory, openEventHistory } from '../event-history.js';
import { type CliIo, EXIT, UsageError } from '../io.js';

export const dedupRebuildHelp = `usage: news-ingest dedup-rebuild [--from events|bucket] [--queue Q] [--json]

Re-indexes the corpus-wide duplicate index in Redis (after losing it, or after changing DEDUP_RETENTION):
  --from events   (default) from the canonical article events in the event archive (ARCHIVE_PREFIX,
                  then the events waiting to be archived), in the order they were published;
                  duplicates are skipped. With ARCHIVE_EVENTS=false: those the publish queue Q
                  (default ARTICLES_QUEUE) still holds
  --from bucket   by re-parsing every object under RAW_PREFIX, oldest first
Publishes nothing; run it while workers are stopped or idle so that first-seen order is kept.`;

export async function runDedupRebuild(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string', default: 'events' },
      queue: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.from !== 'events' && values.from !== 'bucket')
    throw new UsageError('--from is events or bucket');
  const config = cliConfig(io);
  const context = await openQueues(config);
  let history: EventHistory | null = null;
  try {
    const index = createConfiguredDuplicateIndex(context.redis, config);
    history =
      values.from === 'events' && config.archive.enabled ? openEventHistory(config, context.redis) : null;
    const source =
      values.from === 'events'
        ? fromEvents(
            history ? history.read({}) : queueEvents(context.queue(values.queue ?? config.queues.articles)),
          )
        : fromBucket(config);
    const stats = await rebuildIndex(source, index);
    const summary = {
      from: values.from,
      indexed: stats.indexed,
      skippedDuplicates: stats.skippedDuplicates,
      sameDocument: stats.sameDocument,
      retractedDocuments: stats.retractedDocuments,
      nowDuplicates: stats.nowDuplicates.length,
    };
    io.stdout(
      values.json
        ? JSON.stringify(summary)
        : `indexed ${stats.indexed} canonical articles from ${values.from}; skipped ${stats.skippedDuplicates} duplicates and ${stats.sameDocument} corrections close to their earlier version; ${stats.retractedDocuments} retracted documents left the index; ${stats.nowDuplicates.length} now judged duplicates`,
    );
    return EXIT.ok;
  } finally {
    history?.close();
    await context.close();
  }
}

/** The event source port: untrusted event payloads in first-published order, validated here. */
async function* fromEvents(
  events: AsyncIterable<unknown>,
): AsyncGenerator<PublishedArticle | RetractedDocument> {
  for await (const data of events) {
    const parsed = articleEventSchema.safeParse(data);
    if (!parsed.success) continue;
    const e = parsed.data;
    if (!isContentEvent(e)) {
      yield { retractedDocumentId: e.documentId };
      continue;
    }
    yield {
      articleId: e.articleId,
      documentId: e.documentId,
      article: { ...e.article },
      duplicate: e.duplicate,
    };
  }
}

/** Without the archive (ARCHIVE_EVENTS=false): the events a publish queue still holds, oldest first. */
async function* queueEvents(queue: Queue): AsyncGenerator<unknown> {
  const jobs = await queue.getJobs(['completed', 'active', 'waiting', 'delayed'], 0, -1, true);
  for (const job of jobs.sort((a, b) => a.timestamp - b.timestamp)) yield job.data;
}

async function* fromBucket(config: ReturnType<typeof cliConfig>): AsyncGenerator<PublishedArticle> {
  const { store, close } = openStore(config);
  try {
    const listed = [];
    for await (const item of store.list(config.rawPrefix)) listed.push(item);
    listed.sort((a, b) => (a.lastModified?.getTime() ?? 0) - (b.lastModified?.getTime() ?? 0));
    for (const item of listed) {
      const stored = await store
        .getObject({ key: item.key, etag: item.etag, maxBytes: config.limits.maxObjectBytes })
        .catch(() => null);
      if (!stored) continue;
      // The worker's steps after its fetch; an object without articles takes no part.
      const found = await articlesOf(
        {
          bytes: stored.bytes,
          name: item.key,
          contentType: stored.contentType,
          contentEncoding: stored.contentEncoding,
        },
        {
          analyse: analyseInline,
          limits: decompressionLimits(config.limits),
          maxArticleChars: config.limits.maxArticleChars,
          maxArticles: config.limits.maxArticlesPerObject,
        },
      ).catch(() => null);
      if (!found) continue;
      const read = {
        bucket: config.s3.bucket,
        key: item.key,
        versionId: stored.versionId,
        etag: stored.etag,
      };
      for (const it of identifyArticles(read, found.articles))
        yield { articleId: it.articleId, article: it.article, duplicate: null };
    }
  } finally {
    close();
  }
}
