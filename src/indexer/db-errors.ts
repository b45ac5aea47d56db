// Pure: which PostgreSQL failures retrying cannot fix. SQLSTATE class 22 (data exception, e.g. a NUL
// byte in text) and 23 (integrity constraint) come from the event itself; everything else (connection
// loss, deadlock, shutdown) is worth a retry.
export function isPermanentDbError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(code);
}
