// The API process: webhook and upload intake, dashboard, metrics, plus the triggers (scan, SQS).
import { runService } from './run-service.js';

await runService(['api', 'triggers']);
