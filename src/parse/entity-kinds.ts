// Named entities, step 2: one capitalised run becomes a person, organisation or place (or a single word
// to resolve later) by the gazetteer, person titles and speech cues.

import { isAcronym, type Run, type Token } from './entity-runs.js';
import {
  COMMON_CAPITALISED,
  DEMONYMS,
  NAME_CONNECTORS,
  ORG_CONNECTORS,
  ORG_SUFFIXES,
  ORGANIZATIONS,
  PERSON_TITLES,
  PLACES,
  STRONG_PERSON_TITLES,
} from './gazetteer.js';

const SPEECH_AFTER =
  /^,?\s*(?:\([^)]*\)\s*)?(?:said|says|say|told|added|noted|stated|explained|argued|warned|wrote|insisted|asked|replied|emphasi[sz]ed|stressed|declared|claimed|continued|acknowledged|admitted|suggested|recalled|tweeted)\b/;

export type Kind = 'person' | 'org' | 'place' | 'single';

export interface Classified {
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
export const key = (s: string) => s.toLowerCase();

/** No organisation name has more words than this, so longer runs need no lookup (a run can be huge). */
const MAX_ORG_WORDS = [...ORGANIZATIONS].reduce((max, o) => Math.max(max, o.split(' ').length), 0);

function isOrganization(tokens: readonly Token[], from: number, to: number): boolean {
  return to - from <= MAX_ORG_WORDS && ORGANIZATIONS.has(key(nameOf(tokens.slice(from, to))));
}

export function classify(run: Run): Classified | null {
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
