// The reference indexer process (`node dist/workers/indexer.js`, `news-ingest indexer`); the logic is
// src/process/run-indexer.ts.
import { loadEnvFile } from '../src/config/env-file.js';
import { runIndexerProcess } from '../src/process/run-indexer.js';

loadEnvFile();
await runIndexerProcess(process.env);
