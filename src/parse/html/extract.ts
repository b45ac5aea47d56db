// HTML page -> article paragraphs + metadata.
import { Readability } from '@mozilla/readability';
import { domToBlocks } from './blocks.js';
import { parseDom } from './dom.js';
import { extractMetadata, type HtmlMetadata } from './metadata.js';

export interface HtmlExtraction {
  paragraphs: string[];
  related: string[];
  meta: HtmlMetadata;
}

export function extractFromHtml(html: string): HtmlExtraction {
  const doc = parseDom(html);
  const meta = extractMetadata(doc);
  let paragraphs: string[] = [];
  try {
    const article = new Readability(doc as never, { charThreshold: 300 }).parse();
    if (article?.content) {
      const sub = parseDom(article.content);
      const root = sub.body ?? sub.documentElement;
      if (root)
        paragraphs = domToBlocks(root)
          .filter((b) => b.tag !== 'figcaption')
          .map((b) => b.text);
    }
  } catch {
    paragraphs = [];
  }
  return { paragraphs, related: [], meta };
}
