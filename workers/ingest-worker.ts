// An ingest worker process; scale these out (docker compose --scale worker=N, KEDA).
import { loadEnvFile } from '../src/config/env-file.js';
import { runService } from '../src/process/run-service.js';

loadEnvFile();

await runService(['worker']);
