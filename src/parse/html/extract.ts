// HTML page -> article paragraphs + metadata. Readability finds the main container; our own rules then remove
// the furniture it keeps (captions, timestamps, "Read more" links, author boxes, newsletter promos).
import { Readability } from '@mozilla/readability';
import { normaliseInline } from '../normalize.js';
import { unitFeatures } from '../text/features.js';
import { domToBlocks, type HtmlBlock } from './blocks.js';
import { type DomDocument, parseDom } from './dom.js';
import { extractMetadata, type HtmlMetadata } from './metadata.js';

export interface HtmlExtraction {
  paragraphs: string[];
  related: string[];
  meta: HtmlMetadata;
}

/** Class/id words of containers that hold page furniture rather than article text. */
const FURNITURE_HINT =
  /(?:^|[\s_-])(?:caption|credit|related|share|sharing|social|newsletter|promo|byline|author-?(?:bio|info|box)|timestamp|dateline|tags?|breadcrumbs?|advert|ad-?slot|sponsor|outbrain|taboola|recirc|more-stories|read-?more|signup|subscribe|inline-?link|see-?also|also-?read|rating|comments?)(?:$|[\s_-])/;

function isProse(text: string): boolean {
  const f = unitFeatures(text);
  return f.weight >= 8 && (f.endsSentence || f.sentences >= 1);
}

function isFurniture(b: HtmlBlock): boolean {
  const f = unitFeatures(b.text);
  if (f.boilerplate || f.barrier || f.dateLine) return true;
  // Shouted headlines are links to other stories.
  if (f.words >= 4 && !/\p{Ll}/u.test(b.text) && !f.endsSentence) return true;
  // Short, mostly-link blocks are related-story links.
  if (f.words <= 25 && b.linkChars > b.text.length * 0.6 && f.capsRatio >= 0.6 && !f.endsSentence)
    return true;
  // The nearest container's class names; the article container itself is often called "story-body".
  const nearest = b.ancestry.split(' | ').slice(-2).join(' ');
  return f.words <= 40 && FURNITURE_HINT.test(nearest);
}

/** Paragraphs of the Readability container, furniture removed and the edges trimmed to prose. */
function cleanBlocks(blocks: readonly HtmlBlock[]): string[] {
  const kept: string[] = [];
  let prose = 0;
  for (const b of blocks) {
    const f = unitFeatures(b.text);
    // Author boxes, comment sections and source lists end the article.
    if (f.terminalBarrier && prose >= 60) break;
    if (isFurniture(b)) continue;
    kept.push(b.text);
    if (isProse(b.text)) prose += f.weight;
  }
  let start = 0;
  let end = kept.length;
  // Menu crumbs and bylines at the edges of the container ("Home", "News", "By", "Reuters").
  const crumb = (t: string) => unitFeatures(t).words <= 3 && !isProse(t);
  while (start < end && crumb(kept[start]!)) start++;
  while (end > start && crumb(kept[end - 1]!)) end--;
  return kept.slice(start, end);
}

/** Containers of other stories' headlines: kept as `related`, never as body. */
const RELATED_LINKS =
  'aside a, [class*="related"] a, [id*="related"] a, [class*="more-stories"] a, [class*="recirc"] a, [class*="most-popular"] a, [class*="trending"] a, [class*="recommend"] a';
const MAX_RELATED = 50;

function relatedHeadlines(doc: DomDocument): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const links = doc.querySelectorAll(RELATED_LINKS);
  for (let i = 0; i < links.length && out.length < MAX_RELATED; i++) {
    const text = normaliseInline(links[i]!.textContent ?? '');
    const f = unitFeatures(text);
    if (f.words < 4 || f.words > 25 || f.boilerplate || f.sentences > 1 || seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  return out;
}

export function extractFromHtml(html: string): HtmlExtraction {
  const doc = parseDom(html);
  const meta = extractMetadata(doc);
  const related = relatedHeadlines(doc);
  let paragraphs: string[] = [];
  try {
    const article = new Readability(doc as never, { charThreshold: 300, keepClasses: true }).parse();
    if (article?.content) {
      const sub = parseDom(article.content);
      const root = sub.body ?? sub.documentElement;
      if (root) paragraphs = cleanBlocks(domToBlocks(root).filter((b) => b.tag !== 'figcaption'));
    }
  } catch {
    paragraphs = [];
  }
  const inBody = new Set(paragraphs);
  return { paragraphs, related: related.filter((r) => !inBody.has(r)), meta };
}
