// All in one process: API, triggers and ingest worker (`npm start`, `news-ingest start`), plus the
// reference indexer when DATABASE_URL is set.
import { loadEnvFile } from '../src/config/env-file.js';
import { runService } from '../src/process/run-service.js';

loadEnvFile();

await runService(['api', 'triggers', 'worker'], process.env, { indexerWhenDatabase: true });
