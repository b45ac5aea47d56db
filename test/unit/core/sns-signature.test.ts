// SNS signature verification: real-shaped envelopes signed by a self-made certificate.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/load-config.js';
import { confirmSnsSubscription, fetchSigningCertificate } from '../../../src/http/sns-fetch.js';
import {
  createSnsVerifier,
  snsCertUrlProblem,
  snsSubscribeUrlProblem,
} from '../../../src/http/sns-signature.js';
import { createTestSns } from '../../helpers/sns.js';

const sns = createTestSns('eu-west-1');
const s3Event = {
  Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key: 'k' } } }],
};
const verifier = (topicArns: string[] = [], now?: () => number) =>
  createSnsVerifier({ fetchCertificate: sns.fetchCertificate, topicArns, ...(now ? { now } : {}) });

describe('SNS signature verification', () => {
  it.each(['1', '2'] as const)('accepts a notification signed with SignatureVersion %s', async (version) => {
    const verdict = await verifier().verify(sns.notification(s3Event, { version }));
    expect(verdict).toMatchObject({ ok: true, type: 'Notification', topicArn: sns.topicArn });
  });

  it('accepts a signed SubscriptionConfirmation and returns its SubscribeURL', async () => {
    const envelope = sns.subscriptionConfirmation({ version: '2' });
    const verdict = await verifier().verify(envelope);
    expect(verdict).toMatchObject({
      ok: true,
      type: 'SubscriptionConfirmation',
      subscribeUrl: envelope.SubscribeURL,
    });
  });

  it('accepts a notification without a Subject (not part of the signed text then)', async () => {
    const {
      Signature: _s,
      SignatureVersion: _v,
      SigningCertURL: _u,
      Subject: _subject,
      ...rest
    } = sns.notification(s3Event);
    expect((await verifier().verify(sns.sign(rest))).ok).toBe(true);
  });

  it('rejects a tampered message, subject, topic or type with 403', async () => {
    const good = sns.notification(s3Event);
    for (const change of [
      { Message: good.Message!.replace('"k"', '"other"') },
      { Subject: 'changed' },
      { TopicArn: 'arn:aws:sns:eu-west-1:999999999999:evil' },
      { Timestamp: new Date(0).toISOString() },
    ]) {
      const verdict = await verifier().verify({ ...good, ...change });
      expect(verdict).toEqual({
        ok: false,
        status: 403,
        reason: 'sns-bad-signature',
        error: 'SNS signature does not match the message',
      });
    }
  });

  it('rejects a signature made by another key (403), and a version/hash mismatch', async () => {
    const other = createTestSns('eu-west-1');
    const forged = { ...other.notification(s3Event), SigningCertURL: sns.certUrl };
    expect(await verifier().verify(forged)).toMatchObject({ ok: false, status: 403 });
    const wrongVersion = { ...sns.notification(s3Event, { version: '1' }), SignatureVersion: '2' };
    expect(await verifier().verify(wrongVersion)).toMatchObject({ ok: false, status: 403 });
    const unknownVersion = { ...sns.notification(s3Event), SignatureVersion: '3' };
    expect(await verifier().verify(unknownVersion)).toMatchObject({
      ok: false,
      status: 403,
      error: expect.stringMatching(/SignatureVersion 3/),
    });
  });

  it('rejects unsigned envelopes with 401 and a clear message', async () => {
    const { Signature: _s, ...unsigned } = sns.notification(s3Event);
    expect(await verifier().verify(unsigned)).toEqual({
      ok: false,
      status: 401,
      reason: 'sns-unsigned',
      error: 'SNS message is not signed (no Signature)',
    });
    const { SigningCertURL: _u, ...noCert } = sns.notification(s3Event);
    expect(await verifier().verify(noCert)).toMatchObject({
      ok: false,
      status: 401,
      error: /SigningCertURL/,
    });
    expect(await verifier().verify('text')).toMatchObject({ ok: false, status: 401 });
    expect(await verifier().verify(null)).toMatchObject({ ok: false, status: 401 });
  });

  it('never fetches a certificate from a URL outside sns.<region>.amazonaws.com', async () => {
    const before = sns.fetchCertificate.calls.length;
    for (const url of [
      'http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
      'https://sns.eu-west-1.amazonaws.com.evil.example/SimpleNotificationService-abc.pem',
      'https://evil.example/sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
      'https://sns.eu-west-1.amazonaws.com:8443/SimpleNotificationService-abc.pem',
      'https://user@sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
      'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem?x=1',
      'https://sns.eu-west-1.amazonaws.com/other/SimpleNotificationService-abc.pem',
      'https://s3.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
      'https://snsXeu-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
    ]) {
      const envelope = { ...sns.notification(s3Event), SigningCertURL: url };
      expect(await verifier().verify(envelope), url).toMatchObject({ ok: false, status: 403 });
      expect(snsCertUrlProblem(url), url).not.toBeNull();
    }
    expect(sns.fetchCertificate.calls.length).toBe(before);
    expect(
      snsCertUrlProblem('https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-0f.pem'),
    ).toBeNull();
    expect(
      snsCertUrlProblem('https://sns.us-gov-west-1.amazonaws.com/SimpleNotificationService-0f.pem'),
    ).toBeNull();
  });

  it('fetches each certificate once, and keeps a bounded cache', async () => {
    const calls: string[] = [];
    const v = createSnsVerifier({
      fetchCertificate: async (url) => {
        calls.push(url);
        return sns.certificatePem;
      },
      topicArns: [],
      maxCachedCertificates: 2,
    });
    await Promise.all([1, 2, 3].map(() => v.verify(sns.notification(s3Event))));
    expect((await v.verify(sns.notification(s3Event))).ok).toBe(true);
    expect(calls).toEqual([sns.certUrl]);
    // Three other certificate URLs push the first one out of a cache of two.
    for (const id of ['a1', 'b2', 'c3']) {
      await v.verify({
        ...sns.notification(s3Event),
        SigningCertURL: `https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-${id}.pem`,
      });
    }
    await v.verify(sns.notification(s3Event));
    expect(calls.filter((url) => url === sns.certUrl)).toHaveLength(2);
  });

  it('answers 503 when the certificate cannot be fetched (SNS delivers again)', async () => {
    const v = createSnsVerifier({
      fetchCertificate: async () => {
        throw new Error('network down');
      },
      topicArns: [],
    });
    expect(await v.verify(sns.notification(s3Event))).toMatchObject({
      ok: false,
      status: 503,
      error: /network down/,
    });
  });

  it('rejects an expired certificate', async () => {
    const inAWeek = () => Date.now() + 7 * 24 * 3600 * 1000;
    expect(await verifier([], inAWeek).verify(sns.notification(s3Event))).toMatchObject({
      ok: false,
      status: 403,
      error: /not valid now/,
    });
  });

  it('accepts only the topics in SNS_TOPIC_ARNS when set', async () => {
    const v = verifier([sns.topicArn]);
    expect((await v.verify(sns.notification(s3Event))).ok).toBe(true);
    const other = sns.notification(s3Event, { topicArn: 'arn:aws:sns:eu-west-1:999999999999:theirs' });
    expect(await v.verify(other)).toMatchObject({ ok: false, status: 403, error: /not in SNS_TOPIC_ARNS/ });
  });
});

