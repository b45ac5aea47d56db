/** Validates a key given to PUT /v1/raw/{key}; returns an error message, or null when it is fine. */
export function rawKeyProblem(key: string): string | null {
  if (key.length === 0) return 'key is empty';
  if (Buffer.byteLength(key, 'utf8') > 900) return 'key is longer than 900 bytes';
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'key contains control characters';
  if (key.startsWith('/')) return 'key must not start with "/"';
  if (key.split('/').some((segment) => segment === '..' || segment === '.'))
    return 'key must not contain "." or ".." segments';
  if (key.endsWith('/')) return 'key must name an object, not a folder';
  return null;
}
