import { describe, expect, it } from 'vitest';
import {
  classifyS3EventName,
  DEFAULT_MAX_RECORDS,
  decodeS3EventKey,
  type NormaliseOptions,
  normaliseNotification,
} from '../../../src/trigger/normalise-notification.js';

const normalise = (payload: unknown, options: Partial<NormaliseOptions> = {}) =>
  normaliseNotification(payload, { trigger: 'webhook', ...options });

const record = (eventName: string, object: Record<string, unknown>, bucket: unknown = { name: 'b' }) => ({
  eventName,
  eventTime: '2026-11-29T20:21:48.512Z',
  s3: { bucket, object },
});

describe('decodeS3EventKey', () => {
  it.each([
    ['a+b', 'a b'],
    ['a%2Bb', 'a+b'],
    ['dir%2Fsub%2Ffile.txt', 'dir/sub/file.txt'],
    ['dir/sub/file.txt', 'dir/sub/file.txt'],
    ['100%25+sure', '100% sure'],
    ['Z%C3%BCrich', 'Zürich'],
    ['%F0%9F%93%B0news', '📰news'],
  ])('%s → %s', (raw, decoded) => {
    expect(decodeS3EventKey(raw)).toBe(decoded);
  });

  it.each([
    ['100%', '100%'],
    ['%zz', '%zz'],
    ['a%E2%28b', 'a%E2%28b'], // not valid UTF-8
    ['%C3', '%C3'], // truncated sequence
    ['ok%20then%FF', 'ok then%FF'],
  ])('keeps malformed percent sequences raw: %s', (raw, decoded) => {
    expect(decodeS3EventKey(raw)).toBe(decoded);
  });
});

describe('classifyS3EventName', () => {
  it.each([
    ['ObjectCreated:Put', 'object'],
    ['s3:ObjectCreated:Put', 'object'],
    ['ObjectCreated:Post', 'object'],
    ['ObjectCreated:Copy', 'object'],
    ['ObjectCreated:CompleteMultipartUpload', 'object'],
    ['s3:ObjectCreated:PutTagging', 'tagging'],
    ['s3:ObjectCreated:DeleteTagging', 'tagging'],
    ['s3:ObjectCreated:PutRetention', 'retention'],
    ['s3:ObjectCreated:PutLegalHold', 'retention'],
    ['ObjectRemoved:Delete', 'delete'],
    ['ObjectRemoved:DeleteMarkerCreated', 'delete'],
    ['s3:ObjectRemoved:NoOP', 'delete'],
    ['ObjectTagging:Put', 'tagging'],
    ['ObjectTagging:Delete', 'tagging'],
    ['ObjectAcl:Put', 'acl'],
    ['ObjectRestore:Post', 'restore'],
    ['ObjectRestore:Completed', 'restore'],
    ['ObjectRestore:Delete', 'restore'],
    ['Replication:OperationFailedReplication', 'replication'],
    ['s3:Replication:OperationCompletedReplication', 'replication'],
    ['LifecycleExpiration:Delete', 'lifecycle'],
    ['LifecycleExpiration:DeleteMarkerCreated', 'lifecycle'],
    ['LifecycleTransition', 'lifecycle'],
    ['IntelligentTiering', 'lifecycle'],
    ['s3:ObjectTransition:Complete', 'lifecycle'],
    ['s3:LifecycleDelMarkerExpiration:Delete', 'lifecycle'],
    ['s3:ObjectAccessed:Get', 'other'],
    ['s3:Scanner:ManyVersions', 'other'],
    ['ReducedRedundancyLostObject', 'other'],
    ['', 'other'],
  ])('%s → %s', (name, kind) => {
    expect(classifyS3EventName(name)).toBe(kind);
  });
});

