// A light gazetteer: enough well-known places, organisations, titles and demonyms to classify capitalised
// names in news text without a statistical model. The lists are data (data/gazetteer.json, each with its
// source and the reason it exists); keys are lowercase.
import firstNames from './data/first-names.json' with { type: 'json' };
import gazetteer from './data/gazetteer.json' with { type: 'json' };

interface WordList {
  source: string;
  reason: string;
  words: string[];
}

const list = (l: WordList): Set<string> =>
  new Set(l.words.map((w) => w.trim().toLowerCase()).filter(Boolean));

export const PLACES = list(gazetteer.PLACES);
export const ORGANIZATIONS = list(gazetteer.ORGANIZATIONS);
/** Words that precede a person's name as a title or role; stripped from the name. */
export const PERSON_TITLES = list(gazetteer.PERSON_TITLES);
/** Titles that by themselves prove the following name is a person. */
export const STRONG_PERSON_TITLES = list(gazetteer.STRONG_PERSON_TITLES);
export const DEMONYMS = list(gazetteer.DEMONYMS);
/** Final words of organisation names. */
export const ORG_SUFFIXES = list(gazetteer.ORG_SUFFIXES);
/** Capitalised words that start sentences or headlines but are not names. */
export const COMMON_CAPITALISED = list(gazetteer.COMMON_CAPITALISED);
/** Lowercase words allowed inside a multi-word name ("Banca d'Italia", "Bank of England"). */
export const NAME_CONNECTORS = list(gazetteer.NAME_CONNECTORS);
/** Connectors that do not occur inside personal names. */
export const ORG_CONNECTORS = list(gazetteer.ORG_CONNECTORS);
/** Given names; a capitalised pair starting with one is a person. */
export const FIRST_NAMES = list(firstNames);
