// Narrowing for tests that read what the producer published after an upload: the event must carry an
// article (parsed, duplicate or updated); anything else fails the test with the event's type.
import type { ArticleContentEvent, ArticleEvent } from '../../src/events/article-event.js';

export function withArticle(event: ArticleEvent | undefined): ArticleContentEvent {
  if (!event) throw new Error('expected an event carrying an article, got none');
  if (event.type === 'article.deleted') {
    throw new Error(`expected an event carrying an article, got ${event.type} (${event.eventId})`);
  }
  return event;
}
