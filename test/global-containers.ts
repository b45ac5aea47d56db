// Vitest global setup: where a Docker engine is reachable (and REDIS_URL / S3_ENDPOINT are unset), one
// Redis and one MinIO container for the whole run, handed to the test files with `provide`; without
// Docker, nothing (the helpers use the local Redis and an embedded S3 server per test). Each tier
// (vitest project) calls this setup; the containers start once per process and stop after the last
// project's teardown.
import type { TestProject } from 'vitest/node';
import { dockerAvailable } from './helpers/docker.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis:// URL of the run's Redis container, or '' when there is none. */
    containerRedisUrl: string;
    /** http:// endpoint of the run's MinIO container, or '' when there is none. */
    containerS3Endpoint: string;
  }
}

interface Containers {
  redisUrl: string;
  s3Endpoint: string;
  stop(): Promise<void>;
}

/** Tiers that never reach Redis or S3 start nothing. */
const WITHOUT_SERVICES = new Set(['unit', 'eval']);

const state = globalThis as typeof globalThis & {
  newsIngestContainers?: Promise<Containers>;
  newsIngestContainerUsers?: number;
};

async function startContainers(): Promise<Containers> {
  const wantRedis = !process.env.REDIS_URL;
  const wantS3 = !process.env.S3_ENDPOINT;
  if ((!wantRedis && !wantS3) || !(await dockerAvailable()))
    return { redisUrl: '', s3Endpoint: '', stop: async () => {} };
  const { GenericContainer, Wait } = await import('testcontainers');
  const [redis, minio] = await Promise.all([
    wantRedis
      ? new GenericContainer('redis:7-alpine')
          .withExposedPorts(6379)
          .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
          .start()
      : null,
    wantS3
      ? new GenericContainer('minio/minio:latest')
          .withCommand(['server', '/data'])
          .withExposedPorts(9000)
          .withWaitStrategy(Wait.forHttp('/minio/health/live', 9000))
          .start()
      : null,
  ]);
  return {
    redisUrl: redis ? `redis://${redis.getHost()}:${redis.getMappedPort(6379)}` : '',
    s3Endpoint: minio ? `http://${minio.getHost()}:${minio.getMappedPort(9000)}` : '',
    async stop() {
      await Promise.all([redis?.stop(), minio?.stop()]);
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (WITHOUT_SERVICES.has(project.name)) {
    project.provide('containerRedisUrl', '');
    project.provide('containerS3Endpoint', '');
    return async () => {};
  }
  state.newsIngestContainers ??= startContainers();
  state.newsIngestContainerUsers = (state.newsIngestContainerUsers ?? 0) + 1;
  const containers = await state.newsIngestContainers;
  project.provide('containerRedisUrl', containers.redisUrl);
  project.provide('containerS3Endpoint', containers.s3Endpoint);
  return async () => {
    state.newsIngestContainerUsers = (state.newsIngestContainerUsers ?? 1) - 1;
    if (state.newsIngestContainerUsers === 0) {
      delete state.newsIngestContainers;
      await containers.stop();
    }
  };
}
