// A tiny in-memory SQS server speaking the AWS JSON 1.0 protocol (`x-amz-target: AmazonSQS.*`) on
// loopback. No SQS emulator usable here exists on the npm/Debian registries for Node 20 and the
// current SDK's JSON protocol, so tests drive the real @aws-sdk/client-sqs against this instead:
// real HTTP, real serialisation, real MD5 checks, real abort handling. It implements only what the
// poller uses (ReceiveMessage with long polling and visibility timeouts, DeleteMessageBatch) plus
// SendMessage for feeding it, and can inject failures.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredMessage {
  id: string;
  body: string;
  /** Receipt handle of the latest receive; older handles are stale. */
  receiptHandle: string | undefined;
  visibleAt: number;
  receiveCount: number;
}

export interface RecordedCall {
  operation: string;
  input: Record<string, unknown>;
  at: number;
  status: number;
}

export interface SqsProtocolServer {
  /** e.g. http://127.0.0.1:43123 */
  endpoint: string;
  queueUrl(name: string): string;
  calls: RecordedCall[];
  /** Messages not yet deleted (visible or in flight). */
  messages(queue: string): ReadonlyArray<Readonly<StoredMessage>>;
  /** The next `count` calls of `operation` answer HTTP 500. */
  failNext(operation: string, count: number): void;
  /** Long polls currently held open. */
  openPolls(): number;
  close(): Promise<void>;
}

const ACCOUNT = '000000000000';
const DEFAULT_VISIBILITY_SECONDS = 30;

export async function startSqsProtocolServer(): Promise<SqsProtocolServer> {
  const queues = new Map<string, StoredMessage[]>();
  const failures = new Map<string, number>();
  const calls: RecordedCall[] = [];
  let polls = 0;

  const queue = (name: string) => {
    const existing = queues.get(name);
    if (existing) return existing;
    const created: StoredMessage[] = [];
    queues.set(name, created);
    return created;
  };

  const handlers: Record<string, (input: Record<string, unknown>, res: ServerResponse) => Promise<unknown>> =
    {
      async SendMessage(input) {
        const body = String(input.MessageBody ?? '');
        const message: StoredMessage = {
          id: randomUUID(),
          body,
          receiptHandle: undefined,
          visibleAt: Date.now(),
          receiveCount: 0,
        };
        queue(queueName(input)).push(message);
        return { MessageId: message.id, MD5OfMessageBody: md5(body) };
      },

      async ReceiveMessage(input, res) {
        const q = queue(queueName(input));
        const max = Number(input.MaxNumberOfMessages ?? 1);
        if (!Number.isInteger(max) || max < 1 || max > 10) {
          throw new ProtocolError(400, 'InvalidParameterValue', 'MaxNumberOfMessages must be 1..10');
        }
        const deadline = Date.now() + Number(input.WaitTimeSeconds ?? 0) * 1000;
        const visibilityMs = Number(input.VisibilityTimeout ?? DEFAULT_VISIBILITY_SECONDS) * 1000;
        let clientGone = false;
        // The response's 'close' before we answered means the client went away (aborted poll).
        res.once('close', () => {
          clientGone = true;
        });
        polls += 1;
        try {
          for (;;) {
            const now = Date.now();
            const visible = q.filter((m) => m.visibleAt <= now).slice(0, max);
            if (visible.length > 0 || now >= deadline || clientGone) {
              return {
                Messages: visible.map((m) => {
                  m.receiptHandle = randomUUID();
                  m.visibleAt = now + visibilityMs;
                  m.receiveCount += 1;
                  return {
                    MessageId: m.id,
                    ReceiptHandle: m.receiptHandle,
                    MD5OfBody: md5(m.body),
                    Body: m.body,
                    Attributes: { ApproximateReceiveCount: String(m.receiveCount) },
                  };
                }),
              };
            }
            await new Promise((r) => setTimeout(r, 10));
          }
        } finally {
          polls -= 1;
        }
      },

      async DeleteMessageBatch(input) {
        const q = queue(queueName(input));
        const entries = (input.Entries ?? []) as Array<{ Id: string; ReceiptHandle: string }>;
        const Successful: Array<{ Id: string }> = [];
        const Failed: Array<{ Id: string; Code: string; SenderFault: boolean; Message: string }> = [];
        for (const entry of entries) {
          const index = q.findIndex((m) => m.receiptHandle === entry.ReceiptHandle);
          if (index >= 0) {
            q.splice(index, 1);
            Successful.push({ Id: entry.Id });
          } else {
            Failed.push({
              Id: entry.Id,
              Code: 'ReceiptHandleIsInvalid',
              SenderFault: true,
              Message: 'stale handle',
            });
          }
        }
        return { Successful, Failed };
      },
    };

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^AmazonSQS\./, '');
    let input: Record<string, unknown> = {};
    let status = 200;
    let payload: unknown;
    try {
      input = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
      if (!target.startsWith('AmazonSQS.')) {
        throw new ProtocolError(400, 'UnknownOperationException', `unexpected target ${target}`);
      }
      const handler = handlers[operation];
      if (!handler) throw new ProtocolError(400, 'UnsupportedOperation', `${operation} is not implemented`);
      const pendingFailures = failures.get(operation) ?? 0;
      if (pendingFailures > 0) {
        failures.set(operation, pendingFailures - 1);
        throw new ProtocolError(500, 'InternalError', 'injected failure');
      }
      payload = await handler(input, res);
    } catch (err) {
      const e = err instanceof ProtocolError ? err : new ProtocolError(500, 'InternalError', String(err));
      status = e.status;
      payload = { __type: `com.amazonaws.sqs#${e.code}`, message: e.message };
    }
    calls.push({ operation, input, at: Date.now(), status });
    if (res.destroyed) return;
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': randomUUID(),
    });
    res.end(JSON.stringify(payload));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    endpoint,
    queueUrl: (name) => `${endpoint}/${ACCOUNT}/${name}`,
    calls,
    messages: (name) => queue(name),
    failNext: (operation, count) => {
      failures.set(operation, count);
    },
    openPolls: () => polls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

class ProtocolError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function queueName(input: Record<string, unknown>): string {
  const url = String(input.QueueUrl ?? '');
  const name = url.split('/').pop();
  if (!name) throw new ProtocolError(400, 'QueueDoesNotExist', 'no QueueUrl');
  return name;
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
