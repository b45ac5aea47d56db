// Chooses the article region of a page's plain text and separates the headline lists around it.
// The article is the densest contiguous run of prose: a maximum-sum segment where prose units add their
// length and menus, headline lists, share buttons and notices subtract.

import { datelineLength } from '../dateline.js';
import { type UnitFeatures, unitFeatures } from './features.js';
import { chooseRegion, titleRepeat } from './regions.js';
import { segmentText, type TextUnit } from './segment.js';

export interface TextExtraction {
  paragraphs: string[];
  related: string[];
  headline: string | null;
  byline: string | null;
}

interface ScoredUnit extends TextUnit {
  f: UnitFeatures;
  value: number;
}

/** Headers that introduce a list of other stories; they belong to neither the body nor the list. */
const LIST_HEADER =
  /^(?:also in|more (?:from|in|on|about|news|stories|headlines)|related|latest|most (?:popular|read|viewed|shared)|top (?:stories|news)|recommended|trending|popular|read more|see also|other news|in other news|you (?:may|might) also|editor'?s picks?|what to read next|further reading)\b/i;

const BYLINE =
  /^(?:(?:by|from|von|par|por|di|door|av)\s+\p{Lu}[\p{L}.'’-]*(?:\s+[\p{L}.'’-]+){0,8}|[\p{Lu}][\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,3}\s+(?:News|Staff|Reporter|Correspondent)(?:\s+\p{L}+)?)$/u;

const BYLINE_WITH_DATE =
  /^(?:by|from)\s+\p{Lu}.*\b(?:\d{4}|\d{1,2}:\d{2}|[ap]\.?m\.?|ago|updated|published)\b/iu;

const TRAILING_TEASER =
  /\s*(?:\.\.\.|…)?\s*(?:read more|continue reading|read the full (?:story|article)|full story|more\.\.\.)\s*(?:»|›|>|→)?\s*$/i;

function isProse(f: UnitFeatures): boolean {
  // CJK text has no spaces or stop words to count; its clauses end in 、 as often as in 。.
  const cjk = f.weight > f.words;
  if (cjk) return f.weight >= 8 && (f.endsSentence || f.sentences >= 1 || f.endsClause);
  // Title Case without a final stop is a headline, even with a "?" or "!" inside.
  if (!f.endsSentence && f.headlineLike && f.capsRatio >= 0.6) return false;
  return f.weight >= 8 && (f.endsSentence || f.sentences >= 1) && f.stopRatio >= 0.08;
}

/** "Related articles" boxes also sit inside articles; comments and source lists only come after them. */
const BARRIER_PENALTY = 15;
const TERMINAL_BARRIER_PENALTY = 60;

/** Value of a unit on its own; `contextualValues` then adjusts for neighbours. */
export function unitValue(f: UnitFeatures, text = ''): number {
  if (f.terminalBarrier) return -TERMINAL_BARRIER_PENALTY;
  if (f.barrier) return -BARRIER_PENALTY;
  // "By Jane Doe and John Roe on Monday, March 2nd, 2020 at 11:08 a.m."
  if (f.words <= 25 && BYLINE_WITH_DATE.test(text)) return -10;
  // Inline furniture (captions, "Read more" links) interrupts articles; it is dropped from the body anyway,
  // so it only mildly separates regions.
  if (f.boilerplate) return -(4 + Math.min(f.weight, 30) * 0.2);
  if (f.dateLine) return -8;
  if (isProse(f)) return f.weight;
  // A Title Case line that is not a sentence: a headline in a list or a menu entry.
  if (f.headlineLike && f.capsRatio >= 0.6 && f.words >= 3) return -(6 + f.weight * 0.5);
  // A long line of capitalised words with hardly a function word or a comma is a menu, tag cloud or archive
  // list run together, not prose missing its full stop (tables and results keep their commas).
  if (
    f.weight >= 25 &&
    f.weight === f.words &&
    f.stopRatio < 0.05 &&
    f.capsRatio >= 0.5 &&
    (text.match(/[,;.]/g)?.length ?? 0) < f.words * 0.1
  )
    return -(3 + Math.min(f.weight, 60) * 0.3);
  if (f.weight >= 25) return f.weight * 0.5;
  // Short sentence-case lines (list items, captions, subheads) are nearly neutral; menu entries are not.
  // An unpunctuated sentence-case line of 7+ words is more often another story's headline.
  if (
    f.words >= 4 &&
    f.capsRatio < 0.5 &&
    f.stopRatio >= 0.1 &&
    (f.words <= 6 || /[.:!?)]$/.test(f.lastChar))
  )
    return -1;
  return -(3 + f.weight * 0.3);
}

