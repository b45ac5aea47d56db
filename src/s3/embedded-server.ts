// The embedded S3-protocol server used when no S3_ENDPOINT is configured: s3rver on loopback with its
// data under DATA_DIR, the bucket created, and MinIO's default credentials accepted, so that any S3
// client (aws s3 cp, mc, our CLI) can upload to it. Its object-created events are in-process only.
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { AwsChunkedDecoder, isAwsChunked } from './aws-chunked.js';

const require = createRequire(import.meta.url);

/** The object-created notification s3rver raises (keys are NOT url-encoded here). */
export interface EmbeddedObjectEvent {
  eventName: string;
  bucket: string;
  key: string;
  etag: string | undefined;
  size: number | undefined;
  eventTime: string;
  sequencer: string | undefined;
}

export interface EmbeddedS3Server {
  endpoint: string;
  port: number;
  onObjectEvent(listener: (event: EmbeddedObjectEvent) => void): void;
  close(): Promise<void>;
}

export interface EmbeddedS3Options {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  directory: string;
  buckets: string[];
  credentials?: Array<{ accessKeyId: string; secretAccessKey: string }>;
}

interface S3rverInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  configureBuckets(): Promise<unknown>;
  on(event: 'event', listener: (event: unknown) => void): void;
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
  const s3rver = new S3rver({
    silent: true,
    directory: options.directory,
    resetOnClose: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  const listeners: Array<(event: EmbeddedObjectEvent) => void> = [];
  s3rver.on('event', (raw) => {
    for (const event of toObjectEvents(raw)) for (const l of listeners) l(event);
  });

  const server: Server = createServer((req, res) => {
    if (req.method === 'PUT' && isAwsChunked(req.headers)) {
      handle(dechunkedRequest(req), res);
      return;
    }
    handle(req, res);
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
    onObjectEvent: (listener) => listeners.push(listener),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
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

function toObjectEvents(raw: unknown): EmbeddedObjectEvent[] {
  const records = (raw as { Records?: unknown[] } | null)?.Records ?? [];
  const events: EmbeddedObjectEvent[] = [];
  for (const record of records) {
    const r = record as {
      eventName?: string;
      eventTime?: string;
      s3?: {
        bucket?: { name?: string };
        object?: { key?: string; eTag?: string; size?: number; sequencer?: string };
      };
    };
    const bucket = r.s3?.bucket?.name;
    const key = r.s3?.object?.key;
    if (!bucket || !key || !r.eventName) continue;
    events.push({
      eventName: r.eventName,
      bucket,
      key,
      etag: r.s3?.object?.eTag,
      size: r.s3?.object?.size,
      eventTime: r.eventTime ?? new Date().toISOString(),
      sequencer: r.s3?.object?.sequencer,
    });
  }
  return events;
}
