// GET /v1/articles/search?q=&lang=&person=&limit= as a Hono sub-app; the main HTTP app mounts it when
// DATABASE_URL is set, and the indexer serves it too.
import { Hono } from 'hono';
import type { Queryable } from './db.js';
import { searchArticles } from './search.js';
import { searchParamsSchema } from './search-query.js';

export function createSearchRoutes(pool: Queryable): Hono {
  const app = new Hono();
  app.get('/v1/articles/search', async (c) => {
    const parsed = searchParamsSchema.safeParse({
      q: c.req.query('q') ?? '',
      lang: c.req.query('lang') || undefined,
      person: c.req.query('person') || undefined,
      limit: c.req.query('limit') || undefined,
    });
    if (!parsed.success) {
      return c.json({ error: parsed.error.issues.map((i) => i.message).join('; ') }, 400);
    }
    const results = await searchArticles(pool, parsed.data);
    return c.json({ query: parsed.data, count: results.length, results });
  });
  return app;
}
