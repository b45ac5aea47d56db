// Named entities by rules: capitalised runs classified with a light gazetteer, titles stripped, surnames
// resolved to the full name mentioned elsewhere. Fast (one regex pass) and deterministic, which matters more
// here than the last few points of recall a statistical tagger would give.

import {
  COMMON_CAPITALISED,
  DEMONYMS,
  FIRST_NAMES,
  NAME_CONNECTORS,
  ORG_CONNECTORS,
  ORG_SUFFIXES,
  ORGANIZATIONS,
  PERSON_TITLES,
  PLACES,
  STRONG_PERSON_TITLES,
} from './gazetteer.js';
import type { Entities } from './types.js';

export interface PersonMention {
  /** Resolved full name. */
  name: string;
  /** Character offset of the mention in the analysed text. */
  offset: number;
  end: number;
}

export interface EntityAnalysis {
  entities: Entities;
  /** Every person mention, in text order, with the name resolved to its fullest form. */
  personMentions: PersonMention[];
  /** Resolves a name as written ("Smith", "Mr Okafor") to the full name, or null if not a known person. */
  resolvePerson(name: string): string | null;
}

interface Token {
  text: string;
  start: number;
  end: number;
  sentenceStart: boolean;
  possessive: boolean;
}

interface Run {
  tokens: Token[];
  start: number;
  end: number;
  /** A person title (President, Mr) was stripped off the front. */
  titled: boolean;
  /** Words after the run, for "said"-style cues. */
  after: string;
}

const TOKEN_RE = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.&-]*/gu;
const SPEECH_AFTER =
  /^,?\s*(?:\([^)]*\)\s*)?(?:said|says|say|told|added|noted|stated|explained|argued|warned|wrote|insisted|asked|replied|emphasi[sz]ed|stressed|declared|claimed|continued|acknowledged|admitted|suggested|recalled|tweeted)\b/;

function isCapitalised(word: string): boolean {
  const c = word[0] ?? '';
  return c !== c.toLowerCase() && c === c.toUpperCase();
}

function isAcronym(word: string): boolean {
  return /^(?:\p{Lu}{2,6}|(?:\p{Lu}\.){2,4})$/u.test(word);
}

/** `word` without its trailing run of `chars`; a loop, as /[-']+$/ rescans a long run from every start. */
function trimTrailing(word: string, chars: string): string {
  let end = word.length;
  while (end > 0 && chars.includes(word[end - 1]!)) end--;
  return end === word.length ? word : word.slice(0, end);
}

function tokenize(text: string): Token[] {
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
function findRuns(text: string, tokens: readonly Token[]): Run[] {
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
      titled: false,
      after: text.slice(last.end + (last.possessive ? 2 : 0), last.end + 60),
    });
    i = j;
  }
  return runs;
}

type Kind = 'person' | 'org' | 'place' | 'single';

interface Classified {
  kind: Kind;
  name: string;
  start: number;
  end: number;
  strongTitle: boolean;
  cue: boolean;
  /** A sentence-initial plural ("Prosecutors said"): a common noun, not a surname. */
  sentencePlural: boolean;
}

const nameOf = (tokens: readonly Token[]) => tokens.map((t) => t.text).join(' ');
const key = (s: string) => s.toLowerCase();

/** No organisation name has more words than this, so longer runs need no lookup (a run can be huge). */
const MAX_ORG_WORDS = [...ORGANIZATIONS].reduce((max, o) => Math.max(max, o.split(' ').length), 0);

function isOrganization(tokens: readonly Token[], from: number, to: number): boolean {
  return to - from <= MAX_ORG_WORDS && ORGANIZATIONS.has(key(nameOf(tokens.slice(from, to))));
}

function classify(run: Run): Classified | null {
  // Trimmed by index, sliced once: trimming a long run ("The The The ...") one slice at a time is quadratic.
  let from = 0;
  let to = run.tokens.length;
  // Sentence-initial function words ("The", "Although") are not part of names.
  while (
    from < to &&
    COMMON_CAPITALISED.has(key(run.tokens[from]!.text)) &&
    !isOrganization(run.tokens, from, to)
  )
    from++;
  while (from < to && NAME_CONNECTORS.has(run.tokens[from]!.text)) from++;
  while (
    from < to &&
    COMMON_CAPITALISED.has(key(run.tokens[to - 1]!.text)) &&
    !isAcronym(run.tokens[to - 1]!.text)
  )
    to--;
  if (from === to) return null;
  const tokens = run.tokens.slice(from, to);
  const full = nameOf(tokens);
  const at = (kind: Kind, ts: readonly Token[], strongTitle = false): Classified => ({
    kind,
    name: nameOf(ts),
    start: ts[0]!.start,
    end: ts[ts.length - 1]!.end,
    strongTitle,
    cue: SPEECH_AFTER.test(run.after),
    sentencePlural: ts.length === 1 && ts[0]!.sentenceStart && /[^s]s$/.test(ts[0]!.text),
  });
  if (ORGANIZATIONS.has(key(full))) return at('org', tokens);
  if (PLACES.has(key(full))) return at('place', tokens);
  const lastWord = tokens[tokens.length - 1]!.text;
  if (tokens.length > 1 && ORG_SUFFIXES.has(key(lastWord))) return at('org', tokens);
  if (tokens.some((t) => ORG_CONNECTORS.has(t.text))) {
    // "Secretary of State Jane Smith": connectors inside a title, not an organisation name.
    const stripped = stripTitles(tokens);
    if (
      stripped.rest.length &&
      stripped.rest.length < tokens.length &&
      !stripped.rest.some((t) => ORG_CONNECTORS.has(t.text))
    )
      return classifyNameTokens(stripped.rest, stripped.strong, at);
    return at('org', tokens);
  }
  const stripped = stripTitles(tokens);
  if (!stripped.rest.length) return null;
  return classifyNameTokens(stripped.rest, stripped.strong, at);
}