/**
 * Article prose comes in runs of paragraphs; teaser lists alternate one prose line with titles, bylines and
 * timestamps. Prose with no prose neighbour is discounted, and teasers ("Title Case Headline The story...")
 * next to other headlines count against the region.
 */
export function contextualValues(
  units: readonly { f: UnitFeatures; value: number }[],
  titleAt = -1,
): number[] {
  const prose = units.map((u) => isProse(u.f) && !u.f.boilerplate && !u.f.barrier);
  const dateWithin = (from: number, to: number) => {
    for (let k = Math.max(0, from); k <= Math.min(units.length - 1, to); k++)
      if (units[k]!.f.dateLine) return true;
    return false;
  };
  /** Prose within a few units of i, not next to it. */
  const proseNearby = (i: number) => {
    for (let k = Math.max(0, i - 6); k <= Math.min(units.length - 1, i + 6); k++)
      if (prose[k] && Math.abs(k - i) >= 2) return true;
    return false;
  };
  let proseSoFar = 0;
  let inComments = false;
  /** Another comment byline within the next few units. */
  const headerSoon = (i: number) => {
    for (let k = i + 1; k <= Math.min(units.length - 1, i + 12); k++)
      if (units[k]!.f.commentByline) return true;
    return false;
  };
  return units.map((u, i) => {
    // Once a comment section opens after real prose, the rest of the page is not the article.
    // A comments link above the repeated page title (a count next to the headline) opens nothing: comments
    // follow the story.
    if (u.f.commentsBarrier && proseSoFar >= 60 && i > titleAt) inComments = true;
    // Or a thread without a header: two comment bylines ("Jo says:", "Jo, May 3, 2012 at 9:15 pm") close together.
    if (u.f.commentByline && proseSoFar >= 60 && i > titleAt && headerSoon(i)) inComments = true;
    if (inComments) return -Math.abs(u.value) - 1;
    if (prose[i]) proseSoFar += u.value;
    if (!prose[i]) return u.value;
    // Teaser between two list-entry timestamps, with another teaser a few lines away: a list repeats its entry
    // shape, a short story under its own date above a list of dated headlines does not.
    if (dateWithin(i - 2, i - 1) && dateWithin(i + 1, i + 4) && proseNearby(i))
      return -(5 + u.f.weight * 0.3);
    const prev = units[i - 1];
    const next = units[i + 1];
    const listy = (n: typeof prev) =>
      !!n && (n.f.titlePrefix || (n.f.headlineLike && n.f.capsRatio >= 0.6) || n.f.dateLine);
    if (u.f.titlePrefix && (listy(prev) || listy(next))) return -(5 + u.f.weight * 0.3);
    if (!prose[i - 1] && !prose[i + 1]) return u.value * 0.5;
    return u.value;
  });
}

function isHeadlineListItem(u: ScoredUnit): boolean {
  return (
    u.f.headlineLike &&
    !u.f.boilerplate &&
    u.f.words >= 3 &&
    !LIST_HEADER.test(u.text) &&
    !BYLINE.test(u.text)
  );
}

/** Runs of >= 3 consecutive headline-like lines outside the body. */
function collectRelated(units: readonly ScoredUnit[], from: number, to: number, out: Set<number>): void {
  let run: number[] = [];
  const flush = () => {
    if (run.length >= 3) for (const i of run) out.add(i);
    run = [];
  };
  for (let i = from; i < to; i++) {
    const u = units[i]!;
    if (isHeadlineListItem(u)) run.push(i);
    else if (!LIST_HEADER.test(u.text)) flush();
  }
  flush();
}

/**
 * A headline above the body stands in its own block, reads like a title and is not a menu, a page title
 * ("Business | Site Name"), a timestamp or a caption. A headline in capitals is returned as printed (case is
 * not restored: proper nouns cannot be told from common words). When unsure: null.
 */
