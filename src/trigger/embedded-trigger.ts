// The embedded server's notifications as a trigger: its S3 event records go through the one normaliser
// (so it classifies events exactly as the webhook and SQS do) and the created versions to the enqueuer.
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
    if (notification.objects.length === 0) return;
    enqueuer
      .enqueue(notification.objects)
      .catch((error: unknown) =>
        log.warn({ err: error, objects: notification.objects.length }, 'could not enqueue; the scan will'),
      );
  });
}
