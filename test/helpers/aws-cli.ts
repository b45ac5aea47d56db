// The real AWS CLI against a test service, as the README uses it: where the binary is, an environment
// that reads nothing of the machine user's ~/.aws, and `news-ingest` run from source as its own process
// with the service's Redis, queue prefix and bucket.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { EMBEDDED_S3_DEFAULT_KEYS } from '../../src/config/load-config.js';
import type { TestService } from './service.js';

export const runFile = promisify(execFile);

/** The `aws` binary on PATH, or undefined (tests skip and say why; .ci/run installs awscli). */
export const AWS_CLI = (process.env.PATH ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'aws'))
  .find((path) => existsSync(path));

const repoRoot = new URL('../../', import.meta.url).pathname;

/** Credentials of the service's S3 server; HOME and config files point into `dir`. */
export function awsCliEnv(svc: TestService, dir: string): NodeJS.ProcessEnv {
  const keys = svc.config.s3.credentials ?? EMBEDDED_S3_DEFAULT_KEYS;
  return {
    PATH: process.env.PATH,
    HOME: dir, // no ~/.aws of the machine's user
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** `npx news-ingest <args>` from source, as its own process, against the test service. */
export function newsIngestCli(svc: TestService, ...args: string[]) {
  return runFile(
    process.execPath,
    ['--openssl-legacy-provider', '--import', 'tsx', 'src/cli/main.ts', ...args],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        REDIS_URL: svc.redisUrl,
        QUEUE_PREFIX: svc.config.queues.prefix,
        S3_BUCKET: svc.config.s3.bucket,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    },
  );
}
