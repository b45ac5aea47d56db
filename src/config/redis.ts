// Redis settings: one server, or a Cluster from seed nodes.
import { z } from 'zod';
import { ConfigError, optionalText, splitList } from './fields.js';

export const redisEnv = z.object({
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Comma-separated host:port seeds; when set, Redis is a Cluster and REDIS_URL is ignored. */
  REDIS_CLUSTER_NODES: optionalText,
});

export interface RedisConfig {
  url: string;
  clusterNodes: Array<{ host: string; port: number }> | undefined;
}

export function redisConfig(e: z.infer<typeof redisEnv>): RedisConfig {
  return {
    url: e.REDIS_URL,
    clusterNodes: e.REDIS_CLUSTER_NODES ? parseNodes(e.REDIS_CLUSTER_NODES) : undefined,
  };
}

function parseNodes(text: string): Array<{ host: string; port: number }> {
  return splitList(text).map((hostPort) => {
    const at = hostPort.lastIndexOf(':');
    const port = Number(hostPort.slice(at + 1));
    if (at <= 0 || !Number.isInteger(port))
      throw new ConfigError(`REDIS_CLUSTER_NODES: bad node "${hostPort}"`);
    return { host: hostPort.slice(0, at), port };
  });
}