function isStandaloneHeadline(units: readonly ScoredUnit[], i: number, datelinedLede: boolean): boolean {
  const u = units[i]!;
  const next = units[i + 1];
  const f = u.f;
  // Wire copy prints its headline in capitals, often on the line right above the lede. Shouting without a
  // function word or with a comma is a label or a credit ("SPORTS", "AGENCY, PHOTO CREDIT"), not a headline.
  // Above a datelined lede it needs only three words.
  const shouted = !/\p{Ll}/u.test(u.text);
  if (shouted && (u.text.includes(',') || (datelinedLede ? f.words < 3 : f.words < 4 || f.stopRatio === 0)))
    return false;
  if (!u.blockStart || (next && !next.blockStart && !shouted)) return false;
  if (!f.headlineLike || f.words < 3 || f.boilerplate || f.barrier || f.dateLine) return false;
  if (/\s[|•·／/]\s/.test(u.text) || /[:;]$|^by\s/i.test(u.text)) return false;
  // Timestamps and tag lists: digits with times, or no function words at all in a long line.
  if (
    /\d{1,2}[:.]\d{2}|\d{4}-\d{2}-\d{2}/.test(u.text) ||
    (f.words >= 4 && f.stopRatio === 0 && f.capsRatio === 1 && !(shouted && datelinedLede))
  )
    return false;
  return !LIST_HEADER.test(u.text) && !BYLINE.test(u.text);
}

/**
 * Prose printed more than once on the page (a teaser in two lists, a promo in header and footer) counts half:
 * an article's paragraphs appear once.
 */
function discountRepeats(units: ScoredUnit[]): void {
  const seen = new Map<string, number>();
  for (const u of units) seen.set(u.text, (seen.get(u.text) ?? 0) + 1);
  for (const u of units) if (u.value > 0 && (seen.get(u.text) ?? 0) >= 2) u.value *= 0.5;
}

export function stripTeaser(paragraph: string): string {
  return paragraph.replace(TRAILING_TEASER, '').trim();
}

const EXPLICIT_TITLE = /^(?:title|headline)\s*:\s*(.+)$|^#\s+(.+)$/i;

export function extractFromText(text: string): TextExtraction {
  const units: ScoredUnit[] = segmentText(text).map((u) => {
    const f = unitFeatures(u.text);
    return { ...u, f, value: unitValue(f, u.text) };
  });
  discountRepeats(units);
  const empty: TextExtraction = { paragraphs: [], related: [], headline: null, byline: null };
  if (!units.length) return empty;

  // An explicit "Title: ..." line is the headline and never body.
  let headline: string | null = null;
  const titleMatch = units[0]!.text.match(EXPLICIT_TITLE);
  if (titleMatch) {
    headline = (titleMatch[1] ?? titleMatch[2] ?? '').trim() || null;
    units[0]!.value = -1000;
  }

  const titleAt = titleRepeat(units);
  const region = chooseRegion(units, contextualValues(units, titleAt), titleAt);
  if (!region) return { ...empty, headline };
  const [start, end] = region;

  const relatedIdx = new Set<number>();
  collectRelated(units, 0, start, relatedIdx);
  collectRelated(units, end + 1, units.length, relatedIdx);

  let byline: string | null = null;
  // Headline and byline: the short lines just above the body.
  for (let i = start - 1; i >= Math.max(0, start - 4); i--) {
    const u = units[i]!;
    if (relatedIdx.has(i) || u.f.boilerplate) break;
    if (!byline && BYLINE.test(u.text) && u.f.words <= 10) {
      byline = u.text;
      continue;
    }
    if (!headline && isStandaloneHeadline(units, i, datelineLength(units[start]!.text) > 0)) {
      headline = u.text;
      break;
    }
  }

  const paragraphs: string[] = [];
  for (let i = start; i <= end; i++) {
    const u = units[i]!;
    if (u.f.boilerplate || u.f.barrier) continue;
    if (!byline && i === start && BYLINE.test(u.text)) {
      byline = u.text;
      continue;
    }
    paragraphs.push(u.text);
  }
  if (paragraphs.length) paragraphs[paragraphs.length - 1] = stripTeaser(paragraphs[paragraphs.length - 1]!);
  // A headline repeated inside the body (the article's own title in a list) is not a related story.
  const inBody = new Set(paragraphs);
  const related = [...relatedIdx]
    .sort((a, b) => a - b)
    .map((i) => units[i]!.text)
    .filter((t) => !inBody.has(t));
  return { paragraphs: paragraphs.filter((p) => p.length > 0), related, headline, byline };
}
