import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The package version, for traces and /healthz. */
export const SERVICE_VERSION: string = (() => {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      return (require(path) as { version: string }).version;
    } catch {}
  }
  return '0.0.0';
})();
