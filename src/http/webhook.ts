// The bucket-notification webhook as a plain function of the request body and headers, like bull-board's
// handlers: no framework, so it is unit-tested against in-memory ports and the Hono route only adapts it.
// Authentication by bearer token, the body-size limit and the cross-site check stay in the route's
// middleware (hono's); SNS deliveries, which cannot send a token, are verified by signature here.
import type { Log } from '../observability/log.js';
import type { PipelineMetrics } from '../observability/metrics.js';
import { isSnsEnvelope, normaliseNotification } from '../trigger/normalise-notification.js';
import type { ObjectEnqueuer } from '../trigger/object-enqueuer.js';
import { webhookContentTypeProblem } from './cross-site.js';
import type { SubscriptionConfirmer } from './sns-fetch.js';
import type { SnsVerifier } from './sns-signature.js';

/** Request headers by lower-case name (what `Headers`, Node and Hono's `c.req.header()` give). */
export type WebhookHeaders = Record<string, string | undefined>;

export interface WebhookResponse {
  status: 200 | 202 | 400 | 401 | 403 | 413 | 415 | 502 | 503;
  body: Record<string, unknown>;
}

export type WebhookHandler = (body: string, headers: WebhookHeaders) => Promise<WebhookResponse>;

export interface WebhookDeps {
  log: Pick<Log, 'info' | 'warn' | 'error'>;
  metrics: Pick<PipelineMetrics, 'notificationRefused' | 'notificationIgnored'>;
  enqueuer: ObjectEnqueuer;
  /** MAX_RECORDS_PER_NOTIFICATION: a body with more S3 records is refused with 413. */
  maxRecordsPerNotification?: number | undefined;
  /** SNS deliveries authenticate by signature; confirmations are opened only when autoConfirm. */
  sns: { verifier: SnsVerifier; autoConfirm: boolean; confirm: SubscriptionConfirmer };
}

/** SNS marks its deliveries with this header; a cross-site form cannot set it. */
export const SNS_MESSAGE_TYPE_HEADER = 'x-amz-sns-message-type';

export function createWebhookHandler(deps: WebhookDeps): WebhookHandler {
  const { log, metrics } = deps;
  const reply = (status: WebhookResponse['status'], body: Record<string, unknown>) => ({ status, body });

  return async (text, headers) => {
    const snsMessageType = headers[SNS_MESSAGE_TYPE_HEADER];
    const fromSns = snsMessageType !== undefined;
    // MinIO's liveness check of a webhook target carries no body (and may carry no content type).
    if (!fromSns && text.trim() === '') return reply(200, { status: 'ok', kind: 'probe' });
    const typeProblem = webhookContentTypeProblem(headers['content-type'], snsMessageType);
    if (typeProblem) return reply(415, { error: typeProblem });
    let payload: unknown = null;
    try {
      payload = JSON.parse(text);
    } catch (error) {
      return reply(400, { error: `body is not JSON: ${(error as Error).message}` });
    }
    // Any SNS envelope must be signed, whatever bearer token came with it.
    let snsTopic: string | undefined;
    if (fromSns || isSnsEnvelope(payload)) {
      const verdict = await deps.sns.verifier.verify(payload);
      if (!verdict.ok) {
        metrics.notificationRefused(verdict.reason);
        log.warn(
          { status: verdict.status, reason: verdict.reason, detail: verdict.error },
          'SNS delivery refused',
        );
        return reply(verdict.status, { error: verdict.error });
      }
      snsTopic = verdict.topicArn;
    }
    const notification = normaliseNotification(payload, {
      trigger: 'webhook',
      maxRecords: deps.maxRecordsPerNotification,
    });
    switch (notification.kind) {
      case 'invalid':
        return reply(400, { error: notification.message });
      case 'too-many-records': {
        metrics.notificationRefused(notification.kind);
        const message = `notification has ${notification.records} records, limit ${notification.limit} (MAX_RECORDS_PER_NOTIFICATION)`;
        log.warn({ records: notification.records, limit: notification.limit }, `webhook refused: ${message}`);
        return reply(413, { error: message });
      }
      case 'test':
      case 'probe':
        return reply(200, { status: 'ok', kind: notification.kind });
      case 'subscription-confirmation': {
        const { subscribeUrl } = notification;
        if (!deps.sns.autoConfirm || snsTopic === undefined) {
          log.warn(
            { subscribeUrl },
            'SNS subscription needs confirming: open the URL (or set SNS_AUTO_CONFIRM)',
          );
          return reply(200, { status: 'ok', kind: notification.kind, confirmed: false });
        }
        try {
          await deps.sns.confirm(subscribeUrl, snsTopic);
        } catch (error) {
          log.error({ err: error, topicArn: snsTopic }, 'could not confirm the SNS subscription');
          return reply(502, { error: `could not confirm the subscription: ${(error as Error).message}` });
        }
        log.info({ topicArn: snsTopic }, 'SNS subscription confirmed');
        return reply(200, { status: 'ok', kind: notification.kind, confirmed: true });
      }
      case 'objects': {
        for (const ignored of notification.ignored) metrics.notificationIgnored(ignored.kind);
        const created = await deps.enqueuer.enqueue(notification.objects);
        const removed = await deps.enqueuer.remove(notification.removed);
        return reply(202, {
          status: 'accepted',
          enqueued: created.enqueued,
          ...(removed.enqueued > 0 ? { removals: removed.enqueued } : {}),
          ignored: created.ignored + removed.ignored + notification.ignored.length,
          rejected: created.rejected + removed.rejected,
        });
      }
    }
  };
}
