// Small readers shared by the notification formats (S3 records, EventBridge, SNS).
import { z } from 'zod';
import type { NormalisedNotification } from './notification-types.js';

/** Optional metadata: a wrongly typed value is dropped rather than failing the whole record. */
export const optionalString = z.string().optional().catch(undefined);
export const optionalSize = z.number().int().nonnegative().optional().catch(undefined);

export function toIsoTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function invalid(message: string): NormalisedNotification {
  return { kind: 'invalid', message };
}

export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return path ? `${path.replace(/^\./, '')}: ${issue.message}` : issue.message;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
