// The indexer's HTTP app: an unexpected error in a handler is a logged 500, not an exit.
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createIndexerHttpApp } from '../../../src/indexer/indexer-http.js';

describe('indexer HTTP last resort', () => {
  it('logs a failing search and answers 500', async () => {
    const logged: Array<{ msg: string; err: { message: string } }> = [];
    const log = pino({}, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const app = createIndexerHttpApp({
      db: { query: () => Promise.reject(new Error('connection reset')) },
      registry: new Registry(),
      readiness: {},
      log,
    });
    const res = await app.request('/v1/articles/search?q=telescope');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error' });
    expect(logged).toHaveLength(1);
    expect(logged[0]!.msg).toBe('request failed');
    expect(logged[0]!.err.message).toBe('connection reset');
  });
});
