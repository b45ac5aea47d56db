// Uploads documents one by one (first-seen order matters) and checks that each event's duplicate
// verdict matches `news-ingest dedup` run offline on the same documents.
import { expect } from 'vitest';
import { dedupDocuments } from '../../src/dedup/offline.js';
import { withArticle } from './article-events.js';
import type { TestService } from './service.js';
import { waitFor } from './wait.js';

export interface Doc {
  name: string;
  bytes: Uint8Array;
}

export async function expectPipelineMatchesOffline(svc: TestService, docs: Doc[], folder: string) {
  const offline = new Map<string, { duplicate: { kind: string; ofFile: string } | null }>();
  for await (const line of dedupDocuments(docs)) offline.set(line.file, line);
  const fileOfArticle = new Map<string, string>();
  for (const doc of docs) {
    const key = `incoming/${folder}/${doc.name}`;
    await svc.put(key, doc.bytes);
    const event = withArticle(
      await waitFor(
        async () => (await svc.events()).find((e) => e.source.key === key),
        20_000,
        `event for ${key}`,
      ),
    );
    fileOfArticle.set(event.articleId, doc.name);
    const expected = offline.get(doc.name)!;
    const actual = event.duplicate
      ? { kind: event.duplicate.kind, ofFile: fileOfArticle.get(event.duplicate.of) }
      : null;
    expect({ doc: doc.name, verdict: actual }).toEqual({
      doc: doc.name,
      verdict: expected.duplicate
        ? { kind: expected.duplicate.kind, ofFile: expected.duplicate.ofFile }
        : null,
    });
  }
}
