// The operators' dashboard in a real browser: basic auth, the queues, a failed job's reason; the
// screenshot is kept in test-artifacts/ (and docs/ uses one for the README).
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../helpers/service.js';
import { waitFor } from '../helpers/wait.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

describe('dashboard auth', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService({ ADMIN_PASSWORD: 'board-secret' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('asks for credentials and refuses wrong ones', async () => {
    const url = `${svc.service.http!.url}/admin/queues`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await fetch(url, {
      headers: { authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(url, {
      headers: { authorization: `Basic ${Buffer.from('admin:board-secret').toString('base64')}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toMatch(/<div id="root">|bull/i);
    const api = await fetch(`${svc.service.http!.url}/admin/queues/api/queues`, {
      headers: { authorization: `Basic ${Buffer.from('admin:board-secret').toString('base64')}` },
    });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: Array<{ name: string }> };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['articles', 'ingest']);
  });

  it.skipIf(!CHROMIUM)(
    'shows the queues and a failed job reason in a browser (needs Debian chromium)',
    { timeout: 90_000 },
    async () => {
      await svc.put('incoming/dashboard-empty.txt', '');
      await waitFor(async () => ((await svc.queue('ingest').getFailedCount()) > 0 ? true : undefined));
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM!,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const context = await browser.newContext({
          httpCredentials: { username: 'admin', password: 'board-secret' },
          viewport: { width: 1280, height: 800 },
        });
        const page = await context.newPage();
        await page.goto(`${svc.service.http!.url}/admin/queues`);
        await page.getByText('ingest', { exact: true }).first().waitFor({ timeout: 30_000 });
        await page.getByText('articles', { exact: true }).first().waitFor({ timeout: 30_000 });
        await page.goto(`${svc.service.http!.url}/admin/queues/queue/ingest?status=failed`);
        const reason = page.getByText(/empty: object is empty/).first();
        await reason.waitFor({ timeout: 30_000 });
        mkdirSync(artifacts, { recursive: true });
        await page.screenshot({ path: `${artifacts}dashboard-failed-job.png`, fullPage: true });
        expect(await reason.isVisible()).toBe(true);
      } finally {
        await browser.close();
      }
    },
  );
});
