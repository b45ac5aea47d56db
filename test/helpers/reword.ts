// Deterministic light rewording of a story, the way aggregators republish agency copy: about one content
// word in seven swapped for a thesaurus synonym (re-inflected with compromise's inflection rules; names,
// numbers and function words kept) and a few attributions turned round ('"...," she said.' ->
// 'She said: "..."'). Used to test that near-duplicate detection survives rewording; the synonyms come
// from a general thesaurus (WordNet), never from a list fitted to any evaluation set.
import nlp from 'compromise';
import { seededRandom } from '../../scripts/lib/seeded-random.js';
import type { Thesaurus, WordClass } from './wordnet-thesaurus.js';

export interface RewordOptions {
  seed: number;
  /** Share of content words swapped. */
  swapRate?: number;
  /** Attributions turned round at most. */
  maxTurns?: number;
}

export interface Reworded {
  text: string;
  contentWords: number;
  swapped: number;
  turned: number;
}

export function shuffled<T>(items: readonly T[], rnd: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const SPEAKER = `(?:he|she|they|it|[A-Z][\\w'.-]*(?: [A-Z][\\w'.-]*){0,3}|(?:the|a|an) [a-z]+(?: [a-z]+)?|[a-z]+ officials|officials)`;
const VERB = '(?:said|says|added|explained|warned|told [^".,]{1,40})';
/** '"Quote," she said.' / '"Quote," said the minister.' / 'Clause, officials said.' */
const QUOTE_SPEAKER_VERB = new RegExp(`^["\u201c]([^"\u201c\u201d]+?),["\u201d] (${SPEAKER}) (${VERB})\\.$`);
const QUOTE_VERB_SPEAKER = new RegExp(`^["\u201c]([^"\u201c\u201d]+?),["\u201d] (${VERB}) (${SPEAKER})\\.$`);
const CLAUSE_SPEAKER_VERB = new RegExp(`^([A-Z][^"\u201c\u201d]{20,}?), (${SPEAKER}) (${VERB})\\.$`);

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const lowerFirst = (s: string): string =>
  /^[A-Z][a-z]/.test(s) && !/^(I|Mr|Mrs|Ms|Dr)\b/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;

/** The sentence turned round, or null when it is not an attribution of a known shape. */
export function turnSentence(sentence: string): string | null {
  let m = QUOTE_SPEAKER_VERB.exec(sentence);
  if (m) return `${capitalise(m[2]!)} ${m[3]}: "${m[1]}."`;
  m = QUOTE_VERB_SPEAKER.exec(sentence);
  if (m) return `${capitalise(m[3]!)} ${m[2]}: "${m[1]}."`;
  m = CLAUSE_SPEAKER_VERB.exec(sentence);
  if (m) return `${capitalise(m[2]!)} ${m[3]} ${lowerFirst(m[1]!)}.`;
  return null;
}

/** Sentences of a paragraph (a period, ! or ? with optional closing quote, then a capital or quote). */
function sentencesOf(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?]["\u201d]?)\s+(?=["\u201c]?[A-Z])/);
}

const SKIP_TAGS = new Set([
  'ProperNoun',
  'Pronoun',
  'Value',
  'Auxiliary',
  'Copula',
  'Modal',
  'Determiner',
  'Preposition',
  'Conjunction',
  'Possessive',
  'Date',
  'Acronym',
  'Honorific',
  'QuestionWord',
  'Negative',
  'Contraction',
  'Person',
  'Place',
  'Organization',
  'Abbreviation',
]);

type Form = 'Infinitive' | 'PastTense' | 'PresentTense' | 'Gerund' | 'Participle' | 'Plural' | 'Base';

interface ContentWord {
  text: string;
  cls: WordClass;
  form: Form;
}

