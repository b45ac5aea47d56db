// DOM -> text blocks, one per paragraph-level element, with the structural hints boilerplate removal needs.
import { normaliseInline } from '../normalize.js';
import { type DomElement, type DomNode, isElement, TEXT_NODE } from './dom.js';

export interface HtmlBlock {
  text: string;
  tag: string;
  /** Characters of the block that sit inside links. */
  linkChars: number;
  /** Lower-cased tag names, ids and classes of the ancestors (nearest last), joined by spaces. */
  ancestry: string;
  /** Index of the nearest ancestor container, so blocks of one container can be grouped. */
  containerId: number;
  /** Block is a heading (h1-h6). */
  heading: boolean;
  /** Block is a list item. */
  listItem: boolean;
}

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'button',
  'select',
  'option',
  'input',
  'textarea',
  'canvas',
  'video',
  'audio',
  'object',
  'embed',
  'map',
  'head',
  'title',
  'meta',
  'link',
  'dialog',
]);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'nav',
  'aside',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'table',
  'tr',
  'td',
  'th',
  'tbody',
  'thead',
  'tfoot',
  'figure',
  'figcaption',
  'form',
  'fieldset',
  'address',
  'hr',
  'body',
  'html',
  'center',
  'details',
  'summary',
  'caption',
  'picture',
  'hgroup',
  'menu',
  'legend',
]);

function hintOf(el: DomElement): string {
  const tag = el.tagName.toLowerCase();
  const id = el.getAttribute('id') ?? '';
  const cls = el.getAttribute('class') ?? '';
  const role = el.getAttribute('role') ?? '';
  const itemprop = el.getAttribute('itemprop') ?? '';
  return `${tag} ${id} ${cls} ${role} ${itemprop}`.toLowerCase().replace(/\s+/g, ' ').trim();
}

function isHidden(el: DomElement): boolean {
  if (el.getAttribute('hidden') !== null || el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  return !!style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

export function domToBlocks(root: DomElement): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  let buf = '';
  let linkChars = 0;
  let containerCounter = 0;
  // Each entry carries its ancestry string, built from its parent's when pushed: joining the whole stack
  // for every block cost O(depth) per block.
  const stack: { ancestry: string; id: number }[] = [];

  const flush = (tag: string) => {
    const text = normaliseInline(buf);
    if (text) {
      const ancestry = stack[stack.length - 1]?.ancestry ?? '';
      blocks.push({
        text,
        tag,
        linkChars: Math.min(linkChars, text.length),
        ancestry,
        containerId: stack[stack.length - 1]?.id ?? 0,
        heading: /^h[1-6]$/.test(tag),
        listItem: tag === 'li' || tag === 'dd' || tag === 'dt',
      });
    }
    buf = '';
    linkChars = 0;
  };

  const walk = (node: DomNode, inLink: boolean, blockTag: string) => {
    if (node.nodeType === TEXT_NODE) {
      const t = node.textContent ?? '';
      buf += t;
      if (inLink) linkChars += normaliseInline(t).length;
      return;
    }
    if (!isElement(node)) return;
    const tag = node.tagName.toLowerCase();
    if (SKIP.has(tag) || isHidden(node)) return;
    if (tag === 'br') {
      buf += ' ';
      return;
    }
    const isBlock = BLOCK.has(tag);
    if (isBlock) {
      flush(blockTag);
      const parent = stack[stack.length - 1];
      const hint = hintOf(node);
      stack.push({ ancestry: parent ? `${parent.ancestry} | ${hint}` : hint, id: ++containerCounter });
    }
    const kids = node.childNodes;
    const childBlockTag = isBlock ? tag : blockTag;
    for (let i = 0; i < kids.length; i++) walk(kids[i]!, inLink || tag === 'a', childBlockTag);
    if (isBlock) {
      flush(tag);
      stack.pop();
    } else if (tag === 'img' && !buf.trim()) {
      /* images carry no text */
    }
  };
  walk(root, false, 'body');
  flush('body');
  return blocks;
}
