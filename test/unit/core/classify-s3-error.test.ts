import { describe, expect, it } from 'vitest';
import type { PermanentError } from '../../../src/errors/permanent-error.js';
import { TransientError } from '../../../src/errors/transient-error.js';
import { classifyS3Error } from '../../../src/s3/object-store.js';

const s3Error = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('classifyS3Error', () => {
  it.each([
    ['AccessDenied', 403, 's3-access-denied'],
    ['InvalidAccessKeyId', 403, 's3-access-denied'],
    ['SignatureDoesNotMatch', 403, 's3-access-denied'],
    ['CredentialsProviderError', 0, 's3-access-denied'],
    ['NoSuchBucket', 404, 's3-no-such-bucket'],
    ['SlowDown', 503, 'transient'],
  ])(
    '%s (%d) is a transient failure with reason %s: retried, never a per-object skip',
    (name, status, reason) => {
      const error = classifyS3Error(s3Error(name, status), 'get k');
      expect(error).toBeInstanceOf(TransientError);
      expect((error as TransientError).reason).toBe(reason);
      expect((error as TransientError).permanent).toBe(false);
    },
  );

  it.each([
    ['NoSuchKey', 404, 'gone'],
    ['PreconditionFailed', 412, 'superseded'],
    ['AccessDenied', 403, 's3-access-denied'],
    ['InvalidObjectState', 400, 's3-refused'],
    ['KeyTooLongError', 400, 's3-refused'],
  ])('%s (%d) maps to %s', (name, status, reason) => {
    const error = classifyS3Error(s3Error(name, status), 'get k') as PermanentError | TransientError;
    expect(error.reason).toBe(reason);
    expect(error.permanent).toBe(reason !== 's3-access-denied');
  });
});