function classify(text: string, tags: readonly string[]): ContentWord | null {
  if (!/^[a-z]{3,}$/.test(text) || tags.some((t) => SKIP_TAGS.has(t))) return null;
  if (tags.includes('Verb')) {
    const form: Form = tags.includes('Gerund')
      ? 'Gerund'
      : tags.includes('PastTense')
        ? 'PastTense'
        : tags.includes('Participle')
          ? 'Participle'
          : tags.includes('PresentTense') && text.endsWith('s')
            ? 'PresentTense'
            : 'Infinitive';
    return { text, cls: 'verb', form };
  }
  if (tags.includes('Noun')) return { text, cls: 'noun', form: tags.includes('Plural') ? 'Plural' : 'Base' };
  if (tags.includes('Adjective')) return { text, cls: 'adj', form: 'Base' };
  if (tags.includes('Adverb')) return { text, cls: 'adv', form: 'Base' };
  return null;
}

interface Inflections {
  noun: { toSingular(w: string, m: object): string; toPlural(w: string, m: object): string };
  verb: {
    toInfinitive(w: string, m: object, form: string): string;
    conjugate(w: string, m: object): Record<string, string | undefined>;
  };
}
const model = nlp.model();
// compromise's own inflection rules (not in its public typings).
const transform = (nlp.methods() as { two: { transform: Inflections } }).two.transform;

function lemmaOf(w: ContentWord): string {
  if (w.cls === 'noun' && w.form === 'Plural') return transform.noun.toSingular(w.text, model);
  if (w.cls === 'verb' && w.form !== 'Infinitive') {
    const from = w.form === 'Participle' ? 'PastTense' : w.form;
    return transform.verb.toInfinitive(w.text, model, from);
  }
  return w.text;
}

function inflect(synonym: string, w: ContentWord): string {
  if (w.cls === 'noun' && w.form === 'Plural') return transform.noun.toPlural(synonym, model);
  if (w.cls === 'verb' && w.form !== 'Infinitive') {
    const forms = transform.verb.conjugate(synonym, model);
    return forms[w.form] ?? (w.form === 'Participle' ? forms.PastTense : undefined) ?? synonym;
  }
  return synonym;
}

interface Slot {
  paragraph: number;
  term: number;
  word: ContentWord;
  synonyms: string[];
}

/** A reworded copy of `text` (paragraphs separated by blank lines are kept). */
export function reword(text: string, thesaurus: Thesaurus, options: RewordOptions): Reworded {
  const rnd = seededRandom(options.seed);
  const swapRate = options.swapRate ?? 1 / 7;
  const maxTurns = options.maxTurns ?? 3;
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);

  // 1. Turn a few attributions round.
  const sentences = paragraphs.map(sentencesOf);
  const turnable: Array<[number, number, string]> = [];
  sentences.forEach((ss, p) => {
    ss.forEach((s, i) => {
      const turned = turnSentence(s);
      if (turned) turnable.push([p, i, turned]);
    });
  });
  const turns = shuffled(turnable, rnd).slice(0, maxTurns);
  for (const [p, i, turned] of turns) sentences[p]![i] = turned;

  // 2. Swap about one content word in `1 / swapRate` for a synonym.
  const terms = sentences.map((ss) => {
    const json = nlp(ss.join(' ')).json({ terms: { normal: true } }) as Array<{
      terms: Array<{ text: string; pre: string; post: string; tags: string[] }>;
    }>;
    return json.flatMap((s) => s.terms);
  });
  let contentWords = 0;
  const slots: Slot[] = [];
  terms.forEach((ts, p) => {
    ts.forEach((t, i) => {
      const word = classify(t.text, t.tags);
      if (!word) return;
      contentWords++;
      const synonyms = thesaurus.synonyms(lemmaOf(word), word.cls);
      if (synonyms.length > 0) slots.push({ paragraph: p, term: i, word, synonyms });
    });
  });
  const wanted = Math.round(contentWords * swapRate);
  const chosen = shuffled(slots, rnd).slice(0, wanted);
  for (const slot of chosen) {
    const synonym = slot.synonyms[Math.floor(rnd() * slot.synonyms.length)]!;
    const term = terms[slot.paragraph]![slot.term]!;
    term.text = inflect(synonym, slot.word);
  }
  const out = terms.map((ts) =>
    ts
      .map((t) => `${t.pre}${t.text}${t.post}`)
      .join('')
      .trim(),
  );
  return { text: out.join('\n\n'), contentWords, swapped: chosen.length, turned: turns.length };
}
