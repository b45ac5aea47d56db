// The Redis index on a real 3-master Redis Cluster started from `redis-server` on loopback ports: the
// Lua scripts must stay within the prefix's hash slot and decide as on a single node.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryDuplicateIndex } from '../../../src/dedup/memory-index.js';
import { createRedisDuplicateIndex } from '../../../src/dedup/redis-index.js';
import { article, fixture, paragraphs, withTypos } from '../../unit/dedup/helpers.js';

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    execFileSync('redis-cli', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPing(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`redis-server on ${port} did not start`);
}

describe.skipIf(!hasRedisServer())('redis duplicate index on a 3-master Redis Cluster', () => {
  const servers: ChildProcess[] = [];
  const ports: number[] = [];
  let dir = '';
  let cluster: Cluster;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dedup-cluster-'));
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      ports.push(port);
      servers.push(
        spawn(
          'redis-server',
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            join(dir, `nodes-${port}.conf`),
            '--save',
            '',
            '--appendonly',
            'no',
            '--dir',
            dir,
          ],
          { stdio: 'ignore' },
        ),
      );
    }
    for (const p of ports) await waitForPing(p);
    execFileSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { stdio: 'pipe' },
    );
    for (let i = 0; i < 100; i++) {
      const info = execFileSync('redis-cli', ['-p', String(ports[0]), 'cluster', 'info']).toString();
      if (info.includes('cluster_state:ok')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    cluster = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
  }, 30_000);

  afterAll(async () => {
    await cluster?.quit().catch(() => undefined);
    // Wait for each server to exit so none is left behind (or unreaped).
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.exitCode !== null || s.signalCode !== null) return resolve();
            s.once('exit', () => resolve());
            s.kill('SIGTERM');
          }),
      ),
    );
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('decides like the in-memory index and agrees on one canonical under a race', async () => {
    const bridge = fixture('harbour-bridge.txt');
    const frost = fixture('orchard-frost.txt');
    const memory = createMemoryDuplicateIndex();
    const shared = createRedisDuplicateIndex({ redis: cluster, retentionSeconds: 600 });
    const inputs = [
      article(bridge),
      article(frost),
      article(paragraphs(bridge).slice(0, 3).join('\n\n')),
      article(withTypos(frost, 20)),
    ];
    for (const [i, a] of inputs.entries()) {
      expect(await shared.checkAndInsert(`a${i}`, a)).toEqual(await memory.checkAndInsert(`a${i}`, a));
    }
    const stadium = fixture('stadium-vote.txt');
    const verdicts = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        createRedisDuplicateIndex({ redis: cluster, retentionSeconds: 600 }).checkAndInsert(
          `race-${i}`,
          article(withTypos(stadium, 20 + 7 * i)),
        ),
      ),
    );
    const canonicals = verdicts.filter((v) => v === null);
    expect(canonicals).toHaveLength(1);
    const canonicalId = `race-${verdicts.indexOf(null)}`;
    for (const v of verdicts) if (v) expect(v.of).toBe(canonicalId);
  }, 30_000);
});
