// Writes schema/article-event.v1.json from the zod schema (`npm run schema:generate`).
import { writeFileSync } from 'node:fs';
import { renderArticleEventJsonSchema } from '../src/subscriber/json-schema.js';

const target = new URL('../schema/article-event.v1.json', import.meta.url);
writeFileSync(target, renderArticleEventJsonSchema());
process.stdout.write(`wrote ${target.pathname}\n`);
