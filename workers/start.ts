// All in one process: API, triggers and ingest worker (`npm start`, `news-ingest start`).
import { loadEnvFile } from '../src/config/env-file.js';
import { runService } from './run-service.js';

loadEnvFile();

await runService(['api', 'triggers', 'worker']);
