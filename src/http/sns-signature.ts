// Authenticates Amazon SNS HTTP deliveries by their signature (SNS cannot send a bearer token):
// the signing certificate must come from an `sns.<region>.amazonaws.com` HTTPS URL, is fetched once
// through a small port and cached (bounded), and the RSA signature (SignatureVersion 1 = SHA1,
// 2 = SHA256) must match the canonical string SNS signs. Kept in-house rather than `sns-validator`
// (unmaintained, fetches with its own https.get) or `sns-payload-validator` (no injectable fetch, so
// no test could serve it a certificate): the check is ~100 lines over node:crypto.
import { verify as verifySignature, X509Certificate } from 'node:crypto';
import { z } from 'zod';

/** Fetches a signing certificate (PEM text). Only ever called with a URL snsCertUrlProblem accepted. */
export type SigningCertFetcher = (url: string) => Promise<string>;

export type SnsVerdict =
  | { ok: true; type: SnsMessageType; topicArn: string; subscribeUrl?: string }
  | { ok: false; status: 401 | 403 | 503; reason: SnsRefusal; error: string };

/** Why a delivery was refused: a small fixed set, so it can label a metric. */
export type SnsRefusal =
  | 'sns-unsigned'
  | 'sns-signature-version'
  | 'sns-topic'
  | 'sns-cert-url'
  | 'sns-cert-unavailable'
  | 'sns-cert-expired'
  | 'sns-bad-signature';

export type SnsMessageType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

export interface SnsVerifierOptions {
  fetchCertificate: SigningCertFetcher;
  /** Topics whose messages are accepted; empty accepts any topic (the signature still must match). */
  topicArns: readonly string[];
  /** Certificates kept at most; the oldest is dropped first. */
  maxCachedCertificates?: number;
  now?: () => number;
}

/** `sns.<region>.amazonaws.com` (or `.amazonaws.com.cn`): the only hosts SNS signs from. */
const SNS_HOST = /^sns\.[a-z]{2}(?:-[a-z]+)+-\d{1,2}\.amazonaws\.com(?:\.cn)?$/;
const CERT_PATH = /^\/SimpleNotificationService-[A-Za-z0-9]{1,64}\.pem$/;
const CERT_TTL_MS = 24 * 60 * 60 * 1000;
/** A failed fetch is remembered briefly so a flood of bad deliveries does not become a flood of fetches. */
const FAILED_FETCH_TTL_MS = 60 * 1000;

/** Why a URL cannot be a host at SNS (null when it can): https, no port, no credentials. */
function snsUrlProblem(url: string, what: string): { parsed: URL } | { problem: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: `${what} is not a URL` };
  }
  if (parsed.protocol !== 'https:') return { problem: `${what} is not https` };
  if (parsed.username || parsed.password || parsed.port) {
    return { problem: `${what} carries a port or credentials` };
  }
  if (!SNS_HOST.test(parsed.hostname)) return { problem: `${what} host is not sns.<region>.amazonaws.com` };
  return { parsed };
}

/** Why a SigningCertURL must not be fetched, or null when it may. */
export function snsCertUrlProblem(url: string): string | null {
  const checked = snsUrlProblem(url, 'SigningCertURL');
  if ('problem' in checked) return checked.problem;
  const { parsed } = checked;
  if (parsed.search || parsed.hash || !CERT_PATH.test(parsed.pathname)) {
    return 'SigningCertURL path is not /SimpleNotificationService-<id>.pem';
  }
  return null;
}

/** Why a SubscribeURL must not be opened for this topic, or null when it may. */
export function snsSubscribeUrlProblem(url: string, topicArn: string): string | null {
  const checked = snsUrlProblem(url, 'SubscribeURL');
  if ('problem' in checked) return checked.problem;
  const { parsed } = checked;
  if (parsed.pathname !== '/' || parsed.hash) return 'SubscribeURL path is not /';
  const query = parsed.searchParams;
  if (query.get('Action') !== 'ConfirmSubscription') return 'SubscribeURL Action is not ConfirmSubscription';
  if (query.get('TopicArn') !== topicArn) return 'SubscribeURL is for another topic';
  if (!query.get('Token')) return 'SubscribeURL has no Token';
  return null;
}

const signedFields = z.object({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: z.string(),
  TopicArn: z.string(),
  Message: z.string(),
  Timestamp: z.string(),
  Subject: z.string().optional(),
  SubscribeURL: z.string().optional(),
  Token: z.string().optional(),
  SignatureVersion: z.string(),
  Signature: z.string().min(1),
  SigningCertURL: z.string(),
});
type SignedEnvelope = z.infer<typeof signedFields>;

