// Long-polls an SQS queue that receives S3 notifications (directly, via SNS, or from an EventBridge
// rule) and hands the created objects to `enqueue`. At-least-once: a message is deleted only after
// `enqueue` resolved for it; downstream job ids are deterministic, so a redelivery is harmless.
// Messages that can never succeed (test events, ignored-only events, unreadable bodies) are deleted
// too, so they cannot turn into poison; failures of `enqueue` are left for SQS to redeliver (and
// for the queue's redrive policy to move aside if they keep failing).
import { setTimeout as delay } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Log } from '../observability/log.js';
import type { ObjectRemoval } from '../queue/object-removal.js';
import type { ObjectVersion } from '../queue/object-version.js';
import { retryDelayMs } from '../queue/retry-backoff.js';
import { normaliseNotification } from './normalise-notification.js';
import type { IgnoredKind } from './notification-types.js';

export interface SqsPollerOptions {
  client: SQSClient;
  queueUrl: string;
  /** Must be idempotent; the message is deleted only once this resolves. */
  /** Created versions and removed keys of one message; resolves once both are enqueued. */
  enqueue: (objects: ObjectVersion[], removed: ObjectRemoval[]) => Promise<void>;
  /** Called once per ignored record (deletes, tagging, …), after its message was handled. */
  onIgnored?: (kind: IgnoredKind) => void;
  /** Called once per message refused whole (too-many-records); the message is deleted. */
  onRefused?: (reason: string) => void;
  /** MAX_RECORDS_PER_NOTIFICATION; the default when absent. */
  maxRecords?: number;
  log: Pick<Log, 'info' | 'warn' | 'error'>;
  /** Long-poll duration, 0–20 s. Default 20. */
  waitTimeSeconds?: number;
  /** Messages per receive, 1–10. Default 10. */
  maxMessages?: number;
  /** Overrides the queue's visibility timeout for received messages. */
  visibilityTimeoutSeconds?: number;
  /** Backoff after failures: exponential from baseMs, capped at maxMs, with jitter. */
  backoff?: { baseMs?: number; maxMs?: number };
}

export interface SqsPoller {
  /** Ends the receive loop at once and resolves after in-flight messages were handled. */
  stop(): Promise<void>;
}

const SQS_MAX_BATCH = 10;

export function startSqsPoller(options: SqsPollerOptions): SqsPoller {
  const stopping = new AbortController();
  const loop = runLoop(options, stopping.signal).catch((err: unknown) => {
    // runLoop handles its own errors; this only guards against a bug leaving a rejected promise.
    options.log.error({ err }, 'SQS poller loop crashed');
  });
  return {
    stop() {
      stopping.abort();
      return loop;
    },
  };
}

async function runLoop(options: SqsPollerOptions, signal: AbortSignal): Promise<void> {
  const { client, queueUrl, log } = options;
  const waitTimeSeconds = clamp(options.waitTimeSeconds ?? 20, 0, 20);
  const maxMessages = clamp(options.maxMessages ?? SQS_MAX_BATCH, 1, SQS_MAX_BATCH);
  let consecutiveFailures = 0;

  while (!signal.aborted) {
    let messages: Message[];
    try {
      const received = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: maxMessages,
          WaitTimeSeconds: waitTimeSeconds,
          VisibilityTimeout: options.visibilityTimeoutSeconds,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
        { abortSignal: signal },
      );
      messages = received.Messages ?? [];
    } catch (err) {
      if (signal.aborted) break; // stop() cancelled the long poll
      consecutiveFailures += 1;
      const delayMs = backoffDelay(consecutiveFailures, options.backoff);
      log.error({ err, queueUrl, consecutiveFailures, delayMs }, 'SQS ReceiveMessage failed; backing off');
      await sleep(delayMs, signal);
      continue;
    }
    if (messages.length === 0) continue;

    // A received batch is finished even when stop() is called meanwhile, so its messages are not
    // redelivered just because we were shutting down.
    const healthy = await handleBatch(options, messages);
    if (healthy) {
      consecutiveFailures = 0;
    } else {
      // Downstream (enqueue or DeleteMessageBatch) is failing: don't hammer it with new messages.
      consecutiveFailures += 1;
      await sleep(backoffDelay(consecutiveFailures, options.backoff), signal);
    }
  }
}

