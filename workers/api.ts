// The API process: webhook and upload intake, dashboard, metrics, plus the triggers (scan, SQS).
import { loadEnvFile } from '../src/config/env-file.js';
import { runService } from '../src/process/run-service.js';

loadEnvFile();

await runService(['api', 'triggers']);
