// HTML page -> article paragraphs + metadata. Readability finds the main container; our own rules then remove
// the furniture it keeps (captions, timestamps, "Read more" links, author boxes, newsletter promos).
import { Readability } from '@mozilla/readability';
import { normaliseInline, normaliseText } from '../normalize.js';
import { extractFromText } from '../text/boilerplate.js';
import { unitFeatures } from '../text/features.js';
import { MAX_TITLE_CHARS } from '../text/regions.js';
import { domToBlocks, type HtmlBlock } from './blocks.js';
import { type DomDocument, type DomNode, isElement, parseDom } from './dom.js';
import { markupToText } from './markup-to-text.js';
import { extractMetadata, type HtmlMetadata } from './metadata.js';

export interface HtmlExtraction {
  paragraphs: string[];
  related: string[];
  meta: HtmlMetadata;
}

const AUTHOR_BIO =
  /^\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}.'’-]+){0,3} (?:is an?|was an?|joined|has been|has written|covers|writes)\b.{0,200}\b(?:reporter|writer|editor|correspondent|journalist|contributor|columnist|native|author|since (?:19|20)\d\d)\b/u;

/** Class/id words of containers that hold page furniture rather than article text. */
const FURNITURE_HINT =
  /(?:^|[\s_-])(?:caption|credit|related|share|sharing|social|newsletter|promo|byline|author-?(?:bio|info|box)|timestamp|dateline|tags?|breadcrumbs?|advert|ad-?slot|sponsor|outbrain|taboola|recirc|more-stories|read-?more|signup|subscribe|inline-?link|see-?also|also-?read|rating|comments?)(?:$|[\s_-])/;

function isProse(text: string): boolean {
  const f = unitFeatures(text);
  return f.weight >= 8 && (f.endsSentence || f.sentences >= 1);
}

/**
 * Class or id of a reader-comment container (WordPress, Movable Type, Disqus and the like): a class word
 * ending in comment(s), optionally with a body/list/... suffix ("comments", "comment-body", "dsq-comment-body").
 */
const COMMENT_CONTAINER =
  /(?:^|[\s|_-])(?:comments?(?:[-_]?(?:body|list|area|section|content|text|thread|wrap|wrapper|container|entry))?|disqus_thread)(?=$|[\s|])/;

function isFurniture(b: HtmlBlock): boolean {
  const f = unitFeatures(b.text);
  if (f.boilerplate || f.barrier || f.dateLine) return true;
  // Reader comments, however long: their container says what they are.
  if (COMMENT_CONTAINER.test(b.ancestry)) return true;
  // Shouted headlines are links to other stories.
  if (f.words >= 4 && !/\p{Ll}/u.test(b.text) && !f.endsSentence) return true;
  // Short, mostly-link blocks are related-story links.
  if (f.words <= 25 && b.linkChars > b.text.length * 0.6 && f.capsRatio >= 0.6 && !f.endsSentence)
    return true;
  // The nearest container's class names; the article container itself is often called "story-body".
  const nearest = b.ancestry.split(' | ').slice(-2).join(' ');
  return f.words <= 40 && FURNITURE_HINT.test(nearest);
}

/** A short link that is no sentence: one entry of a list of other stories, whatever its case. */
function isLinkEntry(b: HtmlBlock): boolean {
  const f = unitFeatures(b.text);
  return f.words <= 25 && b.linkChars > b.text.length * 0.6 && !f.endsSentence;
}

/** Blocks in runs of at least MIN_LINK_RUN link entries: lists of other stories inside the container. */
const MIN_LINK_RUN = 3;

function linkRuns(blocks: readonly HtmlBlock[]): boolean[] {
  const inRun = blocks.map(() => false);
  let from = 0;
  for (let i = 0; i <= blocks.length; i++) {
    if (i < blocks.length && isLinkEntry(blocks[i]!)) continue;
    if (i - from >= MIN_LINK_RUN) inRun.fill(true, from, i);
    from = i + 1;
  }
  return inRun;
}

