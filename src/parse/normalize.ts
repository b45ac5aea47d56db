// Character-level clean-up shared by every format.

/** Zero-width characters, soft hyphens and BOMs that scrapers leave inside words. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
/** Every kind of horizontal space (NBSP, thin space, ideographic space, tabs...). */
const HSPACE = /[\t\v\f \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;
/** C0/C1 control characters other than newline and tab. */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g;

/** Normalises newlines and removes invisible/control characters; keeps line structure. */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?|\u2028|\u2029|\u0085/g, '\n')
    .replace(INVISIBLE, '')
    .replace(CONTROL, ' ')
    .normalize('NFC');
}

/** Collapses whitespace within a single line/paragraph. */
export function normaliseInline(text: string): string {
  return text.replace(HSPACE, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Joins hard-wrapped lines into one paragraph, undoing end-of-line hyphenation ("exam-\nple" -> "example")
 * but keeping real compounds ("well-\nknown" stays hyphenated when the right side is a known-ish word is not
 * decidable; we keep the hyphen when the left side is capitalised or very short).
 */
export function joinWrappedLines(lines: readonly string[]): string {
  // Pieces joined once at the end, and the hyphen rule looks only at the text's last few characters:
  // matching or slicing the growing text for every line made long blocks quadratic.
  const pieces: string[] = [];
  for (const raw of lines) {
    const line = normaliseInline(raw);
    if (!line) continue;
    if (!pieces.length) {
      pieces.push(line);
      continue;
    }
    // The rule needs the letter before the final hyphen and whether the letters there span >= 2 UTF-16
    // units: the last 5 units always hold both, even when astral letters take two units each.
    const m = lastChars(pieces, 5).match(/(\p{L}+)-$/u);
    if (m && /^\p{Ll}/u.test(line) && /\p{Ll}$/u.test(m[1] ?? '') && (m[1]?.length ?? 0) >= 2) {
      const last = pieces.length - 1;
      pieces[last] = pieces[last]!.slice(0, -1);
      pieces.push(line);
    } else {
      pieces.push(` ${line}`);
    }
  }
  return pieces.join('');
}

/** The last `n` UTF-16 units of the pieces' concatenation, reading only the pieces it needs. */
function lastChars(pieces: readonly string[], n: number): string {
  let tail = '';
  for (let i = pieces.length - 1; i >= 0 && tail.length < n; i--) tail = pieces[i] + tail;
  return tail.slice(-n);
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu;

export function countWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text)) n++;
  return n;
}
