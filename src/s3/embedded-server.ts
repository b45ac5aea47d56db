// The embedded S3-protocol server used when no S3_ENDPOINT is configured: s3rver on loopback with its
// data under DATA_DIR, the bucket created, and MinIO's default credentials accepted, so that any S3
// client (aws s3 cp, mc, our CLI) can upload to it. Its S3 event records are in-process only: the
// embedded trigger (trigger/embedded-trigger.ts) reads them through the one notification normaliser.
// We keep s3rver because it is only the zero-config dev/embedded store (production uses real S3 or
// MinIO); it is fenced here: a front door checks every request's bucket and keys before s3rver sees
// it, a fenced store (embedded-store.ts) checks every path it writes, and its errors become logged
// S3 error answers, never an exit.
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type { KeyRejectionReason } from '../keys/object-key.js';
import { type Log, SILENT_LOG } from '../observability/log.js';
import { AwsChunkedDecoder, isAwsChunked } from './aws-chunked.js';
import {
  createEmbeddedObjectReader,
  type EmbeddedPaths,
  type ObjectReader,
} from './embedded-direct-reads.js';
import {
  copySourceForS3rver,
  embeddedRequestRefusal,
  parseCopySource,
  type S3Refusal,
  s3ErrorXml,
} from './embedded-front-door.js';
import { EMBEDDED_STORE_KEY_LIMITS } from './embedded-key-limits.js';
import { createFencedStore } from './embedded-store.js';

const require = createRequire(import.meta.url);

export interface EmbeddedS3Server {
  endpoint: string;
  port: number;
  /** S3 event notification bodies ({Records: [...]}) as s3rver raises them; keys are NOT form-encoded. */
  onNotification(listener: (notification: unknown) => void): void;
  close(): Promise<void>;
  /** Reads objects of `bucket` from the server's files, for a worker in the same process. */
  directReader(bucket: string): ObjectReader;
}

export interface EmbeddedS3Options {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  directory: string;
  buckets: string[];
  credentials?: Array<{ accessKeyId: string; secretAccessKey: string }>;
  log?: Log;
  /** Called for every key refused by the key policy (front door or store fence). */
  onKeyRejected?: (reason: KeyRejectionReason) => void;
}

interface S3rverInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  configureBuckets(): Promise<unknown>;
  on(event: 'event', listener: (event: unknown) => void): void;
  on(event: 'error', listener: (error: Error & { status?: number }, ctx?: { path?: string }) => void): void;
  store: unknown;
  context: { store: unknown };
}

export async function startEmbeddedS3Server(options: EmbeddedS3Options): Promise<EmbeddedS3Server> {
  mkdirSync(options.directory, { recursive: true });
  const S3rver = require('s3rver') as new (opts: Record<string, unknown>) => S3rverInstance;
  const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account.js') as {
    DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
  };
  for (const { accessKeyId, secretAccessKey } of options.credentials ?? [
    { accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin' },
  ]) {
    DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  }
  const log = options.log ?? SILENT_LOG;
  const s3rver = new S3rver({
    silent: true,
    directory: options.directory,
    resetOnClose: false,
    // The Host header must not pick a directory: buckets are named in the path (or *.s3.amazonaws.com).
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const store = createFencedStore({
    directory: options.directory,
    buckets: options.buckets,
    limits: EMBEDDED_STORE_KEY_LIMITS,
    log,
    ...(options.onKeyRejected ? { onKeyRejected: options.onKeyRejected } : {}),
  });
  s3rver.store = store;
  s3rver.context.store = store;
  // Koa reports every failed request here (after answering it with an S3 XML error).
  s3rver.on('error', (error, ctx) => {
    if ((error.status ?? 500) >= 500)
      log.error({ err: error, path: ctx?.path }, 'embedded S3 request failed');
    else log.debug({ err: error, path: ctx?.path }, 'embedded S3 request refused');
  });
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  const policy = { buckets: new Set(options.buckets), limits: EMBEDDED_STORE_KEY_LIMITS };
  const listeners: Array<(notification: unknown) => void> = [];
  s3rver.on('event', (raw) => {
    for (const l of listeners) l(raw);
  });

  const server: Server = createServer((req, res) => {
    try {
      const refusal = embeddedRequestRefusal(req, policy);
      if (refusal) {
        if (refusal.reason) options.onKeyRejected?.(refusal.reason);
        log.warn(
          { method: req.method, code: refusal.code, reason: refusal.reason, message: refusal.message },
          'embedded S3 request refused',
        );
        answerError(res, refusal);
        return;
      }
      const copySource = req.headers['x-amz-copy-source'];
      const parsed = typeof copySource === 'string' ? parseCopySource(copySource) : null;
      if (parsed) req.headers['x-amz-copy-source'] = copySourceForS3rver(parsed);
      handle(req.method === 'PUT' && isAwsChunked(req.headers) ? dechunkedRequest(req) : req, res);
    } catch (error) {
      log.error({ err: error, method: req.method }, 'embedded S3 request failed');
      answerError(res, { status: 500, code: 'InternalError', message: 'internal error' });
    }
  });
  // Keep-alive sockets would hold close() open; S3 clients reconnect on their own.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    onNotification: (listener) => listeners.push(listener),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    directReader: (bucket) => createEmbeddedObjectReader(store as EmbeddedPaths, bucket),
  };
}

function answerError(res: ServerResponse, refusal: S3Refusal): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // The request body is not read: close the connection rather than drain it.
  res.writeHead(refusal.status, { 'content-type': 'application/xml', connection: 'close' });
  res.end(s3ErrorXml(refusal));
}

/** A request whose body is the decoded payload, with headers describing that payload. */
function dechunkedRequest(req: IncomingMessage): IncomingMessage {
  const body = new PassThrough();
  req
    .pipe(new AwsChunkedDecoder())
    .on('error', (e) => body.destroy(e))
    .pipe(body);
  const headers = { ...req.headers };
  const decodedLength = headers['x-amz-decoded-content-length'];
  delete headers['content-length'];
  if (decodedLength) headers['content-length'] = String(decodedLength);
  else headers['transfer-encoding'] = 'chunked';
  headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  const encodings = String(headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked');
  if (encodings.length > 0) headers['content-encoding'] = encodings.join(',');
  else delete headers['content-encoding'];
  return Object.assign(body, {
    headers,
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    socket: req.socket,
    connection: req.socket,
    rawHeaders: req.rawHeaders,
  }) as unknown as IncomingMessage;
}
