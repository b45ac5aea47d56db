import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeS3EventKey,
  type NormaliseOptions,
  normaliseNotification,
} from '../../../src/trigger/normalise-notification.js';

const normalise = (payload: unknown, options: Partial<NormaliseOptions> = {}) =>
  normaliseNotification(payload, { trigger: 'webhook', ...options });

/** Go's url.QueryEscape, which MinIO uses: only [A-Za-z0-9-_.~] stay, space becomes '+'. */
function formEncode(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** AWS leaves '/' unencoded in notification keys. */
const awsEncode = (key: string) => key.split('/').map(formEncode).join('/');

const unicodeKey = fc.string({ unit: 'binary', minLength: 1, maxLength: 60 });
/** Keys drawn from the characters that trip up encoders. */
const nastyKey = fc.string({
  unit: fc.constantFrom(' ', '+', '%', '/', '2', 'B', 'F', '&', '=', '?', '#', 'é', '東', '📰', 'a'),
  minLength: 1,
  maxLength: 30,
});

describe('decodeS3EventKey properties', () => {
  it('inverts form encoding for arbitrary unicode keys', () => {
    fc.assert(
      fc.property(fc.oneof(unicodeKey, nastyKey), (key) => {
        expect(decodeS3EventKey(formEncode(key))).toBe(key);
        expect(decodeS3EventKey(awsEncode(key))).toBe(key);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        expect(typeof decodeS3EventKey(raw)).toBe('string');
      }),
    );
  });
});

describe('normaliseNotification properties', () => {
  const kinds = ['objects', 'test', 'probe', 'subscription-confirmation', 'invalid'];

  it('never throws on arbitrary JSON values or JSON text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.json(), fc.string(), fc.anything()), (payload) => {
        expect(kinds).toContain(normalise(payload).kind);
      }),
      { numRuns: 2000 },
    );
  });

  // Shape-aware fuzzing reaches deeper than random JSON: envelopes with random leaves.
  const leaf = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constant(undefined));
  const s3Record = fc.record(
    {
      eventName: fc.oneof(
        fc.constantFrom('ObjectCreated:Put', 's3:ObjectRemoved:Delete', 'ObjectAcl:Put'),
        leaf,
      ),
      eventTime: fc.oneof(
        fc.date({ noInvalidDate: false }).map((d) => String(d)),
        leaf,
      ),
      s3: fc.oneof(
        fc.record({
          bucket: fc.oneof(fc.record({ name: fc.oneof(fc.string(), leaf) }), leaf),
          object: fc.oneof(
            fc.record(
              { key: fc.oneof(fc.string(), leaf), size: leaf, eTag: leaf, versionId: leaf, sequencer: leaf },
              { requiredKeys: [] },
            ),
            leaf,
          ),
        }),
        leaf,
      ),
    },
    { requiredKeys: [] },
  );
  const s3Event = fc.record({ Records: fc.oneof(fc.array(s3Record, { maxLength: 4 }), leaf) });
  const eventBridge = fc.record({
    source: fc.constantFrom('aws.s3', 'aws.ec2'),
    'detail-type': fc.constantFrom('Object Created', 'Object Deleted', 'Other'),
    time: leaf,
    detail: fc.oneof(
      fc.record({
        bucket: fc.oneof(fc.record({ name: leaf }), leaf),
        object: fc.oneof(fc.record({ key: fc.oneof(fc.string(), leaf), size: leaf, etag: leaf }), leaf),
        reason: leaf,
      }),
      leaf,
    ),
  });
  const sns = (inner: fc.Arbitrary<unknown>) =>
    fc.record({
      Type: fc.constantFrom('Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation', 'X'),
      TopicArn: fc.string(),
      Message: fc.oneof(
        inner.map((m) => JSON.stringify(m) ?? ''),
        fc.string(),
        leaf,
      ),
      SubscribeURL: fc.oneof(fc.webUrl(), fc.string(), leaf),
    });

  it('never throws on structurally plausible envelopes', () => {
    fc.assert(
      fc.property(fc.oneof(s3Event, eventBridge, sns(s3Event), sns(eventBridge)), (payload) => {
        const result = normalise(payload);
        expect(kinds).toContain(result.kind);
        if (result.kind === 'objects') {
          for (const o of result.objects) {
            expect(o.bucket.length).toBeGreaterThan(0);
            expect(o.key.length).toBeGreaterThan(0);
            for (const v of Object.values(o)) expect(v).not.toBeUndefined();
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