/** The text SNS signs: "Name\nvalue\n" for each signed field in byte order of the names. */
export function snsStringToSign(envelope: SignedEnvelope): string {
  const names =
    envelope.Type === 'Notification'
      ? (['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const)
      : (['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const);
  let text = '';
  for (const name of names) {
    const value = envelope[name];
    if (value !== undefined) text += `${name}\n${value}\n`;
  }
  return text;
}

const HASH_BY_VERSION: Record<string, string> = { '1': 'sha1', '2': 'sha256' };

export interface SnsVerifier {
  verify(payload: unknown): Promise<SnsVerdict>;
}

export function createSnsVerifier(options: SnsVerifierOptions): SnsVerifier {
  const now = options.now ?? Date.now;
  const maxCached = options.maxCachedCertificates ?? 32;
  const allowed = new Set(options.topicArns);
  // Insertion-ordered Map as a bounded cache: a re-used entry is re-inserted, the first is the oldest.
  const cache = new Map<string, { certificate: Promise<X509Certificate>; expiresAt: number }>();

  function certificateFor(url: string): Promise<X509Certificate> {
    const cached = cache.get(url);
    if (cached && cached.expiresAt > now()) {
      cache.delete(url);
      cache.set(url, cached);
      return cached.certificate;
    }
    const entry = {
      certificate: options.fetchCertificate(url).then((pem) => new X509Certificate(pem)),
      expiresAt: now() + CERT_TTL_MS,
    };
    entry.certificate.catch(() => {
      entry.expiresAt = Math.min(entry.expiresAt, now() + FAILED_FETCH_TTL_MS);
    });
    cache.delete(url);
    cache.set(url, entry);
    while (cache.size > maxCached) cache.delete(cache.keys().next().value as string);
    return entry.certificate;
  }

  return {
    async verify(payload) {
      if (typeof payload !== 'object' || payload === null || !('Signature' in payload)) {
        return {
          ok: false,
          status: 401,
          reason: 'sns-unsigned',
          error: 'SNS message is not signed (no Signature)',
        };
      }
      const parsed = signedFields.safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return {
          ok: false,
          status: 401,
          reason: 'sns-unsigned',
          error: `SNS message cannot be verified: ${issue?.path.join('.') || 'body'}: ${issue?.message}`,
        };
      }
      const envelope = parsed.data;
      const hash = HASH_BY_VERSION[envelope.SignatureVersion];
      if (!hash) {
        return {
          ok: false,
          status: 403,
          reason: 'sns-signature-version',
          error: `unsupported SNS SignatureVersion ${envelope.SignatureVersion}`,
        };
      }
      if (allowed.size > 0 && !allowed.has(envelope.TopicArn)) {
        return {
          ok: false,
          status: 403,
          reason: 'sns-topic',
          error: `SNS topic ${envelope.TopicArn} is not in SNS_TOPIC_ARNS`,
        };
      }
      const urlProblem = snsCertUrlProblem(envelope.SigningCertURL);
      if (urlProblem) return { ok: false, status: 403, reason: 'sns-cert-url', error: urlProblem };
      let certificate: X509Certificate;
      try {
        certificate = await certificateFor(envelope.SigningCertURL);
      } catch (error) {
        // Most likely the network: 503 makes SNS deliver again later.
        return {
          ok: false,
          status: 503,
          reason: 'sns-cert-unavailable',
          error: `could not fetch the SNS signing certificate: ${(error as Error).message}`,
        };
      }
      const at = now();
      if (Date.parse(certificate.validFrom) > at || Date.parse(certificate.validTo) < at) {
        return {
          ok: false,
          status: 403,
          reason: 'sns-cert-expired',
          error: 'SNS signing certificate is not valid now',
        };
      }
      let matches = false;
      try {
        matches = verifySignature(
          hash,
          Buffer.from(snsStringToSign(envelope), 'utf8'),
          certificate.publicKey,
          Buffer.from(envelope.Signature, 'base64'),
        );
      } catch {
        // A key type that cannot verify this hash: treated as a mismatch.
      }
      if (!matches) {
        return {
          ok: false,
          status: 403,
          reason: 'sns-bad-signature',
          error: 'SNS signature does not match the message',
        };
      }
      return {
        ok: true,
        type: envelope.Type,
        topicArn: envelope.TopicArn,
        ...(envelope.SubscribeURL !== undefined ? { subscribeUrl: envelope.SubscribeURL } : {}),
      };
    },
  };
}
