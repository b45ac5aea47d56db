// Caps element nesting before the DOM parser sees a page. htmlparser2 (under linkedom) keeps its open-element
// stack innermost-first with unshift/shift, so every tag costs O(depth) and `<div>` × n costs O(n²).
// Browsers stop nesting at 512 open elements; so do we, by dropping deeper start tags (their text stays).

/** Open elements beyond this are not nested further (Blink and WebKit use the same bound). */
const MAX_NESTING = 512;

// Mirrors htmlparser2 10's Parser tables. Our estimate must never be below the parser's real depth, so
// these may only ever be subsets of the parser's: fewer implied closes or void elements only overestimate.
const P = ['p'];
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const OPEN_IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>(
  (
    [
      ['tr', ['tr', 'th', 'td']],
      ['th', ['th']],
      ['td', ['thead', 'th', 'td']],
      ['body', ['head', 'link', 'script']],
      ['li', ['li']],
      ['option', ['option']],
      ['optgroup', ['optgroup', 'option']],
      ['dd', ['dd', 'dt']],
      ['dt', ['dd', 'dt']],
      ['rt', ['rt', 'rp']],
      ['rp', ['rt', 'rp']],
      ['tbody', ['thead', 'tbody']],
      ['tfoot', ['thead', 'tbody']],
      ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t) => [t, FORM]),
      ...[
        'p',
        'h1',
        'h2',
        'h3',
        'h4',
        'h5',
        'h6',
        'address',
        'article',
        'aside',
        'blockquote',
        'details',
        'div',
        'dl',
        'fieldset',
        'figcaption',
        'figure',
        'footer',
        'form',
        'header',
        'hr',
        'main',
        'nav',
        'ol',
        'pre',
        'section',
        'table',
        'ul',
      ].map((t) => [t, P]),
    ] as [string, string[]][]
  ).map(([tag, closes]) => [tag, new Set(closes)]),
);
const VOID = new Set(
  'area base basefont br col command embed frame hr img input isindex keygen link meta param source track wbr'.split(
    ' ',
  ),
);

/** A start or end tag as the parser's tokenizer opens one: "<" or "</" and a letter. */
const TAG = /<(\/?)([A-Za-z][^\s/>]*)/g;

/**
 * The page with every start tag that would open deeper than `max` elements removed, or the page itself
 * when none would. Linear: a stack simulation with per-name counts. The simulation counts tags inside
 * comments, scripts and attribute values too, so it can only overestimate the parser's depth.
 */
export function capNesting(html: string, max = MAX_NESTING): string {
  const stack: string[] = [];
  const openCount = new Map<string, number>();
  const pop = () => {
    const name = stack.pop()!;
    openCount.set(name, (openCount.get(name) ?? 1) - 1);
    return name;
  };
  const drops: [number, number][] = [];
  /** Position of the next ">" at or after the last drop: searched forward once, never rescanned. */
  let nextClose = -1;
  for (const m of html.matchAll(TAG)) {
    const name = m[2]!.toLowerCase();
    if (m[1]) {
      // An end tag closes the innermost open element of its name and everything inside it.
      if (openCount.get(name)) while (stack.length && pop() !== name);
      continue;
    }
    const closes = OPEN_IMPLIES_CLOSE.get(name);
    if (closes) while (stack.length && closes.has(stack[stack.length - 1]!)) pop();
    if (VOID.has(name)) continue;
    if (stack.length < max) {
      stack.push(name);
      openCount.set(name, (openCount.get(name) ?? 0) + 1);
      continue;
    }
    const start = m.index;
    if (nextClose < start) {
      nextClose = html.indexOf('>', start);
      if (nextClose === -1) nextClose = html.length;
    }
    const last = drops[drops.length - 1];
    if (!last || start > last[1]) drops.push([start, nextClose]);
  }
  if (!drops.length) return html;
  const pieces: string[] = [];
  let from = 0;
  for (const [start, end] of drops) {
    pieces.push(html.slice(from, start));
    from = end + 1;
  }
  pieces.push(html.slice(from));
  return pieces.join('');
}
