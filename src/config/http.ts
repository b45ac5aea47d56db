// HTTP settings: listen address, the webhook's and dashboard's credentials, upload limits, deadlines, SNS.
import { isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError, duration, flag, list, port, positiveInt, secret } from './fields.js';

export const httpEnv = z.object({
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: port(3000),
  /** Bearer token (RFC 6750 token68 characters) for the webhook and uploads. */
  WEBHOOK_TOKEN: secret.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._~+/-]+=*$/, 'use letters, digits and ._~+/- only (a bearer token)')
      .optional(),
  ),
  ADMIN_USER: z.string().default('admin'),
  ADMIN_PASSWORD: secret,
  /** Listen on a non-loopback HTTP_HOST without WEBHOOK_TOKEN / ADMIN_PASSWORD anyway. */
  ALLOW_UNAUTHENTICATED: flag('false'),
  /** Defaults to MAX_OBJECT_BYTES and may not exceed it: a larger upload could never be ingested. */
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().optional(),
  MAX_CONCURRENT_UPLOADS: positiveInt(4),
  /** Server-side deadline of every request but uploads (503 past it). */
  HTTP_REQUEST_TIMEOUT: duration('10s'),
  /** Deadline of one PUT /v1/raw upload, body included. */
  HTTP_UPLOAD_TIMEOUT: duration('5m'),
  /** Open SNS SubscribeURLs of signed SubscriptionConfirmations (only for topics in SNS_TOPIC_ARNS). */
  SNS_AUTO_CONFIRM: flag('false'),
  /** SNS topics whose signed deliveries the webhook accepts; empty accepts any topic. */
  SNS_TOPIC_ARNS: list(''),
});
type HttpEnv = z.infer<typeof httpEnv>;

export interface HttpConfig {
  host: string;
  port: number;
  webhookToken: string | undefined;
  adminUser: string;
  adminPassword: string | undefined;
  allowUnauthenticated: boolean;
  maxUploadBytes: number;
  maxConcurrentUploads: number;
  requestTimeoutMs: number;
  uploadTimeoutMs: number;
}

export interface SnsConfig {
  autoConfirm: boolean;
  topicArns: string[];
}

export function snsConfig(e: HttpEnv): SnsConfig {
  if (e.SNS_AUTO_CONFIRM === 'true' && e.SNS_TOPIC_ARNS.length === 0) {
    // Any AWS account can subscribe this endpoint to its own topic: confirm only topics we name.
    throw new ConfigError('invalid configuration: SNS_AUTO_CONFIRM=true needs SNS_TOPIC_ARNS');
  }
  return { autoConfirm: e.SNS_AUTO_CONFIRM === 'true', topicArns: e.SNS_TOPIC_ARNS };
}

/** `maxObjectBytes` caps uploads; a listener other hosts can reach needs both secrets (or an explicit opt-out). */
export function httpConfig(e: HttpEnv, maxObjectBytes: number): HttpConfig {
  const maxUploadBytes = e.MAX_UPLOAD_BYTES ?? maxObjectBytes;
  if (maxUploadBytes > maxObjectBytes) {
    throw new ConfigError(
      `invalid configuration: MAX_UPLOAD_BYTES (${maxUploadBytes}) exceeds MAX_OBJECT_BYTES (${maxObjectBytes}): such an upload could never be ingested`,
    );
  }
  const allowUnauthenticated = e.ALLOW_UNAUTHENTICATED === 'true';
  if (!isLoopbackHost(e.HTTP_HOST) && !allowUnauthenticated) {
    const missing = [
      e.WEBHOOK_TOKEN ? null : 'WEBHOOK_TOKEN',
      e.ADMIN_PASSWORD ? null : 'ADMIN_PASSWORD',
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new ConfigError(
        `invalid configuration: HTTP_HOST=${e.HTTP_HOST} is reachable from other hosts but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} unset: set ${missing.length > 1 ? 'them' : 'it'}, listen on 127.0.0.1, or set ALLOW_UNAUTHENTICATED=true`,
      );
    }
  }
  return {
    host: e.HTTP_HOST,
    port: e.HTTP_PORT,
    webhookToken: e.WEBHOOK_TOKEN,
    adminUser: e.ADMIN_USER,
    adminPassword: e.ADMIN_PASSWORD,
    allowUnauthenticated,
    maxUploadBytes,
    maxConcurrentUploads: e.MAX_CONCURRENT_UPLOADS,
    requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT,
    uploadTimeoutMs: e.HTTP_UPLOAD_TIMEOUT,
  };
}

/** True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}
