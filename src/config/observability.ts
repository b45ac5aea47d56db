// Logging and OpenTelemetry tracing settings (the OTEL_* names are the SDK's standard ones).
import { z } from 'zod';
import { flag, optionalText, splitList } from './fields.js';

export const observabilityEnv = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalText,
  OTEL_EXPORTER_OTLP_HEADERS: optionalText,
  OTEL_SERVICE_NAME: z.string().default('news-ingest'),
  OTEL_SDK_DISABLED: flag('false'),
  OTEL_TRACES_EXPORTER: z.string().default('otlp'),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: readable lines when stdout is a terminal, JSON otherwise (pipes, files, containers). */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
});

export interface TracingConfig {
  tracesEndpoint: string | undefined;
  headers: Record<string, string>;
  serviceName: string;
}

export function tracingConfig(e: z.infer<typeof observabilityEnv>): TracingConfig {
  return {
    tracesEndpoint:
      e.OTEL_SDK_DISABLED === 'true' || e.OTEL_TRACES_EXPORTER === 'none'
        ? undefined
        : (e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
          (e.OTEL_EXPORTER_OTLP_ENDPOINT
            ? `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`
            : undefined)),
    headers: parseHeaders(e.OTEL_EXPORTER_OTLP_HEADERS),
    serviceName: e.OTEL_SERVICE_NAME,
  };
}

/** OTEL_EXPORTER_OTLP_HEADERS: "key=value,key2=value2", values percent-encoded. */
function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of splitList(text ?? '')) {
    const at = pair.indexOf('=');
    if (at > 0) headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}
