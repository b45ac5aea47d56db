// Zod field builders shared by the per-concern env schemas: every variable is text until parsed here.
import { z } from 'zod';
import { parseDurationMs } from './duration.js';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** "500ms", "30s", "5m"... as milliseconds; a bad value is a zod issue naming the variable. */
export const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseDurationMs(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    });

export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const flag = (fallback: 'true' | 'false') => z.enum(['true', 'false']).default(fallback);

/** Blank counts as unset: `FOO=` in a .env file must not become an empty endpoint or key. */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A secret left at a documented placeholder (CHANGE-ME) is refused, not used. */
export const secret = optionalText.refine((v) => v === undefined || !/change-?me/i.test(v), {
  message: 'is still the CHANGE-ME placeholder: set a real secret',
});

export const list = (fallback: string) => z.string().default(fallback).transform(splitList);

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A key prefix as a folder: ends in "/". */
export function asFolder(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}
