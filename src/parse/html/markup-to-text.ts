// HTML -> plain page text without a DOM, for pages whose markup a DOM parser cannot recover (an unclosed
// <title> or <script> swallows the whole body). Tags become line breaks or nothing, closed scripts and styles
// are dropped, entities decoded; the text path then chooses the article as it does for uploaded page text.
// Hand-written because it must survive markup that parsers give up on; it is one forward scan, and every
// search for a closing token is memoised so the scan stays linear however many tags are left open.
import { decodeHTML } from 'entities';

/** Elements whose content is never page text, when they are closed. */
const RAW_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'svg', 'title']);
/** Elements that end a paragraph. */
const PARAGRAPH = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'ul',
  'ol',
  'dl',
  'blockquote',
  'pre',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'aside',
  'main',
  'form',
  'center',
  'figure',
  'figcaption',
  'address',
  'hr',
]);
/** Elements that end a line. */
const LINE = new Set(['br', 'li', 'tr', 'dt', 'dd', 'option', 'caption', 'td', 'th']);

/** Finds needles in a string from increasing positions; each needle's search resumes where it last stopped. */
class ForwardFinder {
  private readonly next = new Map<string, number>();
  constructor(private readonly haystack: string) {}
  /** Index of `needle` at or after `from`, or -1. Amortised linear over a forward scan. */
  find(needle: string, from: number): number {
    const known = this.next.get(needle);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const at = this.haystack.indexOf(needle, from);
    this.next.set(needle, at);
    return at;
  }
}

function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45 || code === 58;
}

export function markupToText(html: string): string {
  const lower = html.toLowerCase();
  const finder = new ForwardFinder(lower);
  const out: string[] = [];
  let textStart = 0;
  let i = 0;
  const emitText = (end: number) => {
    // Source line breaks are spaces in HTML. split/join, not a global regex replace: V8's replace slows
    // down super-linearly with the number of matches.
    if (end <= textStart) return;
    const chunk = html
      .slice(textStart, end)
      .split(/[\r\n\t\f]/)
      .join(' ');
    out.push(chunk.includes('&') ? decodeHTML(chunk) : chunk);
  };
  while (i < lower.length) {
    const lt = finder.find('<', i);
    if (lt === -1) break;
    if (lower.startsWith('<!--', lt)) {
      const close = finder.find('-->', lt + 4);
      emitText(lt);
      i = close === -1 ? lt + 4 : close + 3;
      textStart = i;
      continue;
    }
    const closing = lower.charCodeAt(lt + 1) === 47; // "/"
    let nameEnd = lt + (closing ? 2 : 1);
    const nameStart = nameEnd;
    while (nameEnd < lower.length && isNameChar(lower.charCodeAt(nameEnd))) nameEnd++;
    const first = lower.charCodeAt(nameStart);
    const isTag = nameEnd > nameStart && first >= 97 && first <= 122;
    const isDeclaration = !closing && (lower.charCodeAt(lt + 1) === 33 || lower.charCodeAt(lt + 1) === 63); // <! <?
    if (!isTag && !isDeclaration) {
      i = lt + 1;
      continue;
    }
    const gt = finder.find('>', nameEnd);
    if (gt === -1) break;
    emitText(lt);
    i = gt + 1;
    const name = lower.slice(nameStart, nameEnd);
    if (!closing && RAW_TEXT.has(name)) {
      // A closed raw-text element is skipped whole; an unclosed one only loses its tag.
      const end = finder.find(`</${name}`, i);
      if (end !== -1) {
        const endGt = finder.find('>', end);
        i = endGt === -1 ? end + name.length + 2 : endGt + 1;
      }
    }
    if (PARAGRAPH.has(name)) out.push('\n\n');
    else if (LINE.has(name)) out.push(name === 'td' || name === 'th' ? ' ' : '\n');
    textStart = i;
  }
  emitText(lower.length);
  // One blank line at most between paragraphs.
  const lines: string[] = [];
  for (const raw of out.join('').split('\n')) {
    const line = raw.trim();
    if (line || (lines.length && lines[lines.length - 1] !== '')) lines.push(line);
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}
