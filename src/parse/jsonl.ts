// JSON Lines (or a JSON array) of articles: one record per line, field names vary by source.

export interface JsonRecord {
  position: number;
  headline: string | null;
  body: string | null;
  url: string | null;
  publishedAt: string | null;
  byline: string | null;
}

export interface JsonLineError {
  position: number;
  message: string;
}

const HEADLINE_FIELDS = ['headline', 'title', 'name', 'heading'];
const BODY_FIELDS = ['body', 'text', 'content', 'articleBody', 'article', 'story', 'description', 'summary'];
const URL_FIELDS = ['url', 'link', 'href', 'canonicalUrl', 'canonical_url', 'permalink'];
const DATE_FIELDS = [
  'publishedAt',
  'published_at',
  'datePublished',
  'published',
  'pubDate',
  'date',
  'publishDate',
  'created_at',
  'timestamp',
];
const BYLINE_FIELDS = ['byline', 'author', 'authors', 'creator'];

function pick(obj: Record<string, unknown>, fields: readonly string[]): string | null {
  const lower = new Map(Object.keys(obj).map((k) => [k.toLowerCase(), k]));
  for (const f of fields) {
    const k = lower.get(f.toLowerCase());
    if (k === undefined) continue;
    const v = obj[k];
    if (typeof v === 'string' && v.trim()) return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (Array.isArray(v)) {
      const parts = v.filter((x): x is string => typeof x === 'string');
      if (parts.length) return parts.join(fields === BODY_FIELDS ? '\n\n' : ', ');
      const names = v
        .map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>).name : null))
        .filter((x): x is string => typeof x === 'string');
      if (names.length) return names.join(', ');
    }
    if (v && typeof v === 'object' && typeof (v as Record<string, unknown>).name === 'string')
      return (v as Record<string, string>).name ?? null;
  }
  return null;
}

function normaliseDate(value: string | null): string | null {
  if (!value) return null;
  const n = Number(value);
  // Epoch seconds or milliseconds.
  const d = /^\d{9,13}$/.test(value) ? new Date(value.length <= 10 ? n * 1000 : n) : new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

function toRecord(value: unknown, position: number): JsonRecord | JsonLineError {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { position, message: 'line is not a JSON object' };
  const obj = value as Record<string, unknown>;
  return {
    position,
    headline: pick(obj, HEADLINE_FIELDS),
    body: pick(obj, BODY_FIELDS),
    url: pick(obj, URL_FIELDS),
    publishedAt: normaliseDate(pick(obj, DATE_FIELDS)),
    byline: pick(obj, BYLINE_FIELDS),
  };
}

export function readJsonLines(text: string): (JsonRecord | JsonLineError)[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const arr: unknown = JSON.parse(trimmed);
      if (Array.isArray(arr)) return arr.map((v, i) => toRecord(v, i));
    } catch {
      /* fall through: treat as lines */
    }
  }
  const out: (JsonRecord | JsonLineError)[] = [];
  let position = 0;
  for (const line of text.split('\n')) {
    const l = line.trim();
    if (!l) continue;
    try {
      out.push(toRecord(JSON.parse(l), position));
    } catch (e) {
      out.push({ position, message: `invalid JSON: ${(e as Error).message.slice(0, 120)}` });
    }
    position++;
  }
  return out;
}

export function isJsonLineError(r: JsonRecord | JsonLineError): r is JsonLineError {
  return 'message' in r;
}
