// Quarantine copies (ObjectStore.copyObject) of keys with characters URL encodings disagree on: the
// embedded server reads x-amz-copy-source with decodeURI, so its front door re-spells the header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3ObjectStore, type ObjectStore } from '../../src/s3/object-store.js';
import { startTestS3, type TestS3 } from '../helpers/s3.js';

describe('copying objects whose keys hold reserved characters', () => {
  let s3: TestS3;
  let store: ObjectStore;
  beforeAll(async () => {
    s3 = await startTestS3('copykeys');
    store = createS3ObjectStore(s3.client, s3.bucket);
  });
  afterAll(async () => {
    await s3?.close();
  });

  it.each([
    'incoming/copy of+lavrov.txt',
    'incoming/a&b=c.txt',
    'incoming/what?.txt',
    'incoming/h#1;x,y:z@w$.txt',
    'incoming/100%.txt',
    'incoming/ü é.txt',
  ])('copies %j', async (key) => {
    await store.putObject(key, `body of ${key}`);
    await store.copyObject(key, `quarantine/${key}`, { 'quarantine-reason': 'test' });
    const copy = await store.getObject({ key: `quarantine/${key}`, maxBytes: 1000 });
    expect(Buffer.from(copy.bytes).toString()).toBe(`body of ${key}`);
  });
});
