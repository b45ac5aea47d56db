// The running pipeline makes the same duplicate decisions as `news-ingest dedup` on the first
// documents of the labelled near-duplicate dev set, uploaded one by one (first-seen order matters).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { corpusDir } from '../helpers/corpus.js';
import { expectPipelineMatchesOffline } from '../helpers/pipeline-vs-offline.js';
import { startTestService, type TestService } from '../helpers/service.js';

const DEV = corpusDir('neardup-dev', 'labels.json');
const DEV_DOCS = 80;

describe('duplicate decisions through the pipeline on the dev set', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it(`match the offline dedup on the first ${DEV_DOCS} dev documents`, { timeout: 180_000 }, async () => {
    const names = readdirSync(join(DEV, 'docs')).sort().slice(0, DEV_DOCS);
    const docs = names.map((name) => ({ name, bytes: readFileSync(join(DEV, 'docs', name)) }));
    await expectPipelineMatchesOffline(svc, docs, 'dev');
  });
});
