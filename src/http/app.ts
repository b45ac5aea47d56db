// The HTTP surface: health, readiness, metrics, the bucket-notification webhook, raw uploads and the
// dashboard. Handlers talk to ports only; the server itself is started in http/server.ts. This file
// composes the routes and the middleware every route shares (host check, deadlines, auth).
// Who may call what (auth, CSRF, limits) is documented in docs/security.md, "HTTP API".
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { bodyLimit } from 'hono/body-limit';
import { every, except } from 'hono/combine';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import type { Registry } from 'prom-client';
import type { KeyLimits } from '../keys/object-key.js';
import type { Log } from '../observability/log.js';
import type { PipelineMetrics } from '../observability/metrics.js';
import type { ObjectStory } from '../pipeline/object-story.js';
import type { ObjectStore } from '../s3/object-store.js';
import type { ObjectEnqueuer } from '../trigger/object-enqueuer.js';
import { type AdminRoutesDeps, mountAdminRoutes } from './admin-routes.js';
import { refuseCrossSite, refuseForeignHost } from './cross-site.js';
import { mountObjectStoryRoute } from './object-story-route.js';
import { mountOpsRoutes } from './ops-routes.js';
import { createUploadHandler, RAW_ROUTE_PREFIX } from './upload.js';
import { createWebhookHandler, SNS_MESSAGE_TYPE_HEADER, type WebhookDeps } from './webhook.js';

export interface HttpAppDeps {
  log: Log;
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
  admin?: AdminRoutesDeps;
  /** A key's story (GET /v1/objects/{key}); null when nothing is known about the key. */
  objectStory?: (key: string) => Promise<ObjectStory | null>;
  sns: WebhookDeps['sns'];
}

const MAX_NOTIFICATION_BYTES = 1024 * 1024;

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
  app.use('*', deadlines(deps.requestTimeoutMs, deps.uploadTimeoutMs));

  mountOpsRoutes(app, {
    log,
    registry: metrics.registry,
    readiness: deps.readiness,
    beforeScrape: deps.beforeScrape,
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
    const webhook = createWebhookHandler({
      log,
      metrics,
      enqueuer: deps.enqueuer,
      maxRecordsPerNotification: deps.maxRecordsPerNotification,
      sns: deps.sns,
    });
    // SNS cannot send a bearer token: its deliveries authenticate by signature (in the handler) instead.
    const fromSns = (c: Context) => c.req.header(SNS_MESSAGE_TYPE_HEADER) !== undefined;
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
        const { status, body } = await webhook(await c.req.text(), c.req.header());
        return c.json(body, status);
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

  if (deps.objectStory) mountObjectStoryRoute(app, every(crossSite, bearer), deps.objectStory);
  if (deps.admin) mountAdminRoutes(app, deps.admin);
  return app;
}

/** A 503 with Retry-After past the deadline: uploads (PUT /v1/raw/...) get their own, longer one. */
function deadlines(requestMs: number, uploadMs: number): MiddlewareHandler {
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
  const requestDeadline = overdue(requestMs);
  const uploadDeadline = overdue(uploadMs);
  return (c, next) =>
    c.req.method === 'PUT' && c.req.path.startsWith(RAW_ROUTE_PREFIX)
      ? uploadDeadline(c, next)
      : requestDeadline(c, next);
}
