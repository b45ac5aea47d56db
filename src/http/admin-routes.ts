// The dashboard (bull-board) under /admin: basic auth with ADMIN_PASSWORD, read-only without one, and
// never writable by a cross-site form post.
import type { Hono } from 'hono';
import { basicAuth } from 'hono/basic-auth';
import { csrf } from 'hono/csrf';
import { trimTrailingSlash } from 'hono/trailing-slash';

export interface AdminRoutesDeps {
  user: string;
  password: string | undefined;
  mount: (app: Hono, options: { readOnly: boolean }) => void;
}

export function mountAdminRoutes(app: Hono, admin: AdminRoutesDeps): void {
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
