import { describe, expect, it } from 'vitest';
import { dedupDocuments } from '../../../src/dedup/offline.js';
import { articleIdFor } from '../../../src/ids.js';
import { fixture } from './helpers.js';

const page = (body: string, sidebar: string) =>
  new TextEncoder().encode(`Skip to main content\n\nBBC News\n\n${body}\n\n\n${sidebar}\n`);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('dedupDocuments', () => {
  const bridge = fixture('harbour-bridge.txt');
  const frost = fixture('orchard-frost.txt');
  const sidebar = fixture('sidebar.txt');

  it('decodes, parses and indexes documents in order, naming the canonical file', async () => {
    const docs = [
      { name: 'a.txt', bytes: page(bridge, sidebar) },
      { name: 'b.txt', bytes: page(frost, sidebar) },
      { name: 'c.txt', bytes: page(bridge, sidebar) },
    ];
    const lines = await collect(dedupDocuments(docs));
    expect(lines.map((l) => l.file)).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(lines[0]!.duplicate).toBeNull();
    expect(lines[1]!.duplicate).toBeNull();
    expect(lines[2]!.duplicate).toMatchObject({
      of: lines[0]!.articleId,
      ofFile: 'a.txt',
      kind: 'exact',
      similarity: 1,
    });
  });

  it('derives article ids as the worker does, from the ETag S3 gives a single-part upload (MD5)', async () => {
    const bytes = page(bridge, sidebar);
    const [line] = await collect(dedupDocuments([{ name: 'x/y.txt', bytes }]));
    const { createHash } = await import('node:crypto');
    const etag = createHash('md5').update(bytes).digest('hex');
    expect(line!.articleId).toBe(articleIdFor({ bucket: 'local', key: 'x/y.txt', etag }, 0));
  });

  it('accepts async iterables and starts from a fresh index each run', async () => {
    async function* docs() {
      yield { name: 'a.txt', bytes: page(bridge, sidebar) };
    }
    expect((await collect(dedupDocuments(docs())))[0]!.duplicate).toBeNull();
    expect((await collect(dedupDocuments(docs())))[0]!.duplicate).toBeNull();
  });
});
