// The analyse pool gives the same result in a worker thread as inline, keeps small objects inline,
// stops a parse that passes its deadline (quarantine reason parse-timeout) and carries on with a new thread.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { PermanentError } from '../../src/errors/permanent-error.js';
import { TransientError } from '../../src/errors/transient-error.js';
import { analyseObject } from '../../src/pipeline/analyse-object.js';
import { createAnalyseRunner } from '../../src/pipeline/analyse-pool.js';
import { waitFor } from '../helpers/wait.js';

const bytes = readFileSync(
  new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url),
);
const request = { bytes, contentType: 'text/plain', name: 'sample.txt', maxArticleChars: 100_000 };

function withoutTimings(result: ReturnType<typeof analyseObject>) {
  return result.kind === 'parsed' ? { ...result, decodeSeconds: 0, parseSeconds: 0 } : result;
}

describe('analyse pool', () => {
  it('returns in a thread exactly what the inline analysis returns', async () => {
    const runner = createAnalyseRunner({ threads: 2 });
    try {
      const results = await Promise.all([
        runner.analyse(request),
        runner.analyse(request),
        runner.analyse(request),
      ]);
      for (const r of results) expect(withoutTimings(r)).toEqual(withoutTimings(analyseObject(request)));
    } finally {
      await runner.close();
    }
  });

  it('stops idle threads and starts them again for the next large object', async () => {
    // The spy proves the idle thread was retired (piscina terminates it) before the second object.
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const runner = createAnalyseRunner({ threads: 1, idleMs: 50 });
    try {
      const first = await runner.analyse(request);
      await waitFor(
        async () => (terminate.mock.calls.length > 0 ? true : undefined),
        10_000,
        'idle retirement',
      );
      const second = await runner.analyse(request);
      expect(withoutTimings(second)).toEqual(withoutTimings(first));
    } finally {
      await runner.close();
      terminate.mockRestore();
    }
  });

  it('rejects work after close instead of hanging', async () => {
    const runner = createAnalyseRunner({ threads: 1 });
    await runner.analyse(request);
    await runner.close();
    await expect(runner.analyse(request)).rejects.toThrow(/closed/);
  });

  it('analyses small objects inline when a threshold is set (no thread needed)', async () => {
    const runner = createAnalyseRunner({ threads: 1, inlineBelowBytes: 1 << 20 });
    const result = await runner.analyse(request);
    expect(result.kind).toBe('parsed');
    await runner.close();
  });

  it('stops a parse that passes the deadline, then analyses the next object on a fresh thread', async () => {
    // Far longer than a normal analysis on a cold thread, far shorter than the slow one.
    const runner = createAnalyseRunner({ threads: 1, timeoutMs: 2000 });
    try {
      // Linear but long: 4 MB of one-letter lines takes tens of seconds to parse.
      const slow = { ...request, bytes: new TextEncoder().encode('a\n'.repeat(2_000_000)), name: 'slow.txt' };
      const failure = await runner.analyse(slow).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(PermanentError);
      expect((failure as PermanentError).reason).toBe('parse-timeout');
      const next = await runner.analyse(request);
      expect(withoutTimings(next)).toEqual(withoutTimings(analyseObject(request)));
    } finally {
      await runner.close();
    }
  });

  it('runs the deadline from the start of the analysis, not from thread start-up or the queue', async () => {
    // A cold thread loads the parser (through tsx here) for longer than this deadline; a warm analysis of
    // the sample takes a small fraction of it. Three objects share one thread, so two of them also wait.
    const runner = createAnalyseRunner({ threads: 1, timeoutMs: 1500 });
    try {
      const results = await Promise.all([1, 2, 3].map(() => runner.analyse(request)));
      for (const r of results) expect(r.kind).toBe('parsed');
    } finally {
      await runner.close();
    }
  });

  it('stops a thread whose heap passes its cap, quarantines the object, then analyses the next one', async () => {
    // The parser loads in far less than this cap; a DOM of some hundred thousand elements does not fit.
    const runner = createAnalyseRunner({ threads: 1, timeoutMs: 120_000, memoryLimitMb: 96 });
    try {
      const html = `<html><body>${'<div><p>x</p><span>y</span></div>'.repeat(400_000)}</body></html>`;
      const huge = { ...request, bytes: new TextEncoder().encode(html), name: 'huge.html' };
      const failure = await runner.analyse(huge).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(PermanentError);
      expect((failure as PermanentError).reason).toBe('parse-out-of-memory');
      const next = await runner.analyse(request);
      expect(withoutTimings(next)).toEqual(withoutTimings(analyseObject(request)));
    } finally {
      await runner.close();
    }
  });

  it('fails objects as transient, not pending for ever, when a thread cannot start', async () => {
    const runner = createAnalyseRunner({
      threads: 1,
      timeoutMs: 1000,
      entry: { filename: '/nonexistent/analyse-thread.js' },
    });
    try {
      await expect(runner.analyse(request)).rejects.toBeInstanceOf(TransientError);
    } finally {
      await runner.close();
    }
  });
});
