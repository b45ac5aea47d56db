// The HTTP surface: health, readiness, metrics, the bucket-notification webhook, raw uploads and the
// dashboard. Handlers talk to ports only; the server itself is started in http/server.ts.
// Who may call what (auth, CSRF, limits) is documented in docs/security.md, "HTTP API".
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { basicAuth } from 'hono/basic-auth';
import { bearerAuth } from 'hono/bearer-auth';
import { bodyLimit } from 'hono/body-limit';
import { every, except } from 'hono/combine';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import { trimTrailingSlash } from 'hono/trailing-slash';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { KeyLimits } from '../keys/object-key.js';
import type { PipelineMetrics } from '../observability/metrics.js';
import type { ObjectStory } from '../pipeline/object-story.js';
import type { ObjectStore } from '../s3/object-store.js';
import { isSnsEnvelope, normaliseNotification } from '../trigger/normalise-notification.js';
import type { ObjectEnqueuer } from '../trigger/object-enqueuer.js';
import { toObjectToIngest } from '../trigger/object-to-ingest.js';
import { refuseCrossSite, refuseForeignHost, webhookContentTypeProblem } from './cross-site.js';
import type { SubscriptionConfirmer } from './sns-fetch.js';
import type { SnsVerifier } from './sns-signature.js';
import { createUploadHandler, RAW_ROUTE_PREFIX } from './upload.js';

export interface HttpAppDeps {
  log: Logger;
  metrics: PipelineMetrics & { registry: Registry };
  /** Readiness checks by name (redis, s3); each resolves when its dependency answers. */
  readiness: Record<string, () => Promise<void>>;
  /** Refreshes gauges (queue depths) before a scrape. */
  beforeScrape?: () => Promise<void>;
  enqueuer?: ObjectEnqueuer;
  store?: ObjectStore;
  rawPrefix: string;
  /** Limits of the store uploads go to (the embedded store's are tighter than S3's). */
  keyLimits?: KeyLimits;
  webhookToken: string | undefined;
  maxUploadBytes: number;
  /** MAX_RECORDS_PER_NOTIFICATION: a webhook body with more S3 records is refused with 413. */
  maxRecordsPerNotification?: number;
  maxConcurrentUploads: number;
  /** Deadline of a request (503 past it); uploads have their own. */
  requestTimeoutMs: number;
  uploadTimeoutMs: number;
  /** Listening on loopback: answer only requests whose Host is a loopback name (DNS rebinding). */
  loopbackOnly?: boolean;
  /** The dashboard; without a password it is mounted read-only. */
  admin?: {
    user: string;
    password: string | undefined;
    mount: (app: Hono, options: { readOnly: boolean }) => void;
  };
  /** A key's story (GET /v1/objects/{key}); null when nothing is known about the key. */
  objectStory?: (key: string) => Promise<ObjectStory | null>;
  /** SNS deliveries authenticate by signature; confirmations are opened only when autoConfirm. */
  sns: { verifier: SnsVerifier; autoConfirm: boolean; confirm: SubscriptionConfirmer };
}

const MAX_NOTIFICATION_BYTES = 1024 * 1024;
const OBJECTS_ROUTE_PREFIX = '/v1/objects/';
/** S3 keys are at most 1024 bytes: a longer one names nothing. */
const MAX_STORY_KEY_BYTES = 1024;

