// The embedded server's notifications as a trigger: its S3 event records go through the one normaliser
// (so it classifies events exactly as the webhook and SQS do), the created versions and removed keys to
// the enqueuer.
import type { Logger } from 'pino';
import type { PipelineMetrics } from '../observability/metrics.js';
import type { EmbeddedS3Server } from '../s3/embedded-server.js';
import { normaliseNotification } from './normalise-notification.js';
import type { ObjectEnqueuer } from './object-enqueuer.js';

export function startEmbeddedTrigger(
  server: Pick<EmbeddedS3Server, 'onNotification'>,
  enqueuer: ObjectEnqueuer,
  metrics: Pick<PipelineMetrics, 'notificationIgnored'>,
  log: Pick<Logger, 'warn'>,
): void {
  server.onNotification((raw) => {
    const notification = normaliseNotification(raw, { trigger: 'embedded', formEncodedKeys: false });
    if (notification.kind !== 'objects') {
      if (notification.kind === 'invalid')
        log.warn({ message: notification.message }, 'unreadable embedded S3 event');
      return;
    }
    for (const ignored of notification.ignored) metrics.notificationIgnored(ignored.kind);
    const { objects, removed } = notification;
    if (objects.length > 0)
      enqueuer
        .enqueue(objects)
        .catch((error: unknown) =>
          log.warn({ err: error, objects: objects.length }, 'could not enqueue; the scan will'),
        );
    if (removed.length > 0)
      enqueuer
        .remove(removed)
        .catch((error: unknown) =>
          log.warn({ err: error, removed: removed.length }, 'could not enqueue a removal; the scan will'),
        );
  });
}
