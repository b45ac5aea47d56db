// Pure: the PostgreSQL text search configuration for an article language (ISO 639-1). Only configs
// shipped with every PostgreSQL since 12; anything else (and "und") gets 'simple': no stemming, no
// stop words, but still searchable.
const CONFIGS: Readonly<Record<string, string>> = {
  ar: 'arabic',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hu: 'hungarian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  nb: 'norwegian',
  ne: 'nepali',
  nl: 'dutch',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
};

export const FALLBACK_TEXT_SEARCH_CONFIG = 'simple';

export function textSearchConfigFor(language: string | null | undefined): string {
  return (language && CONFIGS[language.toLowerCase()]) || FALLBACK_TEXT_SEARCH_CONFIG;
}

/** Every config a row can have: a search without --lang tries each against rows of that config. */
export function allTextSearchConfigs(): string[] {
  return [...new Set([...Object.values(CONFIGS), FALLBACK_TEXT_SEARCH_CONFIG])].sort();
}
