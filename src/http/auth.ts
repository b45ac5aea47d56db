import { timingSafeEqual } from 'node:crypto';

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when no token is configured, or the Authorization header carries it as a bearer token. */
export function bearerTokenMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1] !== undefined && safeEqual(match[1].trim(), token);
}

/** True when no password is configured, or the Authorization header carries user:password (basic). */
export function basicAuthMatches(
  header: string | undefined,
  user: string,
  password: string | undefined,
): boolean {
  if (!password) return true;
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return safeEqual(decoded.slice(0, colon), user) && safeEqual(decoded.slice(colon + 1), password);
}
