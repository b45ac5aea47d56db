// The spine end to end: an upload to the bucket becomes a clean article event downstream, and a
// byte-identical copy under a key with a space and a "+" becomes an exact duplicate of it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleEventSchema } from '../../src/events/article-event.js';
import { withArticle } from '../helpers/article-events.js';
import { startTestService, type TestService } from '../helpers/service.js';

const samplePath = new URL('../fixtures/samples/lavrov-us-ukraine-with-sidebar.txt', import.meta.url);
const sample = readFileSync(samplePath);
const sidebarHeadlines = sample
  .toString('utf8')
  .split('\n')
  .slice(-20)
  .map((l) => l.trim())
  .filter((l) => l.length > 0 && !l.includes('Lavrov') && !l.includes('EU recently'));

describe('upload → event', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('turns the sample into one article.parsed event without the sidebar', async () => {
    await svc.put('incoming/lavrov.txt', sample, 'text/plain');
    const event = withArticle((await svc.waitForEvents(1))[0]);
    expect(articleEventSchema.safeParse(event).success).toBe(true);
    expect(event.type).toBe('article.parsed');
    expect(event.source.key).toBe('incoming/lavrov.txt');
    expect(event.source.bucket).toBe(svc.config.s3.bucket);
    expect(event.article.paragraphs).toHaveLength(5);
    expect(event.article.body).toContain('Russian Foreign Minister Sergei Lavrov expressed hope');
    expect(event.article.body).toContain('frozen Russian assets');
    expect(sidebarHeadlines.length).toBeGreaterThanOrEqual(15);
    for (const headline of sidebarHeadlines) expect(event.article.body).not.toContain(headline);
    expect(event.article.related).toHaveLength(16);
    expect(event.article.language).toBe('en');
    expect(event.duplicate).toBeNull();
  });

  it('flags a byte-identical copy under a key with a space and a plus as an exact duplicate', async () => {
    const [first] = await svc.waitForEvents(1);
    await svc.put('incoming/copies/lavrov copy+1.txt', sample, 'text/plain');
    const events = await svc.waitForEvents(2);
    const copy = withArticle(events.find((e) => e.source.key === 'incoming/copies/lavrov copy+1.txt'));
    expect(copy.type).toBe('article.duplicate');
    expect(copy.duplicate).toEqual({
      of: first!.articleId,
      kind: 'exact',
      similarity: 1,
      documentId: first!.documentId,
    });
    expect(copy.articleId).not.toBe(first!.articleId);
  });

  it('ignores objects outside the raw prefix', async () => {
    await svc.put('elsewhere/lavrov.txt', sample, 'text/plain');
    await svc.put('incoming/after-elsewhere.txt', `${sample.toString('utf8')}\nA closing line to differ.\n`);
    const events = await svc.waitForEvents(3);
    expect(events.map((e) => e.source.key)).not.toContain('elsewhere/lavrov.txt');
  });
});
