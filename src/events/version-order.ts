// Pure: the `versionOrder` of an event, a string that sorts (plain string comparison) in the order the
// object versions were written, so a subscriber can converge when events arrive out of order.
// Format: <LastModified as ISO-8601 UTC with ms, 24 chars>/<S3 sequencer, left-padded to 32 hex digits>.

const SEQUENCER_DIGITS = 32;
const UNKNOWN_SEQUENCER = '0'.repeat(SEQUENCER_DIGITS);

/** What the event schema accepts as a versionOrder. */
export const VERSION_ORDER_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\/[0-9A-F]{32}$/;

/**
 * The order of an object version written at `date` (its LastModified, or a deletion's time) with the S3
 * notification's `sequencer` when there is one. Within one millisecond the sequencer decides (S3 compares
 * sequencers of different lengths after left-padding with zeros, which is what the padding does); a
 * version without one sorts before one with a sequencer at the same millisecond.
 *
 * The sequencer comes from notifications (untrusted): anything but 1–32 hex digits counts as unknown
 * rather than throwing. `date` must be a valid date in years 0000–9999 (a RangeError otherwise), since
 * only those have the fixed-width ISO form the ordering relies on.
 */
export function versionOrderFor(date: Date, sequencer?: string | null): string {
  const time = date.getTime();
  const year = Number.isNaN(time) ? Number.NaN : date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) {
    throw new RangeError(`versionOrderFor: ${String(date)} is not a date in years 0000-9999`);
  }
  return `${date.toISOString()}/${paddedSequencer(sequencer)}`;
}

function paddedSequencer(sequencer: string | null | undefined): string {
  if (!sequencer || !/^[0-9a-fA-F]{1,32}$/.test(sequencer)) return UNKNOWN_SEQUENCER;
  return sequencer.toUpperCase().padStart(SEQUENCER_DIGITS, '0');
}

/**
 * Whether an event of order `candidate` should replace what a subscriber holds at order `current` (the
 * applied version's, or a deletion's): only a strictly higher order does. Events published before
 * versionOrder existed have none and predate every event that has one: they apply only over what has
 * no order either (as before), and anything applies when nothing is held.
 */
export function supersedesVersion(
  candidate: string | undefined,
  current: string | null | undefined,
): boolean {
  if (current === null || current === undefined) return true;
  if (candidate === undefined) return false;
  return candidate > current;
}
