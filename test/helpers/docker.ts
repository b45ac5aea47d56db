import { existsSync } from 'node:fs';

let available: Promise<boolean> | null = null;

/** True when a Docker engine answers (testcontainers can run); cheap to call repeatedly. */
export function dockerAvailable(): Promise<boolean> {
  available ??= (async () => {
    if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) return false;
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      await getContainerRuntimeClient();
      return true;
    } catch {
      return false;
    }
  })();
  return available;
}
