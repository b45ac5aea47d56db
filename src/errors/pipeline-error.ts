/** Base of the errors that carry a retry decision. */
export abstract class PipelineError extends Error {
  /** True when retrying cannot help: the job ends at once (quarantine or a recorded outcome). */
  abstract readonly permanent: boolean;
  /** A stable, low-cardinality code for metrics and DLQ triage. */
  abstract readonly reason: string;
}
