// Worker-thread entry for the piscina pool in analyse-pool.ts.
import type { MessagePort } from 'node:worker_threads';
import { type AnalyseRequest, type AnalyseResult, analyseObject } from './analyse-object.js';

export interface AnalyseTask {
  request: AnalyseRequest;
  /** Told when the analysis starts: the pool's deadline runs from then, not from when the task was queued. */
  started: MessagePort;
}

export default function analyseInThread(task: AnalyseTask): AnalyseResult {
  task.started.postMessage(null);
  task.started.close();
  return analyseObject(task.request);
}
