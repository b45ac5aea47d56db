import { PipelineError } from './pipeline-error.js';

/**
 * Retrying cannot help: the input itself is wrong (empty, binary, too large, no article, schema
 * violation) or the object is gone/superseded.
 */
export class PermanentError extends PipelineError {
  override name = 'PermanentError';
  readonly permanent = true;
  constructor(
    readonly reason: PermanentReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type PermanentReason =
  | 'empty'
  | 'binary'
  | 'too-large'
  | 'no-body'
  | 'too-short'
  | 'too-many-articles'
  | 'malformed-container'
  /** gzip, Brotli or zip data that does not decompress (truncated, damaged, mislabelled). */
  | 'corrupt-compression'
  | 'parse-timeout'
  /** The parse thread's heap passed PARSE_THREAD_MEMORY_MB. */
  | 'parse-out-of-memory'
  | 'schema-violation'
  | 'gone'
  | 'superseded'
  | 's3-refused';

/** Reasons that mean the object is bad input: it is copied to quarantine. The others are just recorded. */
export const QUARANTINE_REASONS: ReadonlySet<string> = new Set([
  'empty',
  'binary',
  'too-large',
  'no-body',
  'too-short',
  'too-many-articles',
  'malformed-container',
  'corrupt-compression',
  'parse-timeout',
  'parse-out-of-memory',
  'schema-violation',
]);