/** Paragraphs of the Readability container, furniture removed and the edges trimmed to prose. */
function cleanBlocks(blocks: readonly HtmlBlock[]): string[] {
  const kept: string[] = [];
  let prose = 0;
  /** After a "More stories" header, the list under it is not article text either. */
  let inList = false;
  const linkList = linkRuns(blocks);
  for (const [i, b] of blocks.entries()) {
    // Only after the article's prose: a page that is a list of links keeps it.
    if (linkList[i] && prose >= 60) continue;
    const f = unitFeatures(b.text);
    // Author boxes, comment sections, source lists and a blog post's "Posted by ... at <date>" footer end the
    // article. (In page text the footer is no cut: there any prose above it counts, sidebars' too.)
    if ((f.terminalBarrier || f.postFooter) && prose >= 60) break;
    if (f.barrier) inList = true;
    else if (inList && !b.listItem && isProse(b.text)) inList = false;
    if (inList || isFurniture(b)) continue;
    kept.push(b.text);
    if (isProse(b.text)) prose += f.weight;
  }
  let start = 0;
  let end = kept.length;
  // Menu crumbs and bylines at the edges of the container ("Home", "News", "By", "Reuters").
  const crumb = (t: string) => unitFeatures(t).words <= 3 && !isProse(t);
  while (start < end && crumb(kept[start]!)) start++;
  // A closing author bio ("Jane is a Denver native...", "Jo joined the paper in 2015.").
  while (end > start && (crumb(kept[end - 1]!) || AUTHOR_BIO.test(kept[end - 1]!))) end--;
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

/** Fewer words than this from Readability is a miss (a caption, a teaser), not an article: the fallbacks try. */
const MIN_READABILITY_WORDS = 25;

function wordsIn(paragraphs: readonly string[]): number {
  let n = 0;
  for (const p of paragraphs) n += unitFeatures(p).words;
  return n;
}

/** Readability is quadratic in nesting depth; beyond these, a page is handled by our own block scoring. */
const MAX_READABILITY_DEPTH = 120;
const MAX_READABILITY_ELEMENTS = 30_000;

function domShape(root: DomNode): { depth: number; elements: number } {
  let depth = 0;
  let elements = 0;
  const stack: [DomNode, number][] = [[root, 1]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    elements++;
    if (d > depth) depth = d;
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) if (isElement(kids[i]!)) stack.push([kids[i]!, d + 1]);
  }
  return { depth, elements };
}

/** Fallback without Readability: the page's blocks as text, through the plain-text region selection. */
function extractByBlocks(doc: DomDocument): string[] {
  const root = doc.body ?? doc.documentElement;
  if (!root) return [];
  const blocks = domToBlocks(root).filter((b) => b.tag !== 'figcaption');
  // The document title first, as page text has it: the line that repeats it marks the story's headline. A
  // longer "title" is an unclosed <title> that swallowed the page, no title.
  const title = normaliseInline(doc.title ?? '');
  const lines = blocks.map((b) => b.text);
  if (title && title.length <= MAX_TITLE_CHARS) lines.unshift(title);
  return extractFromText(lines.join('\n\n')).paragraphs;
}

function extractWithReadability(doc: DomDocument): string[] {
  const article = new Readability(doc as never, {
    charThreshold: 300,
    keepClasses: true,
    maxElemsToParse: MAX_READABILITY_ELEMENTS,
  }).parse();
  if (!article?.content) return [];
  const sub = parseDom(article.content);
  const root = sub.body ?? sub.documentElement;
  return root ? cleanBlocks(domToBlocks(root).filter((b) => b.tag !== 'figcaption')) : [];
}

export function extractFromHtml(html: string): HtmlExtraction {
  const doc = parseDom(html);
  const meta = extractMetadata(doc);
  const related = relatedHeadlines(doc);
  let paragraphs: string[] = [];
  const root = doc.documentElement;
  const shape = root ? domShape(root) : { depth: 0, elements: 0 };
  const readable = shape.depth <= MAX_READABILITY_DEPTH && shape.elements <= MAX_READABILITY_ELEMENTS;
  try {
    if (readable) paragraphs = extractWithReadability(doc);
  } catch {
    paragraphs = [];
  }
  // Readability found nothing, a scrap, or was skipped: score the page's blocks ourselves and keep whichever
  // says more. Readability mutates the document, so the fallback parses it again.
  if (wordsIn(paragraphs) < MIN_READABILITY_WORDS) {
    let blocks: string[] = [];
    try {
      blocks = extractByBlocks(readable ? parseDom(html) : doc);
    } catch {
      blocks = [];
    }
    if (wordsIn(blocks) > wordsIn(paragraphs)) paragraphs = blocks;
  }
  // Markup the DOM parser could not recover (an unclosed <title> or <script> holds the whole page): the page's
  // text through the plain-text path rather than no article.
  if (wordsIn(paragraphs) < MIN_READABILITY_WORDS) {
    const text = extractFromText(normaliseText(markupToText(html))).paragraphs;
    if (wordsIn(text) > wordsIn(paragraphs)) paragraphs = text;
  }
  const inBody = new Set(paragraphs);
  return { paragraphs, related: related.filter((r) => !inBody.has(r)), meta };
}
