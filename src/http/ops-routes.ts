// Operations endpoints: liveness, readiness of each dependency, Prometheus metrics. No auth: they reveal
// no data and a load balancer or scraper must reach them.
import type { Hono } from 'hono';
import type { Registry } from 'prom-client';
import { withDeadline } from '../deadline.js';
import type { Log } from '../observability/log.js';

export interface OpsRoutesDeps {
  log: Pick<Log, 'warn'>;
  registry: Registry;
  /** Readiness checks by name (redis, s3); each resolves when its dependency answers. */
  readiness: Record<string, () => Promise<void>>;
  /** Refreshes gauges (queue depths) before a scrape. */
  beforeScrape?: (() => Promise<void>) | undefined;
}

const READINESS_TIMEOUT_MS = 2000;

export function mountOpsRoutes(app: Hono, deps: OpsRoutesDeps): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.get('/readyz', async (c) => {
    const checks: Record<string, string> = {};
    let ready = true;
    await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => {
        try {
          await withDeadline(check(), READINESS_TIMEOUT_MS);
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
      deps.log.warn({ err: error }, 'could not refresh queue gauges');
    }
    return c.body(await deps.registry.metrics(), 200, { 'content-type': deps.registry.contentType });
  });
}