describe('normaliseNotification', () => {
  it('treats an absent or blank body as a probe', () => {
    expect(normalise(undefined)).toEqual({ kind: 'probe' });
    expect(normalise('')).toEqual({ kind: 'probe' });
    expect(normalise(' \r\n')).toEqual({ kind: 'probe' });
    expect(normalise(new Uint8Array())).toEqual({ kind: 'probe' });
  });

  it.each([
    [null, 'expected a JSON object, got null'],
    [42, 'expected a JSON object, got number'],
    [[1, 2], 'expected a JSON object, got an array'],
    ['null', 'expected a JSON object, got null'],
    ['"{}"', 'body is a JSON string, expected a JSON object'],
    [{ Records: [] }, 'Records: Too small: expected array to have >=1 items'],
    [{ Records: 'x' }, 'Records: Invalid input: expected array, received string'],
  ])('rejects %j', (payload, message) => {
    expect(normalise(payload)).toEqual({ kind: 'invalid', message });
  });

  it('refuses a notification with more records than the limit before reading any of them', () => {
    const records = (n: number) =>
      Array.from({ length: n }, (_, i) => record('ObjectCreated:Put', { key: `k${i}` }));
    expect(normalise({ Records: records(DEFAULT_MAX_RECORDS + 1) })).toEqual({
      kind: 'too-many-records',
      records: DEFAULT_MAX_RECORDS + 1,
      limit: DEFAULT_MAX_RECORDS,
    });
    expect(normalise({ Records: records(DEFAULT_MAX_RECORDS) }).kind).toBe('objects');
    // The limit holds inside an SNS envelope too, and is configurable.
    const sns = { Type: 'Notification', TopicArn: 't', Message: JSON.stringify({ Records: records(3) }) };
    expect(normalise(sns, { maxRecords: 2 })).toMatchObject({
      kind: 'too-many-records',
      records: 3,
    });
    expect(normalise(sns, { maxRecords: 3 }).kind).toBe('objects');
  });

  it('rejects a record with an empty key or bucket', () => {
    expect(normalise({ Records: [record('ObjectCreated:Put', { key: '' })] }).kind).toBe('invalid');
    expect(normalise({ Records: [record('ObjectCreated:Put', { key: 'k' }, { name: '' })] }).kind).toBe(
      'invalid',
    );
  });

  it('drops wrongly typed optional metadata instead of rejecting the record', () => {
    const result = normalise({
      Records: [
        record('ObjectCreated:Put', { key: 'k', size: '12', eTag: 7, versionId: 'null', sequencer: '' }),
      ],
    });
    expect(result).toStrictEqual({
      kind: 'objects',
      objects: [{ bucket: 'b', key: 'k', eventTime: '2026-11-29T20:21:48.512Z', trigger: 'webhook' }],
      removed: [],
      ignored: [],
    });
  });

  it('strips quotes from ETags and normalises times to ISO', () => {
    const result = normalise({
      Records: [
        { ...record('ObjectCreated:Put', { key: 'k', eTag: '"abc"' }), eventTime: '2019-05-18T07:34:32Z' },
      ],
    });
    expect(result).toMatchObject({ objects: [{ etag: 'abc', eventTime: '2019-05-18T07:34:32.000Z' }] });
  });

  it('omits an unparseable or empty eventTime (MinIO sends "")', () => {
    const result = normalise({
      Records: [{ ...record('ObjectCreated:Put', { key: 'k' }), eventTime: '' }],
    });
    expect(result).toStrictEqual({
      kind: 'objects',
      objects: [{ bucket: 'b', key: 'k', trigger: 'webhook' }],
      removed: [],
      ignored: [],
    });
  });

  it('unwraps SNS envelopes (raw-delivery off) and rejects runaway nesting', () => {
    const s3 = { Records: [record('ObjectCreated:Put', { key: 'a+b' })] };
    const wrap = (m: unknown) => ({
      Type: 'Notification',
      TopicArn: 'arn:aws:sns:x:1:t',
      Message: JSON.stringify(m),
    });
    expect(normalise(wrap(wrap(s3)))).toMatchObject({
      kind: 'objects',
      objects: [{ key: 'a b' }],
    });
    expect(normalise(wrap(wrap(wrap(wrap(wrap(s3))))))).toEqual({
      kind: 'invalid',
      message: 'notification envelopes are nested too deeply',
    });
  });

  it('handles other SNS message types', () => {
    expect(normalise({ Type: 'UnsubscribeConfirmation', TopicArn: 't', Message: 'bye' })).toEqual({
      kind: 'objects',
      objects: [],
      removed: [],
      ignored: [{ kind: 'other', eventName: 'UnsubscribeConfirmation' }],
    });
    expect(normalise({ Type: 'SubscriptionConfirmation', TopicArn: 't', SubscribeURL: 'ftp://x' })).toEqual({
      kind: 'invalid',
      message: 'SNS SubscriptionConfirmation has no valid SubscribeURL',
    });
    expect(normalise({ Type: 'Surprise', TopicArn: 't' })).toEqual({
      kind: 'invalid',
      message: 'unknown SNS message Type "Surprise"',
    });
  });

  it('ignores non-S3 EventBridge events and classifies other S3 detail types', () => {
    const eb = (source: string, detailType: string) => ({ source, 'detail-type': detailType, detail: {} });
    expect(normalise(eb('aws.ec2', 'EC2 Instance State-change Notification'))).toMatchObject({
      ignored: [{ kind: 'other' }],
    });
    expect(normalise(eb('aws.s3', 'Object Tags Added'))).toMatchObject({
      ignored: [{ kind: 'tagging' }],
    });
    expect(normalise(eb('aws.s3', 'Object ACL Updated'))).toMatchObject({
      ignored: [{ kind: 'acl' }],
    });
    expect(normalise(eb('aws.s3', 'Object Restore Completed'))).toMatchObject({
      ignored: [{ kind: 'restore' }],
    });
    expect(normalise(eb('aws.s3', 'Object Storage Class Changed'))).toMatchObject({
      ignored: [{ kind: 'lifecycle' }],
    });
    expect(normalise(eb('aws.s3', 'Object Created'))).toMatchObject({ kind: 'invalid' });
  });

  it('does not decode EventBridge keys', () => {
    const result = normalise({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      detail: { bucket: { name: 'b' }, object: { key: 'a+b%2B c' } },
    });
    expect(result).toMatchObject({ objects: [{ key: 'a+b%2B c', trigger: 'webhook' }] });
  });
});