export function createHttpApp(deps: HttpAppDeps): Hono {
  const app = new Hono();
  const { log, metrics } = deps;

  app.onError((error, c) => {
    // Middleware answers (401, 403, 413, 503) arrive as HTTPExceptions carrying their response.
    if (error instanceof HTTPException) return error.getResponse();
    log.error({ err: error, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal error' }, 500);
  });
  if (deps.loopbackOnly) app.use('*', refuseForeignHost());
  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));

  const overdue = (ms: number) =>
    timeout(
      ms,
      () =>
        new HTTPException(503, {
          res: Response.json(
            { error: `no answer within ${ms} ms; retry later` },
            { status: 503, headers: { 'retry-after': '5' } },
          ),
        }),
    );
  const requestDeadline = overdue(deps.requestTimeoutMs);
  const uploadDeadline = overdue(deps.uploadTimeoutMs);
  app.use('*', (c, next) =>
    c.req.method === 'PUT' && c.req.path.startsWith(RAW_ROUTE_PREFIX)
      ? uploadDeadline(c, next)
      : requestDeadline(c, next),
  );

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
    const checks: Record<string, string> = {};
    let ready = true;
    await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2000);
          checks[name] = 'ok';
        } catch (error) {
          ready = false;
          checks[name] = (error as Error).message;
        }
      }),
    );
    return c.json({ status: ready ? 'ready' : 'not ready', checks }, ready ? 200 : 503);
  });

  app.get('/metrics', async (c) => {
    try {
      await deps.beforeScrape?.();
    } catch (error) {
      log.warn({ err: error }, 'could not refresh queue gauges');
    }
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });

  const bearer: MiddlewareHandler = deps.webhookToken
    ? bearerAuth({
        token: deps.webhookToken,
        noAuthenticationHeader: { message: { error: 'missing bearer token' } },
        invalidAuthenticationHeader: {
          message: { error: 'malformed Authorization: expected "Bearer <token>"' },
        },
        invalidToken: { message: { error: 'wrong bearer token' } },
      })
    : async (_c, next) => {
        await next();
      };
  const crossSite = refuseCrossSite();

  if (deps.enqueuer) {
    const enqueuer = deps.enqueuer;
    // SNS cannot send a bearer token: its deliveries (marked by this header) authenticate by
    // signature instead, and any SNS envelope must be signed whatever token comes with it.
    const fromSns = (c: Context) => c.req.header('x-amz-sns-message-type') !== undefined;
    // MinIO checks a webhook target with a body-less request; answer it like a healthy endpoint.
    app.on(['HEAD', 'GET'], '/v1/s3-events', (c) => c.body(null, 200));
    app.post(
      '/v1/s3-events',
      every(crossSite, except(fromSns, bearer)),
      bodyLimit({
        maxSize: MAX_NOTIFICATION_BYTES,
        onError: (c) => c.json({ error: `notification larger than ${MAX_NOTIFICATION_BYTES} bytes` }, 413),
      }),
      async (c) => {
        const text = await c.req.text();
        // MinIO's liveness check of a webhook target carries no body (and may carry no content type).
        if (!fromSns(c) && text.trim() === '') return c.json({ status: 'ok', kind: 'probe' });
        const typeProblem = webhookContentTypeProblem(
          c.req.header('content-type'),
          c.req.header('x-amz-sns-message-type'),
        );
        if (typeProblem) return c.json({ error: typeProblem }, 415);
        let payload: unknown = null;
        try {
          payload = JSON.parse(text);
        } catch (error) {
          return c.json({ error: `body is not JSON: ${(error as Error).message}` }, 400);
        }
        let snsTopic: string | undefined;
        if (fromSns(c) || isSnsEnvelope(payload)) {
          const verdict = await deps.sns.verifier.verify(payload);
          if (!verdict.ok) {
            metrics.notificationRefused(verdict.reason);
            log.warn(
              { status: verdict.status, reason: verdict.reason, detail: verdict.error },
              'SNS delivery refused',
            );
            return c.json({ error: verdict.error }, verdict.status);
          }
          snsTopic = verdict.topicArn;
        }
        const notification = normaliseNotification(payload, { maxRecords: deps.maxRecordsPerNotification });
        switch (notification.kind) {
          case 'invalid':
            return c.json({ error: notification.message }, 400);
          case 'too-many-records': {
            metrics.notificationRefused(notification.kind);
            const message = `notification has ${notification.records} records, limit ${notification.limit} (MAX_RECORDS_PER_NOTIFICATION)`;
            log.warn(
              { records: notification.records, limit: notification.limit },
              `webhook refused: ${message}`,
            );
            return c.json({ error: message }, 413);
          }
          case 'test':
          case 'probe':
            return c.json({ status: 'ok', kind: notification.kind });
          case 'subscription-confirmation': {
            const { subscribeUrl } = notification;
            if (!deps.sns.autoConfirm || snsTopic === undefined) {
              log.warn(
                { subscribeUrl },
                'SNS subscription needs confirming: open the URL (or set SNS_AUTO_CONFIRM)',
              );
              return c.json({ status: 'ok', kind: notification.kind, confirmed: false });
            }
            try {
              await deps.sns.confirm(subscribeUrl, snsTopic);
            } catch (error) {
              log.error({ err: error, topicArn: snsTopic }, 'could not confirm the SNS subscription');
              return c.json(
                { error: `could not confirm the subscription: ${(error as Error).message}` },
                502,
              );
            }
            log.info({ topicArn: snsTopic }, 'SNS subscription confirmed');
            return c.json({ status: 'ok', kind: notification.kind, confirmed: true });
          }
          case 'objects': {
            for (const ignored of notification.ignored) metrics.notificationIgnored(ignored.kind);
            const result = await enqueuer.enqueue(notification.objects.map(toObjectToIngest), 'webhook');
            return c.json(
              {
                status: 'accepted',
                enqueued: result.enqueued,
                ignored: result.ignored + notification.ignored.length,
                rejected: result.rejected,
              },
              202,
            );
          }
        }
      },
    );
  }

  if (deps.store) {
    app.put(
      `${RAW_ROUTE_PREFIX}*`,
      every(crossSite, bearer),
      createUploadHandler({
        store: deps.store,
        rawPrefix: deps.rawPrefix,
        ...(deps.keyLimits ? { keyLimits: deps.keyLimits } : {}),
        onKeyRejected: (reason) => metrics.keyRejected(reason, 'put'),
        maxBytes: deps.maxUploadBytes,
        maxConcurrent: deps.maxConcurrentUploads,
      }),
    );
  }

  if (deps.objectStory) {
    const objectStory = deps.objectStory;
    app.get(`${OBJECTS_ROUTE_PREFIX}*`, every(crossSite, bearer), async (c) => {
      let key: string;
      try {
        key = decodeURIComponent(c.req.path.slice(OBJECTS_ROUTE_PREFIX.length));
      } catch {
        return c.json({ error: 'the key is not valid percent-encoding' }, 400);
      }
      if (!key) return c.json({ error: 'missing key: GET /v1/objects/{key}' }, 400);
      if (Buffer.byteLength(key) > MAX_STORY_KEY_BYTES)
        return c.json({ error: `key longer than ${MAX_STORY_KEY_BYTES} bytes` }, 400);
      const story = await objectStory(key);
      if (!story) return c.json({ error: `no record of key ${JSON.stringify(key)}` }, 404);
      return c.json(story);
    });
  }

  if (deps.admin) {
    const admin = deps.admin;
    const readOnly = !admin.password;
    // `/admin/queues/` redirects to `/admin/queues` (the board's routes have no trailing slash).
    app.use('/admin/*', trimTrailingSlash());
    // A browser sends cached basic credentials with a cross-site form post: refuse those (403).
    app.use('/admin/*', csrf());
    if (admin.password) {
      app.use(
        '/admin/*',
        basicAuth({
          username: admin.user,
          password: admin.password,
          realm: 'news-ingest',
          invalidUserMessage: 'authentication required',
        }),
      );
    } else {
      // Belt and braces over bull-board's own read-only mode: no write of any kind without a password.
      app.use('/admin/*', async (c, next) => {
        if (c.req.method !== 'GET' && c.req.method !== 'HEAD')
          return c.json({ error: 'the dashboard is read-only: set ADMIN_PASSWORD to change queues' }, 403);
        await next();
      });
    }
    admin.mount(app, { readOnly });
  }
  return app;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
