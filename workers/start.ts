// All in one process: API, triggers and ingest worker (`npm start`, `news-ingest start`).
import { runService } from './run-service.js';

await runService(['api', 'triggers', 'worker']);
