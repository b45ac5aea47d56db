// Paragraphs + container metadata -> the full ParsedArticle (entities, quotes, language, dates...).

import { findDateline } from './dateline.js';
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
