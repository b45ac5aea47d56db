import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface RunningHttpServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface ServerTimeouts {
  /** Longest time to receive a whole request, body included (Node's requestTimeout). */
  requestTimeoutMs: number;
  /** Longest time to receive the request headers (Node's headersTimeout). */
  headersTimeoutMs: number;
}

const DEFAULT_TIMEOUTS: ServerTimeouts = { requestTimeoutMs: 300_000, headersTimeoutMs: 10_000 };

export function startHttpServer(
  app: Hono,
  host: string,
  port: number,
  timeouts: ServerTimeouts = DEFAULT_TIMEOUTS,
): Promise<RunningHttpServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        hostname: host,
        port,
        serverOptions: {
          requestTimeout: timeouts.requestTimeoutMs,
          // Node requires headersTimeout <= requestTimeout.
          headersTimeout: Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs),
          // How often Node checks those deadlines (its default, 30 s, would let them overrun by that much).
          connectionsCheckingInterval: 1000,
        },
      },
      (info: AddressInfo) => {
        resolve({
          port: info.port,
          url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
