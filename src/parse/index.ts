// The parser's public entry points. Synchronous and pure: the worker runs it in a worker thread.
import { type ArticleParts, buildArticle } from './article.js';
import { isProbablyBinaryText } from './decode.js';
import { detectFormat } from './detect-format.js';
import { extractFromHtml } from './html/extract.js';
import { isJsonLineError, readJsonLines } from './jsonl.js';
import { countWords, normaliseText } from './normalize.js';
import { extractFromText } from './text/boilerplate.js';
import { wordEquivalents } from './text/features.js';
import type { ItemRejection, ParsedItem, ParseOptions, ParseResult, RejectReason } from './types.js';

export { decodeBytes, isProbablyBinary, isProbablyBinaryText } from './decode.js';
export type * from './types.js';

export { PARSER_VERSION } from './version.js';

export const DEFAULT_MAX_ARTICLE_CHARS = 200_000;
/** Default of MAX_ARTICLES_PER_OBJECT: one object cannot become more events than this. */
export const DEFAULT_MAX_ARTICLES = 1000;
/**
 * An article's body has at least this many words (two CJK characters count as one): the minimum the
 * plain-text parser asks of one paragraph of prose. Shorter records are not articles, so a container
 * of one-word records cannot turn into thousands of events.
 */
export const MIN_ARTICLE_WORDS = 8;
/** Inputs beyond this are cut before parsing so one giant upload cannot stall a worker. */
const MAX_INPUT_CHARS = 20_000_000;

type Outcome = { article: ParsedItem['article'] } | { reason: RejectReason; message: string };

function finish(parts: ArticleParts, opts: ParseOptions): Outcome {
  const max = opts.maxArticleChars ?? DEFAULT_MAX_ARTICLE_CHARS;
  const bodyChars = parts.paragraphs.reduce((n, p) => n + p.length + 2, 0);
  if (bodyChars > max)
    return { reason: 'too-large', message: `body has ${bodyChars} characters, limit ${max}` };
  // Checked before the article is built: building (entities, quotes, language) is the costly part.
  const words = wordEquivalents(parts.paragraphs.join('\n'));
  if (words > 0 && words < MIN_ARTICLE_WORDS)
    return {
      reason: 'too-short',
      message: `body has ${Math.floor(words)} words, an article has at least ${MIN_ARTICLE_WORDS}`,
    };
  const article = buildArticle(parts, opts.referenceDate);
  if (!article.paragraphs.length || article.wordCount === 0)
    return { reason: 'no-body', message: 'no article-like text found' };
  return { article };
}

function parsePlain(text: string, opts: ParseOptions): Outcome {
  const x = extractFromText(text);
  return finish({ ...x, url: null, publishedAt: null }, opts);
}

function parseHtml(html: string, opts: ParseOptions): Outcome {
  const x = extractFromHtml(html);
  return finish(
    {
      paragraphs: x.paragraphs,
      related: x.related,
      headline: x.meta.headline,
      byline: x.meta.byline,
      url: x.meta.url,
      publishedAt: x.meta.publishedAt,
    },
    opts,
  );
}

const TAG_START = /<(?:p|div|br|span|a)\b/i;

/**
 * Same answer as /<(?:p|div|br|span|a)\b[^>]*>/i, in linear time: that regex rescans to the end from
 * every tag start when no ">" follows ("<a <a <a ..."). Some start has a later ">" iff the first does.
 */
function hasMarkup(body: string): boolean {
  const start = TAG_START.exec(body);
  return start !== null && body.indexOf('>', start.index + start[0].length) !== -1;
}

/** JSON records carry a clean body; it may still be HTML or hard-wrapped text. */
function parseRecordBody(body: string): ArticleParts['paragraphs'] {
  if (hasMarkup(body)) return extractFromHtml(body).paragraphs;
  const x = extractFromText(normaliseText(body));
  return x.paragraphs.length ? x.paragraphs : [body];
}

function parseJsonLines(text: string, opts: ParseOptions): ParseResult {
  const maxArticles = opts.maxArticles ?? DEFAULT_MAX_ARTICLES;
  const items: ParsedItem[] = [];
  const rejected: ItemRejection[] = [];
  for (const rec of readJsonLines(text)) {
    if (isJsonLineError(rec)) {
      rejected.push({ position: rec.position, reason: 'malformed-container', message: rec.message });
      continue;
    }
    if (!rec.body || !countWords(rec.body)) {
      rejected.push({ position: rec.position, reason: 'no-body', message: 'record has no body text field' });
      continue;
    }
    const outcome = finish(
      {
        paragraphs: parseRecordBody(rec.body),
        related: [],
        headline: rec.headline,
        byline: rec.byline,
        url: rec.url,
        publishedAt: rec.publishedAt,
      },
      opts,
    );
    if (!('article' in outcome)) {
      rejected.push({ position: rec.position, reason: outcome.reason, message: outcome.message });
      continue;
    }
    // Past the cap the object is rejected whole: a partial publication would leave no clear outcome.
    if (items.length === maxArticles)
      return {
        format: 'jsonl',
        items: [],
        rejected: [
          {
            position: rec.position,
            reason: 'too-many-articles',
            message: `more than ${maxArticles} articles in one object (MAX_ARTICLES_PER_OBJECT)`,
          },
        ],
      };
    items.push({ position: rec.position, article: outcome.article });
  }
  if (!items.length && !rejected.length)
    rejected.push({ position: 0, reason: 'empty', message: 'container holds no records' });
  return { format: 'jsonl', items, rejected };
}

function single(format: ParseResult['format'], outcome: Outcome): ParseResult {
  return 'article' in outcome
    ? { format, items: [{ position: 0, article: outcome.article }], rejected: [] }
    : { format, items: [], rejected: [{ position: 0, reason: outcome.reason, message: outcome.message }] };
}

/** Parses one document into articles. Never throws: failures come back as `rejected` entries. */
export function parseDocument(text: string, opts: ParseOptions = {}): ParseResult {
  let format: ParseResult['format'] = 'text';
  try {
    const input = typeof text === 'string' ? text : String(text ?? '');
    if (!input.trim()) return single('text', { reason: 'empty', message: 'document is empty' });
    if (isProbablyBinaryText(input))
      return single('text', { reason: 'binary', message: 'document looks binary' });
    const clipped = input.length > MAX_INPUT_CHARS ? input.slice(0, MAX_INPUT_CHARS) : input;
    format = detectFormat(clipped, opts.contentType, opts.name);
    if (format === 'jsonl') return parseJsonLines(clipped, opts);
    if (format === 'html') return single('html', parseHtml(clipped, opts));
    return single('text', parsePlain(normaliseText(clipped), opts));
  } catch (e) {
    return single(format, {
      reason: 'malformed-container',
      message: `parser failure: ${(e as Error)?.message ?? e}`,
    });
  }
}
