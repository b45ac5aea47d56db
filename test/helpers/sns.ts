// A stand-in for Amazon SNS in tests: a fresh RSA key and self-signed certificate (made by the openssl
// CLI, since node:crypto cannot issue certificates) sign real-shaped SNS envelopes; `fetchCertificate`
// serves that certificate for its SNS-shaped URL, as https://sns.<region>.amazonaws.com would.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomBytes, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snsStringToSign } from '../../src/http/sns-signature.js';

export interface TestSns {
  region: string;
  topicArn: string;
  certUrl: string;
  certificatePem: string;
  /** Counts calls, so tests can see the certificate is fetched once. */
  fetchCertificate: ((url: string) => Promise<string>) & { calls: string[] };
  notification(message: unknown, options?: SignOptions): Record<string, string>;
  subscriptionConfirmation(options?: SignOptions): Record<string, string>;
  sign(envelope: Record<string, string>, options?: SignOptions): Record<string, string>;
}

interface SignOptions {
  version?: '1' | '2';
  topicArn?: string;
}

export function createTestSns(region = 'eu-west-1'): TestSns {
  const dir = mkdtempSync(join(tmpdir(), 'test-sns-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=sns.amazonaws.com',
        '-days',
        '2',
      ],
      { stdio: 'pipe' },
    );
    const key = createPrivateKey(readFileSync(join(dir, 'key.pem')));
    const certificatePem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const certUrl = `https://sns.${region}.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`;
    const topicArn = `arn:aws:sns:${region}:123456789012:news-raw-events`;
    const calls: string[] = [];
    const fetchCertificate = Object.assign(
      async (url: string) => {
        calls.push(url);
        if (url !== certUrl) throw new Error(`404 for ${url}`);
        return certificatePem;
      },
      { calls },
    );
    const signEnvelope = (envelope: Record<string, string>, options: SignOptions = {}) => {
      const version = options.version ?? '1';
      const unsigned = { ...envelope, SignatureVersion: version, SigningCertURL: certUrl, Signature: 'x' };
      const text = snsStringToSign(unsigned as Parameters<typeof snsStringToSign>[0]);
      const signature = sign(version === '1' ? 'sha1' : 'sha256', Buffer.from(text, 'utf8'), key);
      return { ...unsigned, Signature: signature.toString('base64') };
    };
    return {
      region,
      topicArn,
      certUrl,
      certificatePem,
      fetchCertificate,
      sign: signEnvelope,
      notification(message, options = {}) {
        const topic = options.topicArn ?? topicArn;
        return signEnvelope(
          {
            Type: 'Notification',
            MessageId: randomUUID(),
            TopicArn: topic,
            Subject: 'Amazon S3 Notification',
            Message: typeof message === 'string' ? message : JSON.stringify(message),
            Timestamp: new Date().toISOString(),
            UnsubscribeURL: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topic}:${randomUUID()}`,
          },
          options,
        );
      },
      subscriptionConfirmation(options = {}) {
        const topic = options.topicArn ?? topicArn;
        const token = randomBytes(64).toString('hex');
        return signEnvelope(
          {
            Type: 'SubscriptionConfirmation',
            MessageId: randomUUID(),
            Token: token,
            TopicArn: topic,
            Message: `You have chosen to subscribe to the topic ${topic}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
            SubscribeURL: `https://sns.${region}.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topic}&Token=${token}`,
            Timestamp: new Date().toISOString(),
          },
          options,
        );
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
