// One removal job: a trigger says a key is gone. A takedown only when the key published documents and
// HEAD confirms it is gone (a deleted non-current version, or a re-upload since, leaves it live); then one
// article.deleted per published document, the key's state a tombstone, and the removal in the ledger
// (its own entry, in the key's version index, so `explain` tells it).
import type { Logger } from 'pino';
import type { DuplicateIndex } from '../dedup/types.js';
import { versionOrderFor } from '../events/version-order.js';
import { FINAL_STATES, type Ledger } from '../ledger/ledger.js';
import type { KeyStates } from '../lifecycle/key-state.js';
import type { PipelineMetrics } from '../observability/metrics.js';
import type { EventPublisher } from '../queue/event-publisher.js';
import type { ObjectRemoval } from '../queue/object-removal.js';
import type { ObjectStore } from '../s3/object-store.js';
import { deletedEvent } from './version-events.js';

export interface RemovalDeps {
  store: Pick<ObjectStore, 'headObject'>;
  dedup: Pick<DuplicateIndex, 'retract'>;
  keyStates: KeyStates;
  publisher: EventPublisher;
  ledger: Ledger;
  metrics: Pick<PipelineMetrics, 'articlePublished'>;
  now?: () => Date;
}

export interface RemovalJob {
  id: string;
  removal: ObjectRemoval;
}

export type RemovalOutcome =
  | { outcome: 'deleted'; eventIds: string[] }
  | { outcome: 'already-done'; state: string }
  /** The key published nothing (or is already a tombstone): nothing to retract. */
  | { outcome: 'nothing-published' }
  /** HEAD finds the key: an old version was removed, or the key was written again since. */
  | { outcome: 'key-exists' }
  /** A version newer than the removal was applied to the key after it. */
  | { outcome: 'stale' };

export async function processRemoval(
  job: RemovalJob,
  deps: RemovalDeps,
  log: Logger,
): Promise<RemovalOutcome> {
  const { removal } = job;
  const { bucket, key } = removal;
  const [previous, state] = await Promise.all([deps.ledger.get(job.id), deps.keyStates.get(bucket, key)]);
  if (previous && FINAL_STATES.has(previous.state)) return { outcome: 'already-done', state: previous.state };
  if (!state || state.deleted || state.docs.length === 0) return { outcome: 'nothing-published' };
  if (await deps.store.headObject(key)) {
    log.info({ reason: removal.reason }, 'removal of a key that still exists: not a takedown');
    return { outcome: 'key-exists' };
  }
  const now = (deps.now ?? (() => new Date()))();
  const at = new Date(removal.eventTime);
  const order = versionOrderFor(Number.isNaN(at.getTime()) ? now : at, removal.sequencer);
  if (state.order > order) {
    log.info({ order, held: state.order }, 'removal older than the version applied for its key');
    return { outcome: 'stale' };
  }
  const events = state.docs.map((document) =>
    deletedEvent({
      bucket,
      key,
      document,
      order,
      reason: removal.reason,
      processedAt: now,
      ...(state.etag ? { etag: state.etag } : {}),
      ...(state.versionId ? { versionId: state.versionId } : {}),
    }),
  );
  await deps.publisher.publish(events);
  for (const _ of events) deps.metrics.articlePublished('deleted');
  // A retracted article stops being a canonical: the next copy of it is published as the original.
  await deps.dedup.retract(state.docs.flatMap((document) => document.i));
  const tombstone = {
    order,
    docs: [],
    deleted: true as const,
    ...(state.etag ? { etag: state.etag } : {}),
    ...(state.versionId ? { versionId: state.versionId } : {}),
  };
  // After the publish: a crash in between re-runs the removal, which publishes the same event ids.
  await deps.keyStates.put(bucket, key, tombstone);
  const eventIds = events.map((e) => e.eventId);
  await Promise.all([
    deps.ledger.mark(job.id, 'deleted', {
      eventIds,
      reason: removal.reason,
      etag: state.etag,
      versionId: state.versionId,
    }),
    deps.ledger.indexVersion(bucket, key, job.id),
  ]);
  log.info({ events: eventIds.length, reason: removal.reason }, 'published documents retracted');
  return { outcome: 'deleted', eventIds };
}
