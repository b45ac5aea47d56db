import type { ObjectCreated } from './notification-types.js';
import type { ObjectToIngest } from './object-enqueuer.js';

/** A normalised notification record as ingest job data (absent fields stay absent). */
export function toObjectToIngest(o: ObjectCreated): ObjectToIngest {
  return {
    bucket: o.bucket,
    key: o.key,
    ...(o.versionId ? { versionId: o.versionId } : {}),
    ...(o.etag ? { etag: o.etag } : {}),
    ...(o.size !== undefined ? { size: o.size } : {}),
    ...(o.eventTime ? { eventTime: o.eventTime } : {}),
    ...(o.sequencer ? { sequencer: o.sequencer } : {}),
  };
}
