// S3 settings: an external endpoint (static keys or the SDK's credential chain) or the embedded server,
// and the two key prefixes the service owns in the bucket.
import { z } from 'zod';
import { prefixesOverlap } from '../keys/object-key.js';
import { asFolder, ConfigError, flag, optionalText, port } from './fields.js';

export const s3Env = z.object({
  S3_ENDPOINT: optionalText,
  S3_REGION: z.string().default('us-east-1'),
  /** Unset with S3_ENDPOINT set: the SDK's default credential chain (IRSA, Pod Identity, instance role). */
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  S3_BUCKET: z.string().min(3).default('news-raw'),
  S3_FORCE_PATH_STYLE: flag('true'),
  /** Port of the embedded S3 server (only when S3_ENDPOINT is unset). */
  S3_PORT: port(9000),
  DATA_DIR: z.string().default('./data'),

  RAW_PREFIX: z.string().min(1).default('incoming/'),
  QUARANTINE_PREFIX: z.string().min(1).default('quarantine/'),
});
type S3Env = z.infer<typeof s3Env>;

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface S3Config {
  endpoint: string | undefined;
  region: string;
  /** Static keys; undefined means the SDK's default credential chain (only with an S3_ENDPOINT). */
  credentials: S3Credentials | undefined;
  bucket: string;
  forcePathStyle: boolean;
  embeddedPort: number;
  dataDir: string;
}

/** MinIO's well-known root keys: what the embedded server accepts unless other keys are set. */
export const EMBEDDED_S3_DEFAULT_KEYS: S3Credentials = {
  accessKeyId: 'minioadmin',
  secretAccessKey: 'minioadmin',
};

export function s3Config(e: S3Env): S3Config {
  return {
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    credentials: s3Credentials(e.S3_ENDPOINT, e.S3_ACCESS_KEY_ID, e.S3_SECRET_ACCESS_KEY),
    bucket: e.S3_BUCKET,
    forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
    embeddedPort: e.S3_PORT,
    dataDir: e.DATA_DIR,
  };
}

/** Both prefixes end in "/" and neither contains the other (a quarantined copy must not be re-ingested). */
export function objectPrefixes(e: S3Env): { rawPrefix: string; quarantinePrefix: string } {
  const rawPrefix = asFolder(e.RAW_PREFIX);
  const quarantinePrefix = asFolder(e.QUARANTINE_PREFIX);
  if (prefixesOverlap(rawPrefix, quarantinePrefix)) {
    throw new ConfigError('invalid configuration: RAW_PREFIX and QUARANTINE_PREFIX must not overlap');
  }
  return { rawPrefix, quarantinePrefix };
}

/**
 * Static keys when both are set; MinIO's defaults for the embedded server (no S3_ENDPOINT); otherwise
 * undefined, so a real endpoint uses the SDK's default chain (IRSA, Pod Identity, instance role, AWS_*).
 */
function s3Credentials(
  endpoint: string | undefined,
  accessKeyId: string | undefined,
  secretAccessKey: string | undefined,
): S3Credentials | undefined {
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new ConfigError(
      'invalid configuration: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (IAM role)',
    );
  }
  if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey };
  return endpoint ? undefined : EMBEDDED_S3_DEFAULT_KEYS;
}

export function s3KeyWarnings(e: S3Env): string[] {
  const defaults = EMBEDDED_S3_DEFAULT_KEYS;
  const endpoint = e.S3_ENDPOINT;
  if (
    !endpoint ||
    (e.S3_ACCESS_KEY_ID !== defaults.accessKeyId && e.S3_SECRET_ACCESS_KEY !== defaults.secretAccessKey)
  ) {
    return [];
  }
  return [
    `S3_ENDPOINT is ${endpoint} but S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY are MinIO's public default keys ` +
      '(minioadmin): anyone who can reach that server can use them. Set real keys, or unset both to use ' +
      'the IAM role (the SDK default credential chain).',
  ];
}