function classifyNameTokens(
  rest: readonly Token[],
  strong: boolean,
  at: (kind: Kind, ts: readonly Token[], strong?: boolean) => Classified,
): Classified | null {
  const name = nameOf(rest);
  if (ORGANIZATIONS.has(key(name))) return at('org', rest);
  if (PLACES.has(key(name))) return strong ? at('person', rest, true) : at('place', rest);
  if (rest.length === 1) {
    const word = rest[0]!.text;
    if (isAcronym(word)) return strong ? null : at('org', rest);
    if (DEMONYMS.has(key(word)) || /\d/.test(word) || word.length < 2) return null;
    return at(strong ? 'person' : 'single', rest, strong);
  }
  if (rest.some((t) => isAcronym(t.text) || /\d/.test(t.text))) return at('org', rest);
  if (rest.length > 4) return null;
  return at(strong ? 'person' : 'single', rest, strong);
}

function isTitleWord(word: string): boolean {
  const w = key(word);
  // "Australian-born", "Texas-based": descriptors, not names.
  return PERSON_TITLES.has(w) || DEMONYMS.has(w) || /-(?:born|based|raised|backed|led)$/.test(w);
}

function stripTitles(tokens: readonly Token[]): { rest: Token[]; strong: boolean } {
  let i = 0;
  let strong = false;
  while (i < tokens.length - 1 && isTitleWord(tokens[i]!.text)) {
    if (STRONG_PERSON_TITLES.has(key(tokens[i]!.text))) strong = true;
    i++;
  }
  // "Acme President Jane Smith", "Director of Public Prosecution Anna-Lena Berg": a strong title further
  // in still marks the start of the name, when one or two words remain after it.
  for (let k = tokens.length - 2; k > i; k--) {
    if (STRONG_PERSON_TITLES.has(key(tokens[k]!.text)) && tokens.length - k - 1 <= 3) {
      return { rest: tokens.slice(k + 1), strong: true };
    }
  }
  return { rest: tokens.slice(i), strong };
}

function lastName(name: string): string {
  const parts = name.split(' ');
  return parts[parts.length - 1] ?? name;
}

export function analyseEntities(text: string): EntityAnalysis {
  const tokens = tokenize(text);
  const found: Classified[] = [];
  for (const run of findRuns(text, tokens)) {
    const c = classify(run);
    if (c) found.push(c);
  }

  // Multi-word names that act as people: titled, a speech cue, a known first name, or a surname reused alone.
  const singles = new Set(found.filter((c) => !c.name.includes(' ')).map((c) => key(c.name)));
  const fullBySurname = new Map<string, string>();
  const people = new Set<string>();
  for (const c of found) {
    if (c.kind !== 'person' && c.kind !== 'single') continue;
    const parts = c.name.split(' ');
    if (parts.length < 2) continue;
    const isPerson =
      c.kind === 'person' || c.cue || FIRST_NAMES.has(key(parts[0]!)) || singles.has(key(lastName(c.name)));
    if (!isPerson) continue;
    c.kind = 'person';
    // "Public Prosecution Anna-Lena Berg": when the surname is used alone, the name is its last two words.
    if (parts.length >= 3 && singles.has(key(lastName(c.name))) && !FIRST_NAMES.has(key(parts[0]!)))
      c.name = parts.slice(-2).join(' ');
    people.add(c.name);
    const sur = key(lastName(c.name));
    const prev = fullBySurname.get(sur);
    if (!prev || c.name.length > prev.length) fullBySurname.set(sur, c.name);
  }
  // Chinese and Korean names put the family name first ("Xi" -> "Xi Jinping").
  const fullByFirst = new Map<string, string | null>();
  for (const p of people) {
    const first = key(p.split(' ')[0] ?? '');
    fullByFirst.set(first, fullByFirst.has(first) ? null : p);
  }
  const resolvePerson = (name: string): string | null => {
    const clean = name.replace(/['’]s$/u, '').trim();
    if (people.has(clean)) return clean;
    const stripped = clean.split(' ').filter((w) => !PERSON_TITLES.has(key(w)));
    const sur = key(stripped[stripped.length - 1] ?? clean);
    return fullBySurname.get(sur) ?? (stripped.length === 1 ? (fullByFirst.get(sur) ?? null) : null);
  };

  const organizations = new Set<string>();
  const places = new Set<string>();
  const personMentions: PersonMention[] = [];
  for (const c of found) {
    if (c.kind === 'org') organizations.add(c.name);
    else if (c.kind === 'place') places.add(c.name);
    else {
      const resolved = resolvePerson(c.name);
      if (resolved) {
        personMentions.push({ name: resolved, offset: c.start, end: c.end });
      } else if (c.kind === 'person') {
        // A titled or quoted single name with no fuller form ("Mr Okafor" alone).
        people.add(c.name);
        fullBySurname.set(key(lastName(c.name)), c.name);
        personMentions.push({ name: c.name, offset: c.start, end: c.end });
      } else if (PLACES.has(key(c.name))) places.add(c.name);
    }
  }
  // Keep only the fullest form of each person.
  const peopleList = [...people].filter((p) => p.includes(' ') || fullBySurname.get(key(p)) === p);
  return {
    entities: {
      people: dedupe(peopleList),
      organizations: dedupe([...organizations]),
      places: dedupe([...places].filter((p) => !people.has(p))),
    },
    personMentions,
    resolvePerson,
  };
}

function dedupe(names: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of names) {
    const k = key(n);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(n);
    }
  }
  return out;
}
