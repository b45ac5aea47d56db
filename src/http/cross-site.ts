// Browsers may be made to send requests to a service on loopback from any page (CSRF): the machine
// endpoints (webhook, uploads) refuse what a browser marks as coming from another site.
// Own code, not hono/csrf: hono/csrf also refuses form-typed requests that carry neither Origin nor
// Sec-Fetch-Site, i.e. every curl upload and SNS delivery; machine clients never send those headers.
import type { MiddlewareHandler } from 'hono';
import { isLoopbackHost } from '../config/load-config.js';

/** Why a request looks cross-site (a browser's Sec-Fetch-Site or Origin says so), or null. */
export function crossSiteProblem(
  headers: { secFetchSite: string | undefined; origin: string | undefined },
  ownOrigin: string,
): string | null {
  const site = headers.secFetchSite?.trim().toLowerCase();
  // `same-site` is refused too: every port of localhost is the same site.
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return `cross-site request refused (Sec-Fetch-Site: ${site})`;
  if (headers.origin !== undefined && headers.origin !== ownOrigin)
    return `cross-site request refused (Origin: ${headers.origin})`;
  return null;
}

export function refuseCrossSite(): MiddlewareHandler {
  return async (c, next) => {
    const problem = crossSiteProblem(
      { secFetchSite: c.req.header('sec-fetch-site'), origin: c.req.header('origin') },
      new URL(c.req.url).origin,
    );
    if (problem) return c.json({ error: problem }, 403);
    await next();
  };
}

/**
 * The webhook takes JSON only, so a cross-site HTML form (urlencoded, multipart or text/plain) cannot
 * post to it. SNS posts text/plain, always with x-amz-sns-message-type, a header no form can set.
 */
export function webhookContentTypeProblem(
  contentType: string | undefined,
  snsMessageType: string | undefined,
): string | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return null;
  if (type === 'text/plain' && snsMessageType) return null;
  return `content-type must be application/json (or text/plain with x-amz-sns-message-type), not "${type || 'none'}"`;
}

/**
 * A service bound to loopback answers only requests addressed to a loopback name. A page can point
 * its own domain at 127.0.0.1 (DNS rebinding): its requests are then same-origin, so the Origin checks
 * pass, but their Host header still names the page's domain.
 */
export function refuseForeignHost(): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    const name = host.replace(/:\d+$/, '');
    if (!isLoopbackHost(name))
      return c.json({ error: `Host ${host} is not this service's loopback address` }, 421);
    await next();
  };
}
