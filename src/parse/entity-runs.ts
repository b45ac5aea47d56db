// Named entities, step 1: tokens (with sentence starts and possessives) and the capitalised runs that may
// be names. One regex pass and linear scans: a run of any length costs time in proportion to it.
import { NAME_CONNECTORS } from './gazetteer.js';

export interface Token {
  text: string;
  start: number;
  end: number;
  sentenceStart: boolean;
  possessive: boolean;
}

export interface Run {
  tokens: Token[];
  start: number;
  end: number;
  /** Words after the run, for "said"-style cues. */
  after: string;
}

const TOKEN_RE = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.&-]*/gu;
function isCapitalised(word: string): boolean {
  const c = word[0] ?? '';
  return c !== c.toLowerCase() && c === c.toUpperCase();
}

export function isAcronym(word: string): boolean {
  return /^(?:\p{Lu}{2,6}|(?:\p{Lu}\.){2,4})$/u.test(word);
}

/** `word` without its trailing run of `chars`; a loop, as /[-']+$/ rescans a long run from every start. */
function trimTrailing(word: string, chars: string): string {
  let end = word.length;
  while (end > 0 && chars.includes(word[end - 1]!)) end--;
  return end === word.length ? word : word.slice(0, end);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let prevEnd = 0;
  let sentenceStart = true;
  for (const m of text.matchAll(TOKEN_RE)) {
    let word = m[0];
    const start = m.index ?? 0;
    const gap = text.slice(prevEnd, start);
    if (/[.!?]\s|[\n“"«„]|^\s*$/.test(gap) && tokens.length === 0) sentenceStart = true;
    else if (/[.!?:;]["”'’)]*\s|\n|[“"«„]/.test(gap)) sentenceStart = true;
    let trailingStop = false;
    // "Trump." ends a sentence; "U.S." and "Mr." are abbreviations.
    if (word.endsWith('.') && !/^(?:\p{L}\.)+$/u.test(word) && word.length > 4) {
      word = word.slice(0, -1);
      trailingStop = true;
    }
    let possessive = false;
    const poss = word.match(/^(.+?)['’]s?$/u);
    if (poss && /['’]s$|s['’]$/u.test(word)) {
      word = poss[1] ?? word;
      if (/s['’]$/u.test(m[0])) word = `${word}s`.replace(/ss$/, 's');
      possessive = true;
    }
    word = trimTrailing(word, "-'");
    tokens.push({ text: word, start, end: start + word.length, sentenceStart, possessive });
    prevEnd = start + m[0].length;
    sentenceStart = trailingStop;
  }
  return tokens;
}

/** Capitalised runs ("Finance Minister Ana Ruiz", "Bank of England"), split at punctuation. */
export function findRuns(text: string, tokens: readonly Token[]): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (!isCapitalised(t.text)) {
      i++;
      continue;
    }
    const run: Token[] = [t];
    let j = i + 1;
    while (j < tokens.length && !run[run.length - 1]!.possessive) {
      const prev = run[run.length - 1]!;
      const next = tokens[j]!;
      if (text.slice(prev.end, next.start) !== ' ') break;
      if (isCapitalised(next.text) && !next.sentenceStart) {
        run.push(next);
        j++;
        continue;
      }
      // A lowercase connector joins two capitalised words.
      const after = tokens[j + 1];
      if (
        NAME_CONNECTORS.has(next.text) &&
        after &&
        isCapitalised(after.text) &&
        text.slice(next.end, after.start) === ' ' &&
        !next.possessive
      ) {
        run.push(next, after);
        j += 2;
        continue;
      }
      break;
    }
    const last = run[run.length - 1]!;
    runs.push({
      tokens: run,
      start: run[0]!.start,
      end: last.end,
      after: text.slice(last.end + (last.possessive ? 2 : 0), last.end + 60),
    });
    i = j;
  }
  return runs;
}
