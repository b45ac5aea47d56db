// GET /v1/objects/{key}: what the service knows about one key (the `explain` command over HTTP).
import type { Hono, MiddlewareHandler } from 'hono';
import type { ObjectStory } from '../pipeline/object-story.js';

const OBJECTS_ROUTE_PREFIX = '/v1/objects/';
/** S3 keys are at most 1024 bytes: a longer one names nothing. */
const MAX_STORY_KEY_BYTES = 1024;

export function mountObjectStoryRoute(
  app: Hono,
  guard: MiddlewareHandler,
  objectStory: (key: string) => Promise<ObjectStory | null>,
): void {
  app.get(`${OBJECTS_ROUTE_PREFIX}*`, guard, async (c) => {
    let key: string;
    try {
      key = decodeURIComponent(c.req.path.slice(OBJECTS_ROUTE_PREFIX.length));
    } catch {
      return c.json({ error: 'the key is not valid percent-encoding' }, 400);
    }
    if (!key) return c.json({ error: 'missing key: GET /v1/objects/{key}' }, 400);
    if (Buffer.byteLength(key) > MAX_STORY_KEY_BYTES)
      return c.json({ error: `key longer than ${MAX_STORY_KEY_BYTES} bytes` }, 400);
    const story = await objectStory(key);
    if (!story) return c.json({ error: `no record of key ${JSON.stringify(key)}` }, 404);
    return c.json(story);
  });
}
