// The parser's contract. Pure data: the worker, the CLI and the benchmarks all call `parseDocument`
// (src/parse/index.ts) and see only these types.

export interface Quote {
  text: string;
  /** The person the quote is attributed to, as a name ("Ana Ruiz"), or null when unattributed. */
  speaker: string | null;
}

export interface Entities {
  people: string[];
  organizations: string[];
  places: string[];
}

export interface DateMention {
  /** The words as they stand in the text ("in August", "Monday"). */
  text: string;
  /** Resolved calendar date (YYYY-MM-DD) or month (YYYY-MM) when it can be resolved, else null. */
  date: string | null;
}

export interface ParsedArticle {
  headline: string | null;
  byline: string | null;
  dateline: string | null;
  /** Body paragraphs, NFC, whitespace normalised, hard-wrapped lines re-joined. */
  paragraphs: string[];
  /** paragraphs joined by a blank line. */
  body: string;
  lede: string | null;
  /** Headline lists stripped from the page (sidebars, "related stories"). */
  related: string[];
  quotes: Quote[];
  entities: Entities;
  /** ISO 639-1 code detected on the body, or "und" when it cannot be told. */
  language: string;
  wordCount: number;
  readingTimeMinutes: number;
  dates: DateMention[];
  /** Metadata a container (JSON Lines, HTML meta) supplied, when present. */
  url: string | null;
  publishedAt: string | null;
}

export type InputFormat = 'text' | 'html' | 'jsonl';

export interface ParseOptions {
  /** Content-Type of the object, if known (e.g. "text/html; charset=utf-8"). */
  contentType?: string | undefined;
  /** Object key or file name; its extension is a format hint. */
  name?: string | undefined;
  /** Largest article body accepted, in characters. */
  maxArticleChars?: number | undefined;
  /** Most articles one container (JSON Lines) may hold; beyond it the whole object is rejected. */
  maxArticles?: number | undefined;
  /** Reference date for resolving relative date mentions (defaults to publishedAt, else none). */
  referenceDate?: Date | undefined;
}

/** One article found in a document, with its position (0-based) within the container. */
export interface ParsedItem {
  position: number;
  article: ParsedArticle;
}

/** Why a document (or an item in it) yielded no article. Stable codes: metrics and DLQ triage use them. */
export type RejectReason =
  | 'empty'
  | 'binary'
  | 'no-body'
  /** Text, but less than an article's minimum (MIN_ARTICLE_WORDS). */
  | 'too-short'
  | 'too-large'
  /** A container with more articles than maxArticles: rejected whole, nothing is published. */
  | 'too-many-articles'
  | 'malformed-container';

export interface ItemRejection {
  position: number;
  reason: RejectReason;
  message: string;
}

export interface ParseResult {
  format: InputFormat;
  items: ParsedItem[];
  /** Items of a container that could not become articles; a document with no items has at least one. */
  rejected: ItemRejection[];
}

export interface DecodedText {
  text: string;
  /** Charset that was detected and used: "utf-8", "utf-16le", "utf-16be", "windows-1252", ... */
  charset: string;
  /** True when bytes were invalid in the detected charset and replaced. */
  lossy: boolean;
}
