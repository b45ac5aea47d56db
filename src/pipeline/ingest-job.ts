import { z } from 'zod';

/** The data of one ingest job: one version of one object, as a trigger saw it. */
export const ingestJobDataSchema = z.object({
  bucket: z.string().min(1),
  /** Decoded key. */
  key: z.string().min(1),
  versionId: z.string().min(1).optional(),
  etag: z.string().min(1).optional(),
  size: z.number().int().nonnegative().optional(),
  eventTime: z.string().optional(),
  /** S3's per-key ordering token (hex), when the trigger has one. */
  sequencer: z.string().optional(),
  trigger: z.string().min(1),
});

export type IngestJobData = z.infer<typeof ingestJobDataSchema>;
