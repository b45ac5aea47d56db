// Datelines that open wire copy: "BOSTON, Oct 19 -", "WASHINGTON (Reuters) -", "SPRINGFIELD, Ill. (AP) —",
// "Lagos, March 3 (AFP) --", "Nairobi (AFP)". Anchored at the start with bounded repeats only, so a
// match costs at most a few hundred steps whatever follows.
import agencies from './data/news-agencies.json' with { type: 'json' };

/** City in capitals ("NEW YORK", "FORT WORTH", "WINSTON-SALEM"). */
const CAPS_CITY = String.raw`\p{Lu}[\p{Lu}.'’-]+(?:\s\p{Lu}[\p{Lu}.'’-]+){0,3}`;
/** City in Title Case ("Hong Kong", "Boston"). */
const TITLE_CITY = String.raw`\p{Lu}[\p{L}.'’-]+(?:\s\p{Lu}[\p{L}.'’-]+){0,3}`;
/** ", Ill.", ", South Australia", ", Oct 19", ", Oct. 19", ", March 3": region or date after the city. */
const QUALIFIER = String.raw`,\s[\p{L}\p{N}.]+(?:\s[\p{L}\p{N}.]+){0,3}`;
/** "(Reuters)", "(AP)", "(Kyodo News)": any bracketed name, when a dash follows. */
const AGENCY = String.raw`\(\p{Lu}[^()\n]{0,39}\)`;
const DASH = '(?:--|[-—–])';

const DATELINE = new RegExp(
  String.raw`^((?:${CAPS_CITY}(?:${QUALIFIER})?\s*(?:${AGENCY})?)\s*${DASH}|(?:${TITLE_CITY}(?:${QUALIFIER})?\s?${AGENCY})\s*${DASH})\s`,
  'u',
);
/** Known news organisations (data/news-agencies.json), each optionally followed by a desk or service name. */
const AGENCY_NAMES = agencies.words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const KNOWN_AGENCY = String.raw`(?:${AGENCY_NAMES})(?:\s\p{Lu}\p{L}{0,20}){0,2}`;
/** A known agency in parentheses makes a Title Case dateline even without a dash ("Nairobi (AFP)"). */
const AGENCY_ONLY = new RegExp(String.raw`^(${TITLE_CITY}(?:${QUALIFIER})?\s?\(${KNOWN_AGENCY}\))\s`, 'u');

/** The dateline at the start of a lede, without its dash; null when the paragraph does not open with one. */
export function findDateline(lede: string | undefined): string | null {
  if (!lede) return null;
  const m = matchDateline(lede);
  if (!m?.[1]) return null;
  const d = m[1].replace(/\s*(?:--|[-—–])$/, '').trim();
  return d.length >= 2 && d.length <= 80 ? d : null;
}

/** Length of the dateline prefix (dash included) at the start of a paragraph, 0 when there is none. */
export function datelineLength(text: string): number {
  return matchDateline(text)?.[0].length ?? 0;
}

/** A dateline opens the first 160 characters of a paragraph, or there is none. */
function matchDateline(text: string): RegExpMatchArray | null {
  const head = text.slice(0, 160);
  return head.match(DATELINE) ?? head.match(AGENCY_ONLY);
}
