// Paragraphs + container metadata -> the full ParsedArticle (entities, quotes, language, dates...).
import { extractDates } from './dates.js';
import { analyseEntities } from './entities.js';
import { detectLanguage } from './language.js';
import { countWords, normaliseInline } from './normalize.js';
import { extractQuotes } from './quotes.js';
import type { ParsedArticle } from './types.js';

export interface ArticleParts {
  paragraphs: string[];
  related: string[];
  headline: string | null;
  byline: string | null;
  url: string | null;
  publishedAt: string | null;
}

const WORDS_PER_MINUTE = 230;

/** "WASHINGTON (Reuters) -", "VIENNA —", "Hong Kong (CNN Business)" at the start of the lede. */
const DATELINE =
  /^((?:\p{Lu}[\p{Lu}.'’-]+(?:\s+\p{Lu}[\p{Lu}.'’-]+){0,3}(?:,\s+[\p{L}.]+(?:\s+[\p{L}.]+){0,3})?\s*(?:\([^)]{1,40}\))?)\s*[-—–]{1,2}|(?:\p{Lu}[\p{L}.'’-]+(?:\s+\p{Lu}[\p{L}.'’-]+){0,3}(?:,\s+\p{Lu}[\p{L}.]+)?\s*\((?:AP|Reuters|AFP|CNN[\w ]*|dpa|IANS|PTI|Xinhua|TASS|UPI|Bloomberg)\)))\s*[-—–]?\s*/u;

export function findDateline(lede: string | undefined): string | null {
  if (!lede) return null;
  const m = lede.match(DATELINE);
  if (!m?.[1]) return null;
  const d = m[1].replace(/\s*[-—–]+$/, '').trim();
  return d.length >= 2 && d.length <= 80 ? d : null;
}

function resolveReference(publishedAt: string | null, referenceDate: Date | undefined): Date | undefined {
  if (referenceDate) return referenceDate;
  if (!publishedAt) return undefined;
  const d = new Date(publishedAt);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function buildArticle(parts: ArticleParts, referenceDate?: Date): ParsedArticle {
  const paragraphs = parts.paragraphs.map((p) => normaliseInline(p).normalize('NFC')).filter(Boolean);
  const body = paragraphs.join('\n\n');
  const wordCount = countWords(body);
  const analysis = analyseEntities(body);
  return {
    headline: parts.headline ? normaliseInline(parts.headline).normalize('NFC') : null,
    byline: parts.byline ? normaliseInline(parts.byline).normalize('NFC') : null,
    dateline: findDateline(paragraphs[0]),
    paragraphs,
    body,
    lede: paragraphs[0] ?? null,
    related: parts.related.map((r) => normaliseInline(r).normalize('NFC')).filter(Boolean),
    quotes: extractQuotes(body, analysis),
    entities: analysis.entities,
    language: detectLanguage(paragraphs),
    wordCount,
    readingTimeMinutes: wordCount ? Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE)) : 0,
    dates: extractDates(body, resolveReference(parts.publishedAt, referenceDate)),
    url: parts.url,
    publishedAt: parts.publishedAt,
  };
}
