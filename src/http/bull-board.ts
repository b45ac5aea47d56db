import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Queue } from 'bullmq';
import type { Hono } from 'hono';

export const BULL_BOARD_PATH = '/admin/queues';

/** Mounts the bull-board dashboard for the given queues (auth is applied by the caller's middleware). */
export function mountBullBoard(app: Hono, queues: Queue[]): void {
  const serverAdapter = new HonoAdapter(serveStatic);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'news-ingest' } },
  });
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  app.route(BULL_BOARD_PATH, serverAdapter.registerPlugin());
}
