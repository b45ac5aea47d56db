// The indexer's own HTTP surface: health, readiness, metrics and the search API.
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Queryable } from './db.js';
import { createSearchRoutes } from './http.js';

export function createIndexerHttpApp(deps: {
  db: Queryable;
  registry: Registry;
  readiness: Record<string, () => Promise<void>>;
  log: Pick<Logger, 'error'>;
}): Hono {
  const app = new Hono();
  // The last resort of a request: logged, answered 500, never an exit.
  app.onError((error, c) => {
    deps.log.error({ err: error, path: c.req.path }, 'request failed');
    return c.json({ error: 'internal error' }, 500);
  });
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const checks: Record<string, string> = {};
    await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => {
        checks[name] = await check().then(
          () => 'ok',
          (error: Error) => error.message,
        );
      }),
    );
    const ready = Object.values(checks).every((v) => v === 'ok');
    return c.json({ status: ready ? 'ready' : 'not ready', checks }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) =>
    c.body(await deps.registry.metrics(), 200, { 'content-type': deps.registry.contentType }),
  );
  app.route('/', createSearchRoutes(deps.db));
  return app;
}
