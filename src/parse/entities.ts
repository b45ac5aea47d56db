// Named entities by rules: capitalised runs classified with a light gazetteer, titles stripped, surnames
// resolved to the full name mentioned elsewhere. Fast (one regex pass) and deterministic, which matters more
// here than the last few points of recall a statistical tagger would give. Steps: entity-runs.ts finds the
// capitalised runs, entity-kinds.ts classifies each, this file resolves people across the text.
import { type Classified, classify, key } from './entity-kinds.js';
import { findRuns, tokenize } from './entity-runs.js';
import { FIRST_NAMES, PERSON_TITLES, PLACES } from './gazetteer.js';
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
