// The package's public entries stay apart from the producer: the event contract and the subscriber kit
// load no producer module or heavy dependency, the reference indexer none of the ingest pipeline, and
// the producer does not load the indexer statically (`start` and the api import it only with DATABASE_URL).
// Every name an entry exports is listed in docs/subscribing.md.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importClosure, importsOf, repoRoot } from '../../helpers/import-graph.js';

const PRODUCER = [
  'app',
  'archive',
  'cli',
  'dedup',
  'http',
  'ledger',
  'parse',
  'pipeline',
  'process',
  's3',
  'trigger',
];
const under = (modules: Set<string>, folders: string[]) =>
  [...modules].filter((m) => folders.some((f) => m.startsWith(`src/${f}/`)) || m.startsWith('workers/'));

const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
};
const entries = Object.entries(packageJson.exports).flatMap(([name, target]) =>
  typeof target === 'string'
    ? []
    : [{ name, source: target.default.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts') }],
);

describe('package exports', () => {
  it('the scan finds static imports and skips type-only and dynamic ones', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "export { c } from './c.js';",
      "export type { D } from './d.js';",
      "import {\n  type E,\n  e,\n} from 'e-package';",
      "import './side-effect.js';",
      "const lazy = await import('./lazy.js');",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a.js', './c.js', 'e-package', './side-effect.js']);
    expect(importClosure('src/indexer/indexer-service.ts').packages).toContain('pg');
  });

  it('maps each entry to its source and declarations', () => {
    expect(entries.map((e) => e.name).sort()).toEqual(['.', './events', './subscriber']);
    for (const { source } of entries) expect(existsSync(join(repoRoot, source)), source).toBe(true);
    for (const [, target] of Object.entries(packageJson.exports)) {
      if (typeof target !== 'string') expect(target.types).toBe(target.default.replace(/\.js$/, '.d.ts'));
    }
    expect(existsSync(join(repoRoot, packageJson.exports['./event-schema'] as string))).toBe(true);
  });

  it('the contract loads zod alone, the kit only BullMQ and ioredis besides, and neither a producer module', () => {
    const contract = importClosure('src/events/index.ts');
    expect([...contract.packages]).toEqual(['zod']);
    expect(under(contract.modules, PRODUCER)).toEqual([]);
    for (const entry of ['src/subscriber/index.ts', 'src/index.ts']) {
      const kit = importClosure(entry);
      expect(under(kit.modules, [...PRODUCER, 'indexer']), entry).toEqual([]);
      expect(
        [...kit.packages].filter((p) => !['bullmq', 'ioredis', 'zod'].includes(p)),
        entry,
      ).toEqual([]);
    }
  });

  it('the indexer loads none of the ingest pipeline, and the producer does not load the indexer', () => {
    const indexer = importClosure('src/indexer/indexer-service.ts');
    expect(
      under(indexer.modules, ['app', 'archive', 'dedup', 'ledger', 'parse', 'pipeline', 's3', 'trigger']),
    ).toEqual([]);
    for (const entry of [
      'workers/start.ts',
      'workers/api.ts',
      'workers/ingest-worker.ts',
      'src/app/service.ts',
    ]) {
      const producer = importClosure(entry);
      expect(
        [...producer.modules].filter((m) => m.startsWith('src/indexer/')),
        entry,
      ).toEqual([]);
      expect(producer.packages.has('pg'), entry).toBe(false);
    }
  });

  it('docs/subscribing.md lists every name the entries export', () => {
    const docs = readFileSync(join(repoRoot, 'docs/subscribing.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Package exports'));
    for (const file of ['src/events/index.ts', 'src/subscriber/index.ts']) {
      const source = readFileSync(join(repoRoot, file), 'utf8');
      const names = [...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) =>
        m[1]!
          .split(',')
          .map((n) => n.trim().replace(/^type\s+/, ''))
          .filter(Boolean),
      );
      expect(names.length, file).toBeGreaterThan(5);
      const missing = names.filter((n) => !section.includes(`\`${n}\``) && !section.includes(`\`${n}(`));
      expect(missing, file).toEqual([]);
    }
  });
});
