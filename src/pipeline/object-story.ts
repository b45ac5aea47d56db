// "What happened to my file?": one key's story from the ledger (its versions, each state with its
// time, the reason of a failure) and the queues (the ingest job, the events emitted). Built here once;
// `news-ingest explain` and GET /v1/objects/{key} both print it.
import { articleEventSchema } from '../events/article-event.js';
import type { Ledger, LedgerState } from '../ledger/ledger.js';
import { REMOVAL_JOB_PREFIX } from '../queue/object-removal.js';
import { failureReasonOf } from './job-failure.js';

/** The part of a BullMQ job the story reads. */
export interface StoryJob {
  data: unknown;
  failedReason?: string;
  attemptsMade: number;
  getState(): Promise<string>;
}

/** The part of a BullMQ queue the story reads. */
export interface StoryQueue {
  getJob(id: string): Promise<StoryJob | undefined>;
}

export interface StoryEvent {
  eventId: string;
  /** null when the queue no longer holds the event (trimmed after COMPLETED_JOBS_KEPT; the event archive has it). */
  type: string | null;
  articleId: string | null;
  position: number | null;
  entry: string | null;
  duplicateOf: { articleId: string; kind: string; similarity: number } | null;
  /** The article an article.updated replaces. */
  supersedes: string | null;
}

export interface VersionStory {
  /** A version of the object, or a removal of the key (its entry's state is `deleted`). */
  kind: 'version' | 'removal';
  jobId: string;
  versionId: string | null;
  etag: string | null;
  firstSeen: string;
  /** The version's outcome, or where it is now; `unknown` once the ledger has forgotten it. */
  state: LedgerState | 'unknown';
  /** Every state it went through, in time order. */
  states: Array<{ state: LedgerState; at: string }>;
  reason: string | null;
  /** Container items or archive entries that were not articles ("too-short 3; entries skipped: directory 1"). */
  rejected: string | null;
  /** The ingest job, while the queue still holds it. */
  job: { state: string; attempts: number; failureReason: string | null; failedReason: string | null } | null;
  events: StoryEvent[];
}

export interface ObjectStory {
  bucket: string;
  key: string;
  versions: VersionStory[];
}

export interface StoryDeps {
  ledger: Pick<Ledger, 'get' | 'versionsOf'>;
  ingestQueue: StoryQueue;
  /** The first publish queue: where the events are looked up by id. */
  eventsQueue: StoryQueue;
}

async function eventStory(queue: StoryQueue, eventId: string): Promise<StoryEvent> {
  const job = await queue.getJob(eventId);
  const parsed = job ? articleEventSchema.safeParse(job.data) : null;
  if (!parsed?.success)
    return {
      eventId,
      type: null,
      articleId: null,
      position: null,
      entry: null,
      duplicateOf: null,
      supersedes: null,
    };
  const e = parsed.data;
  return {
    eventId,
    type: e.type,
    articleId: e.articleId,
    position: e.source.position,
    entry: e.source.entry ?? null,
    duplicateOf:
      e.type !== 'article.deleted' && e.duplicate
        ? { articleId: e.duplicate.of, kind: e.duplicate.kind, similarity: e.duplicate.similarity }
        : null,
    supersedes: e.type === 'article.updated' ? e.supersedes.articleId : null,
  };
}

/** The key's story, oldest version first; null when nothing is known about the key. */
export async function buildObjectStory(
  deps: StoryDeps,
  bucket: string,
  key: string,
): Promise<ObjectStory | null> {
  const indexed = await deps.ledger.versionsOf(bucket, key);
  if (indexed.length === 0) return null;
  const versions = await Promise.all(
    indexed.map(async ({ jobId, firstSeen }): Promise<VersionStory> => {
      const [entry, job] = await Promise.all([deps.ledger.get(jobId), deps.ingestQueue.getJob(jobId)]);
      const states = Object.entries(entry?.times ?? {})
        .map(([state, at]) => ({ state: state as LedgerState, at }))
        .sort((a, b) => a.at.localeCompare(b.at));
      const events = await Promise.all(
        (entry?.eventIds ?? []).map((eventId) => eventStory(deps.eventsQueue, eventId)),
      );
      return {
        kind: jobId.startsWith(REMOVAL_JOB_PREFIX) ? 'removal' : 'version',
        jobId,
        versionId: entry?.versionId ?? null,
        etag: entry?.etag ?? null,
        firstSeen,
        state: entry?.state ?? 'unknown',
        states,
        reason: entry?.reason ?? null,
        rejected: entry?.rejected ?? null,
        job: job
          ? {
              state: await job.getState(),
              attempts: job.attemptsMade,
              failureReason: job.failedReason ? failureReasonOf(job.data) : null,
              failedReason: job.failedReason ?? null,
            }
          : null,
        events,
      };
    }),
  );
  return { bucket, key, versions };
}

/** The story as text lines for a terminal. */
export function formatObjectStory(story: ObjectStory): string[] {
  const lines = [`${story.bucket}/${story.key}: ${story.versions.length} version(s)`];
  for (const v of story.versions) {
    const id =
      v.kind === 'removal' ? 'removal' : v.versionId ? `version ${v.versionId}` : `etag ${v.etag ?? '?'}`;
    lines.push(
      `- ${id} (job ${v.jobId}), first seen ${v.firstSeen}: ${v.state}${v.reason ? ` (${v.reason})` : ''}`,
    );
    for (const s of v.states) lines.push(`    ${s.at}  ${s.state}`);
    if (v.rejected) lines.push(`    not articles: ${v.rejected}`);
    if (v.job?.failedReason)
      lines.push(`    job ${v.job.state} after ${v.job.attempts} attempt(s): ${v.job.failedReason}`);
    for (const e of v.events) {
      const where = `${e.entry ? `${e.entry} ` : ''}#${e.position ?? '?'}`;
      const dup = e.duplicateOf
        ? ` → ${e.duplicateOf.kind} duplicate of ${e.duplicateOf.articleId} (${e.duplicateOf.similarity.toFixed(3)})`
        : '';
      const replaces = e.supersedes ? ` supersedes ${e.supersedes}` : '';
      lines.push(
        `    ${e.type ?? 'event no longer in Redis (see the event archive)'} ${e.eventId} ${where}${replaces}${dup}`,
      );
    }
  }
  return lines;
}
