// PUBLISH_QUEUES: one queue per subscribing service, each gets every event exactly once.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';

const sample = readFileSync(
  new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url),
);

describe('fan-out to subscriber queues', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ PUBLISH_QUEUES: 'search,analytics,alerts' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('publishes every event once to each queue', async () => {
    await svc.put('incoming/fan/a.txt', sample);
    await svc.put('incoming/fan/b copy.txt', sample);
    const ids = async (queue: string) =>
      (await svc.waitForEvents(2, 20_000, queue)).map((e) => e.eventId).sort();
    const search = await ids('search');
    expect(search).toHaveLength(2);
    expect(await ids('analytics')).toEqual(search);
    expect(await ids('alerts')).toEqual(search);
    expect(await svc.events('articles')).toHaveLength(0); // the default queue is replaced, not added
  });
});
