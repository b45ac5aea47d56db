// Connections a CLI command opens from config, closed by the caller.
import type { S3Client } from '@aws-sdk/client-s3';
import { Queue } from 'bullmq';
import { type Config, loadConfig } from '../config/load-config.js';
import {
  assertRedisReachable,
  createRedisConnection,
  type RedisConnection,
} from '../queue/redis-connection.js';
import { createS3Client } from '../s3/client.js';
import { createS3ObjectStore, type ObjectStore } from '../s3/object-store.js';
import type { CliIo } from './io.js';

export function cliConfig(io: CliIo): Config {
  return loadConfig(io.env);
}

/** Where the CLI finds S3: S3_ENDPOINT, else the embedded server of a local `news-ingest start`. */
export function cliS3Endpoint(config: Config): string {
  return config.s3.endpoint ?? `http://127.0.0.1:${config.s3.embeddedPort}`;
}

/** The store of the raw bucket, or of another bucket (the event archive's) on the same endpoint. */
export function openStore(
  config: Config,
  bucket = config.s3.bucket,
): { store: ObjectStore; client: S3Client; close: () => void } {
  const client = createS3Client({ ...config.s3, endpoint: cliS3Endpoint(config) });
  return { store: createS3ObjectStore(client, bucket), client, close: () => client.destroy() };
}

export interface QueueContext {
  redis: RedisConnection;
  queue(name: string): Queue;
  close(): Promise<void>;
}

export async function openQueues(config: Config): Promise<QueueContext> {
  await assertRedisReachable(config.redis);
  const redis = createRedisConnection(config.redis, 'news-ingest-cli');
  const opened = new Map<string, Queue>();
  return {
    redis,
    queue(name) {
      let q = opened.get(name);
      if (!q) {
        q = new Queue(name, { connection: redis, prefix: config.queues.prefix });
        opened.set(name, q);
      }
      return q;
    },
    async close() {
      await Promise.all([...opened.values()].map((q) => q.close()));
      await redis.quit();
    },
  };
}