/** Handles every message of one receive, then deletes those that are done. Never throws. */
async function handleBatch(options: SqsPollerOptions, messages: Message[]): Promise<boolean> {
  const outcomes = await Promise.all(messages.map((m) => handleMessage(options, m)));
  const done = messages.filter((_, i) => outcomes[i] !== 'retry');
  const deleted = await deleteMessages(options, done);
  const enqueueFailed = outcomes.filter((o) => o === 'retry').length;
  // Unhealthy only when nothing got through: one bad object should not slow the whole queue.
  return deleted && !(enqueueFailed > 0 && enqueueFailed === messages.length);
}

type Outcome = 'done' | 'retry';

async function handleMessage(options: SqsPollerOptions, message: Message): Promise<Outcome> {
  const { log } = options;
  const messageId = message.MessageId;
  const receiveCount = message.Attributes?.ApproximateReceiveCount;
  const result = normaliseNotification(message.Body ?? '', {
    trigger: 'sqs',
    maxRecords: options.maxRecords,
  });

  switch (result.kind) {
    case 'objects': {
      if (result.objects.length > 0 || result.removed.length > 0) {
        try {
          await options.enqueue(result.objects, result.removed);
        } catch (err) {
          log.warn(
            { err, messageId, receiveCount, objects: result.objects.length, removed: result.removed.length },
            'enqueue failed; leaving the SQS message for redelivery',
          );
          return 'retry';
        }
      }
      for (const ignored of result.ignored) reportIgnored(options, ignored.kind);
      return 'done';
    }
    case 'test':
      log.info({ messageId }, 'S3 test event received; deleting');
      return 'done';
    case 'subscription-confirmation':
      // Subscribing a queue to a topic in another account delivers the confirmation here; the poller
      // does not confirm subscriptions on its own.
      log.warn(
        { messageId, subscribeUrl: result.subscribeUrl },
        'SNS subscription confirmation in queue; deleting',
      );
      return 'done';
    case 'probe':
      log.warn({ messageId, reason: 'empty body' }, 'dropping unreadable SQS message');
      return 'done';
    case 'invalid':
      log.warn({ messageId, receiveCount, reason: result.message }, 'dropping unreadable SQS message');
      return 'done';
    case 'too-many-records':
      // Real S3 sends one record per message: a batch this large is not from the bucket.
      log.warn(
        { messageId, records: result.records, limit: result.limit },
        'dropping SQS message with more records than MAX_RECORDS_PER_NOTIFICATION',
      );
      try {
        options.onRefused?.(result.kind);
      } catch (err) {
        log.warn({ err }, 'onRefused callback threw');
      }
      return 'done';
  }
}

function reportIgnored(options: SqsPollerOptions, kind: IgnoredKind): void {
  try {
    options.onIgnored?.(kind);
  } catch (err) {
    options.log.warn({ err, kind }, 'onIgnored callback threw');
  }
}

/** Deletes in batches of ten; returns false when a call failed outright. Never throws. */
async function deleteMessages(options: SqsPollerOptions, messages: Message[]): Promise<boolean> {
  const { client, queueUrl, log } = options;
  let ok = true;
  for (let start = 0; start < messages.length; start += SQS_MAX_BATCH) {
    const chunk = messages.slice(start, start + SQS_MAX_BATCH);
    const entries = chunk.flatMap((m, i) =>
      m.ReceiptHandle ? [{ Id: `m${start + i}`, ReceiptHandle: m.ReceiptHandle }] : [],
    );
    if (entries.length === 0) continue;
    try {
      // Deliberately not tied to the stop signal: finishing a delete beats a needless redelivery.
      const out = await client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      for (const failed of out.Failed ?? []) {
        const message = chunk[Number(failed.Id?.slice(1)) - start];
        log.warn(
          { messageId: message?.MessageId, code: failed.Code, reason: failed.Message },
          'SQS refused to delete a message; it will be redelivered',
        );
      }
    } catch (err) {
      ok = false;
      log.error(
        { err, messageIds: chunk.map((m) => m.MessageId) },
        'SQS DeleteMessageBatch failed; messages will be redelivered',
      );
    }
  }
  return ok;
}

/** The poller's delay after `attempt` consecutive failures: the one retry formula, with its own defaults. */
export function backoffDelay(attempt: number, backoff: SqsPollerOptions['backoff'] = {}): number {
  return retryDelayMs(attempt, { baseMs: backoff.baseMs ?? 500, capMs: backoff.maxMs ?? 30_000 });
}

/** Resolves after `ms`, or at once when `signal` aborts (timers/promises rejects on abort: not a failure here). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch(() => {});
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
