// Worker-thread entry: answers analyse requests from the pool in analyse-pool.ts.
import { parentPort } from 'node:worker_threads';
import { type AnalyseRequest, analyseObject } from './analyse-object.js';

parentPort?.on('message', (message: { id: number; request: AnalyseRequest }) => {
  try {
    parentPort?.postMessage({ id: message.id, result: analyseObject(message.request) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: (error as Error).stack ?? String(error) });
  }
});
