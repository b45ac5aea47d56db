// Worker-thread entry for the piscina pool in analyse-pool.ts.
import { workerData } from 'node:worker_threads';
import { type AnalyseRequest, type AnalyseResult, analyseObject } from './analyse-object.js';

export interface AnalyseTask {
  request: AnalyseRequest;
  /** This task's cell in the pool's start stamps (ANALYSE_STARTS in workerData). */
  slot: number;
}

/** The pool's shared start stamps: the deadline runs from the stamp, not from when the task was queued. */
export interface AnalyseThreadData {
  starts: SharedArrayBuffer;
}

const starts = new BigInt64Array((workerData as AnalyseThreadData).starts);

export default function analyseInThread(task: AnalyseTask): AnalyseResult {
  // A stamp in shared memory, not a message: no port to create, transfer and answer for every object.
  Atomics.store(starts, task.slot, BigInt(Date.now()));
  return analyseObject(task.request);
}