describe('SubscribeURL and the real fetchers', () => {
  const topic = 'arn:aws:sns:eu-west-1:123456789012:news-raw-events';
  const good = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topic}&Token=abc`;

  it('accepts only a ConfirmSubscription URL at SNS for the same topic', () => {
    expect(snsSubscribeUrlProblem(good, topic)).toBeNull();
    expect(snsSubscribeUrlProblem(good.replace('https:', 'http:'), topic)).toMatch(/https/);
    expect(
      snsSubscribeUrlProblem(good.replace('sns.eu-west-1.amazonaws.com', 'evil.example'), topic),
    ).toMatch(/host/);
    expect(snsSubscribeUrlProblem(good.replace('ConfirmSubscription', 'Unsubscribe'), topic)).toMatch(
      /Action/,
    );
    expect(snsSubscribeUrlProblem(good, `${topic}-other`)).toMatch(/another topic/);
    expect(snsSubscribeUrlProblem(good.replace('&Token=abc', ''), topic)).toMatch(/Token/);
    expect(snsSubscribeUrlProblem(good.replace('/?', '/x?'), topic)).toMatch(/path/);
  });

  it('the real fetchers refuse URLs outside SNS before any network use', async () => {
    await expect(
      fetchSigningCertificate('https://127.0.0.1/SimpleNotificationService-a.pem'),
    ).rejects.toThrow(/host/);
    await expect(fetchSigningCertificate('file:///etc/passwd')).rejects.toThrow(/https/);
    await expect(
      confirmSnsSubscription('http://127.0.0.1:1/?Action=ConfirmSubscription', topic),
    ).rejects.toThrow(/https/);
  });
});

describe('SNS configuration', () => {
  it('is safe by default: no auto-confirm, any topic (signature still required)', () => {
    expect(loadConfig({}).sns).toEqual({ autoConfirm: false, topicArns: [] });
  });

  it('refuses SNS_AUTO_CONFIRM without a topic allow-list', () => {
    expect(() => loadConfig({ SNS_AUTO_CONFIRM: 'true' })).toThrow(
      /SNS_AUTO_CONFIRM=true needs SNS_TOPIC_ARNS/,
    );
    expect(loadConfig({ SNS_AUTO_CONFIRM: 'true', SNS_TOPIC_ARNS: 'arn:a, arn:b' }).sns).toEqual({
      autoConfirm: true,
      topicArns: ['arn:a', 'arn:b'],
    });
    expect(() => loadConfig({ SNS_AUTO_CONFIRM: 'yes' })).toThrow(ConfigError);
  });
});
