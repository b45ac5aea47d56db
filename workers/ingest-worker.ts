// An ingest worker process; scale these out (docker compose --scale worker=N, KEDA).
import { runService } from './run-service.js';

await runService(['worker']);
