import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';
import type { Hono } from 'hono';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Mounts the bull-board dashboard for the given queues (auth and CSRF are the caller's middleware).
 * Read-only hides and refuses (405) every action that changes a queue or a job.
 */
export function mountBullBoard(app: Hono, queues: Queue[], options: { readOnly: boolean }): void {
  const serverAdapter = new HonoAdapter(serveStatic);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: options.readOnly })),
    serverAdapter,
    options: { uiConfig: { boardTitle: options.readOnly ? 'news-ingest (read-only)' : 'news-ingest' } },
  });
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  app.route(BULL_BOARD_PATH, serverAdapter.registerPlugin());
}
