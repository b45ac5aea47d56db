// OpenTelemetry tracing, on when an OTLP endpoint is configured (the standard OTEL_* variables, read by
// loadConfig). BullMQ's own instrumentation (bullmq-otel) traces every add and every job processed, with
// context propagated from producer to consumer across the queues.
// The SDK is loaded only when tracing is on: a process without it does not carry its modules (~20 MB RSS).
import type { Telemetry } from 'bullmq';

export interface TracingSettings {
  /** Full URL of the OTLP/HTTP traces endpoint; tracing is off when undefined. */
  tracesEndpoint: string | undefined;
  headers: Record<string, string>;
  serviceName: string;
}

export interface Tracing {
  /** Pass to every BullMQ Queue and Worker; undefined when tracing is off. */
  telemetry: Telemetry | undefined;
  shutdown(): Promise<void>;
}

export async function startTracing(settings: TracingSettings, version: string): Promise<Tracing> {
  if (!settings.tracesEndpoint) return { telemetry: undefined, shutdown: async () => {} };
  const [{ context, trace }, { OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor }] =
    await Promise.all([
      import('@opentelemetry/api'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-base'),
    ]);
  const [{ NodeTracerProvider }, { BullMQOtel }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('bullmq-otel'),
  ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName, 'service.version': version }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: settings.tracesEndpoint, headers: settings.headers }),
        { scheduledDelayMillis: 1000 },
      ),
    ],
  });
  provider.register();
  return {
    telemetry: new BullMQOtel({ tracerName: settings.serviceName, version }) as unknown as Telemetry,
    async shutdown() {
      await provider.forceFlush();
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}
