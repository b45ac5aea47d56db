// The network side of SNS: fetching a signing certificate and opening a SubscribeURL. Both re-check
// the URL themselves (defence in depth), refuse redirects, time out and bound what they read.
import { snsCertUrlProblem, snsSubscribeUrlProblem } from './sns-signature.js';

const TIMEOUT_MS = 5000;
/** SNS signing certificates are ~2 KB of PEM. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

/** Opens a validated SubscribeURL; resolves when SNS confirmed the subscription. */
export type SubscriptionConfirmer = (subscribeUrl: string, topicArn: string) => Promise<void>;

export async function fetchSigningCertificate(url: string): Promise<string> {
  const problem = snsCertUrlProblem(url);
  if (problem) throw new Error(problem);
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_CERTIFICATE_BYTES) throw new Error(`certificate over ${MAX_CERTIFICATE_BYTES} bytes`);
  const text = await response.text();
  if (text.length > MAX_CERTIFICATE_BYTES) throw new Error(`certificate over ${MAX_CERTIFICATE_BYTES} bytes`);
  return text;
}

export const confirmSnsSubscription: SubscriptionConfirmer = async (subscribeUrl, topicArn) => {
  const problem = snsSubscribeUrlProblem(subscribeUrl, topicArn);
  if (problem) throw new Error(problem);
  const response = await fetch(subscribeUrl, {
    redirect: 'error',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`SNS answered ${response.status} to the SubscribeURL`);
};
