// Plain text -> units (one paragraph or one short line each). Blank lines separate blocks; inside a block,
// lines are either hard-wrapped prose (re-joined) or separate lines (menus, headline lists, one-line paragraphs).
import { joinWrappedLines, normaliseInline } from '../normalize.js';

export interface TextUnit {
  text: string;
  /** Index of the unit's first line in the document, for ordering and position features. */
  line: number;
  /** Blank line(s) before this unit (a block boundary). */
  blockStart: boolean;
}

/** Math.max without spreading: a block of 100k+ lines overflows the call stack as arguments. */
function longest(lengths: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const n of lengths) if (n > max) max = n;
  return max;
}

function isHardWrapped(lines: readonly string[]): boolean {
  if (lines.length < 2) return false;
  const lengths = lines.map((l) => l.length);
  const max = longest(lengths);
  if (max < 30 || max > 130) return false;
  const body = lengths.slice(0, -1);
  // Wrapped prose fills nearly every line to the wrap width.
  const full = body.filter((n) => n >= max * 0.6).length;
  if (full < body.length * 0.8) return false;
  // ...and at least some line breaks fall mid-sentence.
  let midSentence = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    const cur = lines[i] ?? '';
    const next = lines[i + 1] ?? '';
    if (!/[.!?:"”»)]$/.test(cur) || /^\p{Ll}/u.test(next)) midSentence++;
  }
  if (midSentence < Math.max(1, (lines.length - 1) * 0.4)) return false;
  // Prose wraps mid-sentence, so many lines continue in lower case; a list of headlines never does.
  let continued = 0;
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1] ?? '';
    if (/^[\p{Ll}\d(“"'‘]/u.test(lines[i] ?? '') || /[,;\-–—]$/.test(prev)) continued++;
  }
  return continued >= Math.max(1, (lines.length - 1) * 0.3);
}

/** Splits a wrapped block into paragraphs where a line ends a sentence well short of the wrap width. */
function splitWrappedBlock(lines: readonly string[]): string[][] {
  const max = longest(lines.map((l) => l.length));
  const groups: string[][] = [];
  let cur: string[] = [];
  for (const line of lines) {
    cur.push(line);
    if (line.length < max * 0.6 && /[.!?"”»)]$/.test(line)) {
      groups.push(cur);
      cur = [];
    }
  }
  if (cur.length) groups.push(cur);
  return groups;
}

/** A line in capitals: two or more words, no lower-case letter. */
function isShouted(line: string): boolean {
  return !/\p{Ll}/u.test(line) && (line.match(/\p{Lu}{2,}/gu)?.length ?? 0) >= 2;
}

export function segmentText(text: string): TextUnit[] {
  const rawLines = text.split('\n');
  const units: TextUnit[] = [];
  let block: { line: number; text: string }[] = [];
  const flush = () => {
    if (!block.length) return;
    // A headline in capitals right above hard-wrapped prose (wire copy) is a block of its own.
    if (block.length > 2 && isShouted(block[0]!.text) && isHardWrapped(block.slice(1).map((b) => b.text))) {
      units.push({ text: block[0]!.text, line: block[0]!.line, blockStart: true });
      block = block.slice(1);
    }
    const lines = block.map((b) => b.text);
    const first = block[0]!.line;
    if (isHardWrapped(lines)) {
      let offset = 0;
      for (const group of splitWrappedBlock(lines)) {
        units.push({ text: joinWrappedLines(group), line: first + offset, blockStart: offset === 0 });
        offset += group.length;
      }
    } else {
      block.forEach((b, i) => {
        units.push({ text: b.text, line: b.line, blockStart: i === 0 });
      });
    }
    block = [];
  };
  rawLines.forEach((raw, i) => {
    const line = normaliseInline(raw);
    if (!line) flush();
    else block.push({ line: i, text: line });
  });
  flush();
  return units;
}
