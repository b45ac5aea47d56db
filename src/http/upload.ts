// PUT /v1/raw/{key}: the request body streams to S3 as it arrives (never held whole in memory), at
// most `maxConcurrent` at a time, each no larger than `maxBytes`. The limit is checked on the declared
// Content-Length, before anything reaches S3: Node's HTTP parser never lets a body outgrow it.
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Context } from 'hono';
import { checkObjectKey, type KeyLimits, type KeyRejectionReason } from '../keys/object-key.js';
import type { ObjectStore } from '../s3/object-store.js';

export interface UploadSettings {
  store: ObjectStore;
  rawPrefix: string;
  maxBytes: number;
  maxConcurrent: number;
  /** The store's key limits; default DEFAULT_KEY_LIMITS. */
  keyLimits?: KeyLimits;
  onKeyRejected?: (reason: KeyRejectionReason) => void;
}

export const RAW_ROUTE_PREFIX = '/v1/raw/';

export function createUploadHandler(settings: UploadSettings): (c: Context) => Promise<Response> {
  // Uploads in progress in this process (a counter is all a per-process cap needs).
  let inFlight = 0;
  return async (c) => {
    let key: string;
    try {
      key = decodeURIComponent(c.req.path.slice(RAW_ROUTE_PREFIX.length));
    } catch {
      return c.json({ error: 'key is not valid percent-encoding' }, 400);
    }
    // The full key is what the store gets, so it is what must fit its limits.
    const fullKey = `${settings.rawPrefix}${key}`;
    const check = checkObjectKey(fullKey, settings.keyLimits);
    if (!check.ok) {
      settings.onKeyRejected?.(check.reason);
      return c.json({ error: check.message, reason: check.reason }, 400);
    }

    // S3 needs the length up front to take a stream in one PUT; chunked bodies would have to be buffered
    // (as hono/body-limit does with them), so they are refused and the limit is checked here.
    const declaredHeader = c.req.header('content-length');
    if (declaredHeader === undefined)
      return c.json({ error: 'Content-Length is required (chunked uploads are not accepted)' }, 411);
    const declared = Number(declaredHeader);
    if (!Number.isSafeInteger(declared) || declared < 0)
      return c.json({ error: 'Content-Length is not a byte count' }, 400);
    if (declared > settings.maxBytes)
      return c.json({ error: `body over ${settings.maxBytes} bytes` }, 413, { connection: 'close' });
    if (declared === 0 || !c.req.raw.body) return c.json({ error: 'body is empty' }, 400);

    if (inFlight >= settings.maxConcurrent) {
      return c.json({ error: `more than ${settings.maxConcurrent} uploads in progress; retry later` }, 503, {
        'retry-after': '1',
        connection: 'close',
      });
    }
    inFlight++;
    try {
      const body = Readable.fromWeb(c.req.raw.body as WebReadableStream<Uint8Array>);
      // A body that fails (the client hung up) must end the S3 request too: S3 would wait for the rest
      // of the declared length, holding the slot. S3 stores nothing for an incomplete PUT.
      const abort = new AbortController();
      body.once('error', (error) => abort.abort(error));
      const contentType = c.req.header('content-type');
      try {
        const { etag } = await settings.store.putObject(fullKey, body, {
          contentLength: declared,
          abortSignal: abort.signal,
          ...(contentType ? { contentType } : {}),
        });
        return c.json({ key: fullKey, etag, size: declared }, 201);
      } finally {
        body.destroy();
      }
    } finally {
      inFlight--;
    }
  };
}
