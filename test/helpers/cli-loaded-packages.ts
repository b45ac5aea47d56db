// Run as a child process (node --import tsx): runs one CLI command, then prints the npm packages it
// loaded as CommonJS (the AWS SDK, ioredis, pg and cli-progress are), one JSON array on stdout.
import { createRequire } from 'node:module';
import { runCli } from '../../src/cli/main.js';

await runCli(process.argv.slice(2), { env: {}, stdout: () => {}, stderr: () => {}, interactive: false });
const packages = new Set<string>();
for (const path of Object.keys(createRequire(import.meta.url).cache)) {
  const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (name) packages.add(name);
}
process.stdout.write(`${JSON.stringify([...packages])}\n`);
