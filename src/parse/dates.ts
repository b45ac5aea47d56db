// Date mentions in the body, resolved against a reference date (publication date) when possible.
import type { DateMention } from './types.js';

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_ALT =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?';
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const DATE_RE = new RegExp(
  [
    String.raw`\b(\d{4})-(\d{2})-(\d{2})\b`, // ISO
    String.raw`\b(${MONTH_ALT})\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`, // August 5, 2025
    String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH_ALT})\s+(\d{4})\b`, // 5 August 2025
    String.raw`\b(${MONTH_ALT})\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s+\d{4})`, // August 5
    String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH_ALT})\b(?!\s+\d{4})`, // 5 August
    String.raw`\b(?:in|since|until|by|from|during|early|late|mid-|last|next|this)\s*(January|February|March|April|June|July|August|September|October|November|December)(?:\s+(\d{4}))?\b`, // in August
    String.raw`\b(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)\b`,
    String.raw`\b(yesterday|today|tomorrow)\b`,
  ].join('|'),
  'gi',
);

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

function monthIndex(name: string): number {
  const k = name.toLowerCase().replace('.', '').slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(k));
}

function validDay(y: number, m: number, d: number): string | null {
  if (m < 0 || m > 11 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m, d));
  return dt.getUTCMonth() === m ? ymd(dt) : null;
}

/** News refers to the most recent past occurrence of a month or weekday name without a year. */
function recentYear(ref: Date | undefined, month: number, day = 1): number | null {
  if (!ref) return null;
  const y = ref.getUTCFullYear();
  const candidate = Date.UTC(y, month, day);
  // Allow a few weeks ahead ("in December" written in late November refers to the coming month).
  return candidate - ref.getTime() > 45 * 86400000 ? y - 1 : y;
}

export function extractDates(text: string, referenceDate?: Date): DateMention[] {
  const ref = referenceDate && !Number.isNaN(referenceDate.getTime()) ? referenceDate : undefined;
  const out: DateMention[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(DATE_RE)) {
    const g = m.slice(1);
    let date: string | null = null;
    if (g[0]) date = validDay(Number(g[0]), Number(g[1]) - 1, Number(g[2]));
    else if (g[3]) date = validDay(Number(g[5]), monthIndex(g[3]), Number(g[4]));
    else if (g[7]) date = validDay(Number(g[8]), monthIndex(g[7]), Number(g[6]));
    else if (g[9]) {
      const y = recentYear(ref, monthIndex(g[9]), Number(g[10]));
      date = y === null ? null : validDay(y, monthIndex(g[9]), Number(g[10]));
    } else if (g[12]) {
      const y = recentYear(ref, monthIndex(g[12]), Number(g[11]));
      date = y === null ? null : validDay(y, monthIndex(g[12]), Number(g[11]));
    } else if (g[13]) {
      const mi = monthIndex(g[13]);
      const y = g[14] ? Number(g[14]) : recentYear(ref, mi);
      date = y === null ? null : `${y}-${pad(mi + 1)}`;
    } else if (g[15]) {
      if (ref) {
        // The most recent such weekday on or before the reference date.
        const delta = (ref.getUTCDay() - DAYS.indexOf(g[15].toLowerCase()) + 7) % 7;
        date = ymd(new Date(ref.getTime() - delta * 86400000));
      }
    } else if (g[16] && ref) {
      const offset = { yesterday: -1, today: 0, tomorrow: 1 }[g[16].toLowerCase() as 'today'] ?? 0;
      date = ymd(new Date(ref.getTime() + offset * 86400000));
    }
    const mention = m[0].trim();
    const k = `${mention}|${date}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ text: mention, date });
    if (out.length >= 50) break;
  }
  return out;
}
