// One fetched version's articles → its events and the key's next state (lifecycle/key-state.ts):
//   a document the key did not publish before → article.parsed / article.duplicate;
//   a published document whose normalised body changed → article.updated superseding the article
//     subscribers hold (never judged a duplicate of its own earlier versions);
//   an unchanged document → nothing;
//   a published document the version no longer holds → article.deleted.
// The dedup index and the canonical → document look-up are the only I/O (ports in `deps`).
import type { DuplicateIndex, DuplicateVerdict } from '../dedup/types.js';
import type { ArticleEvent } from '../events/article-event.js';
import { buildArticleEvent } from '../events/build-article-event.js';
import { deletedEventIdFor, documentIdFor, eventIdFor } from '../ids.js';
import {
  bodyHash,
  type KeyState,
  type KeyStates,
  MAX_INDEXED_IDS,
  type PublishedDocument,
  sameDocument,
} from '../lifecycle/key-state.js';
import type { PipelineMetrics } from '../observability/metrics.js';
import { PARSER_VERSION } from '../parse/version.js';
import type { DeletionReason } from '../queue/object-removal.js';
import type { ObjectVersion, VersionIdentityFields } from '../queue/object-version.js';
import type { StoredObject } from '../s3/object-store.js';
import { identifyArticles, type ObjectArticles, validatedEvent } from './object-articles.js';

export interface VersionEventsInput {
  version: ObjectVersion;
  /** The version as the fetch returned it (names the articles). */
  read: VersionIdentityFields;
  stored: StoredObject;
  found: ObjectArticles;
  /** This version's versionOrder. */
  order: string;
  /** The key's state before this version. */
  state: KeyState | null;
  processedAt: Date;
}

export interface VersionEventsDeps {
  dedup: DuplicateIndex;
  keyStates: Pick<KeyStates, 'documentOf'>;
  metrics: Pick<PipelineMetrics, 'observeStage'>;
  settings: { dedupPolicy: 'publish' | 'drop' | 'link' };
}

export interface VersionEvents {
  events: ArticleEvent[];
  /** The events that describe this version: those emitted, and those of documents it left unchanged. */
  eventIds: string[];
  /** The key's state once these events are published. */
  state: KeyState;
  /** Articles indexed as canonicals by this version: [articleId, documentId]. */
  canonicals: Array<[string, string]>;
  /** Indexed articles of the documents this version no longer holds: to retract once published. */
  retracted: string[];
}

export async function versionEvents(
  input: VersionEventsInput,
  deps: VersionEventsDeps,
): Promise<VersionEvents> {
  const { version, stored, found, order, processedAt } = input;
  const held = input.state?.deleted ? [] : (input.state?.docs ?? []);
  const events: ArticleEvent[] = [];
  const docs: PublishedDocument[] = [];
  const canonicals: Array<[string, string]> = [];
  const eventIds: string[] = [];
  for (const item of identifyArticles(input.read, found.articles)) {
    const previous = held.find((d) => sameDocument(d, item.position, item.entry));
    const h = bodyHash(item.article.body);
    if (previous && previous.h === h) {
      docs.push(previous);
      // The same version again (a lost ledger entry): its events were published before.
      if (previous.a === item.articleId) eventIds.push(eventIdFor(item.articleId));
      continue;
    }
    const documentId = documentIdFor(version, item.position, item.entry);
    const dedupStart = performance.now();
    const raw = await deps.dedup.checkAndInsert(item.articleId, item.article);
    deps.metrics.observeStage('dedup', (performance.now() - dedupStart) / 1000);
    // A correction is compared with other documents only: a verdict naming its own earlier version is none.
    const verdict: DuplicateVerdict | null = raw && previous?.i.includes(raw.of) ? null : raw;
    const indexed = raw === null;
    if (indexed) canonicals.push([item.articleId, documentId]);
    docs.push({
      p: item.position,
      ...(item.entry !== undefined ? { e: item.entry } : {}),
      a: item.articleId,
      h,
      i: indexed ? [item.articleId, ...(previous?.i ?? [])].slice(0, MAX_INDEXED_IDS) : (previous?.i ?? []),
    });
    const content = buildArticleEvent({
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
      // A correction is published whole even when it duplicates another document.
      linkOnly: deps.settings.dedupPolicy === 'link' && !previous,
    });
    const duplicate =
      content.type === 'article.duplicate'
        ? { ...content.duplicate, ...(await documentOf(deps, content.duplicate.of)) }
        : null;
    const event: ArticleEvent = previous
      ? {
          ...content,
          type: 'article.updated',
          documentId,
          versionOrder: order,
          supersedes: { articleId: previous.a, eventId: eventIdFor(previous.a) },
          duplicate,
        }
      : duplicate
        ? { ...content, type: 'article.duplicate', documentId, versionOrder: order, duplicate }
        : { ...content, type: 'article.parsed', documentId, versionOrder: order, duplicate: null };
    events.push(validatedEvent(event, item.position));
    eventIds.push(event.eventId);
  }
  const retractedIds: string[] = [];
  for (const gone of held.filter((d) => !docs.some((n) => sameDocument(n, d.p, d.e)))) {
    retractedIds.push(...gone.i);
    const retracted = deletedEvent({
      bucket: version.bucket,
      key: version.key,
      document: gone,
      order,
      reason: 'object-removed',
      processedAt,
      ...(input.state?.etag ? { etag: input.state.etag } : {}),
    });
    events.push(retracted);
    eventIds.push(retracted.eventId);
  }
  const state: KeyState = {
    order,
    ...(stored.etag ? { etag: stored.etag } : {}),
    ...(stored.versionId ? { versionId: stored.versionId } : {}),
    docs,
  };
  return { events, eventIds, state, canonicals, retracted: retractedIds };
}

async function documentOf(deps: VersionEventsDeps, articleId: string): Promise<{ documentId?: string }> {
  const documentId = await deps.keyStates.documentOf(articleId);
  return documentId ? { documentId } : {};
}

/** The one article.deleted event of a published document (its id derives from the retracted article). */
export function deletedEvent(input: {
  bucket: string;
  key: string;
  document: PublishedDocument;
  order: string;
  reason: DeletionReason;
  processedAt: Date;
  etag?: string;
  versionId?: string;
}): ArticleEvent {
  const { document } = input;
  return {
    schemaVersion: 1,
    type: 'article.deleted',
    eventId: deletedEventIdFor(document.a),
    articleId: document.a,
    documentId: documentIdFor(input, document.p, document.e),
    versionOrder: input.order,
    source: {
      bucket: input.bucket,
      key: input.key,
      ...(input.versionId ? { versionId: input.versionId } : {}),
      ...(input.etag ? { etag: input.etag } : {}),
      position: document.p,
      ...(document.e !== undefined ? { entry: document.e } : {}),
    },
    deletion: { reason: input.reason },
    processedAt: input.processedAt.toISOString(),
    parserVersion: PARSER_VERSION,
  };
}
