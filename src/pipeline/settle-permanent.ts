// A permanent failure ends the version's story: quarantine bad input, record the outcome, count it.
import type { Logger } from 'pino';
import { PermanentError, QUARANTINE_REASONS } from '../errors/permanent-error.js';
import type { ObjectVersion } from '../queue/object-version.js';
import type { AttemptContext, IngestDeps } from './process-object.js';
import { quarantineObject } from './quarantine.js';

/** Does nothing for a transient error (BullMQ retries it). `ids`: the version's ledger ids. */
export async function settlePermanent(
  error: unknown,
  version: ObjectVersion,
  ids: string[],
  deps: Pick<IngestDeps, 'store' | 'ledger' | 'metrics' | 'settings'>,
  log: Logger,
  attempt: AttemptContext,
  versionId?: string,
): Promise<void> {
  if (!(error instanceof PermanentError)) return;
  const jobTimestamp = attempt.jobTimestamp !== undefined ? { jobTimestamp: attempt.jobTimestamp } : {};
  if (QUARANTINE_REASONS.has(error.reason)) {
    await quarantineObject(deps.store, {
      key: version.key,
      versionId,
      reason: error.reason,
      message: error.message,
      quarantinePrefix: deps.settings.quarantinePrefix,
    });
    deps.metrics.quarantined(error.reason);
    await deps.ledger.mark(ids, 'quarantined', { reason: error.reason, ...jobTimestamp });
    log.warn({ reason: error.reason }, `quarantined: ${error.message}`);
  } else {
    await deps.ledger.mark(ids, 'skipped', { reason: error.reason, ...jobTimestamp });
    log.info({ reason: error.reason }, `skipped: ${error.message}`);
  }
}
