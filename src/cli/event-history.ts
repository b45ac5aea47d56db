// Where commands read published events from: the event archive in object storage, then the events
// still waiting in Redis to be archived.
import { readEventHistory } from '../archive/archive-reader.js';
import { createArchiveIntake } from '../archive/start-archive.js';
import type { Config } from '../config/load-config.js';
import type { RedisConnection } from '../queue/redis-connection.js';
import { openStore } from './context.js';

export interface EventHistory {
  name: string;
  read(range: { since?: Date; until?: Date }): AsyncIterable<unknown>;
  close(): void;
}

export function openEventHistory(config: Config, redis: RedisConnection): EventHistory {
  const { store, close } = openStore(config, config.archive.bucket);
  const intake = createArchiveIntake(redis, config.queues.prefix);
  return {
    name: `the event archive (s3://${config.archive.bucket}/${config.archive.prefix}) and the events waiting for it`,
    read: (range) => readEventHistory({ store, prefix: config.archive.prefix, intake }, range),
    close,
  };
}
