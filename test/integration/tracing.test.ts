// With OTEL_EXPORTER_OTLP_ENDPOINT set, the service exports BullMQ's spans over OTLP/HTTP: here to a
// loopback receiver that records what the real exporter sends.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

interface ExportedSpan {
  name: string;
  traceId: string;
}

describe('OpenTelemetry tracing', () => {
  let receiver: Server;
  let endpoint: string;
  const spans: ExportedSpan[] = [];
  const services = new Set<string>();
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        if (req.url === '/v1/traces') {
          const payload = JSON.parse(body) as {
            resourceSpans: Array<{
              resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
              scopeSpans: Array<{ spans: ExportedSpan[] }>;
            }>;
          };
          for (const rs of payload.resourceSpans) {
            for (const a of rs.resource.attributes)
              if (a.key === 'service.name' && a.value.stringValue) services.add(a.value.stringValue);
            for (const ss of rs.scopeSpans) spans.push(...ss.spans);
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => receiver.close(() => r()));
  });

  it('exports spans for enqueueing, processing and publishing', async () => {
    const svc = await startTestService({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_SERVICE_NAME: 'news-ingest-test',
    });
    try {
      await svc.put(
        'incoming/traced.txt',
        readFileSync(new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url)),
      );
      await svc.waitForEvents(1);
    } finally {
      await svc.stop(); // flushes the exporter
    }
    await waitFor(async () => (spans.length > 0 ? true : undefined), 10_000, 'spans');
    expect(services).toContain('news-ingest-test');
    const names = spans.map((s) => s.name);
    expect(names.some((n) => /ingest/.test(n))).toBe(true);
    expect(names.some((n) => /articles/.test(n))).toBe(true);
  });

  it('stays off without an endpoint', async () => {
    const before = spans.length;
    const svc = await startTestService();
    try {
      await svc.put(
        'incoming/untraced.txt',
        'A headline\n\n' + 'An ordinary sentence for a short article body here. '.repeat(10),
      );
      await svc.waitForEvents(1);
    } finally {
      await svc.stop();
    }
    expect(spans.length).toBe(before);
  });
});
