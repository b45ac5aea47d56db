// Direct quotes and who said them: `"...," Okafor said`, `said Okafor: "..."`, `he noted that "..."`.
// Quotes are found per paragraph: news style leaves a quote open at the end of a paragraph when the same
// speaker continues in the next one.
import type { EntityAnalysis } from './entities.js';
import type { Quote } from './types.js';

const QUOTE_RE =
  /“([^”“]{2,2000})(?:”|$)|"([^"\n]{2,2000})(?:"|$)|«([^»«]{2,2000})(?:»|$)|„([^“”„]{2,2000})(?:[“”]|$)/g;
const VERBS =
  'said|says|say|told|tells|added|adds|noted|notes|stated|states|explained|explains|argued|argues|warned|warns|' +
  'wrote|writes|insisted|insists|asked|asks|replied|emphasi[sz]ed|emphasi[sz]es|stressed|stresses|declared|' +
  'claimed|claims|continued|acknowledged|admitted|suggested|recalled|remarked|observed|concluded|urged|smiled|' +
  'smiles|laughed|tweeted|posted|announced|commented|highlighted|criticized|criticised|accused|predicted|' +
  'recounted|testified|responded|answered|conceded|boasted|joked|cautioned|vowed|pledged|promised|maintained|' +
  'contended|insisted|shouted|whispered|explained|elaborated|confirmed|denied|reiterated|recalls|adds';
const NAME = String.raw`((?:\p{Lu}[\p{L}.'’-]*)(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|al|bin|della|da))*|he|she|they)`;
/** Optional apposition between a name and its verb: `John Williams, the president of the Fed, said`. */
const APPOSITION = String.raw`(?:\s*,[^,“”"]{2,90},)?`;
/** After the quote: `," Okafor noted` / `," said Mr Okafor` / `," he said`. */
const AFTER_NAME_VERB = new RegExp(String.raw`^\s*[,.]?\s*${NAME}${APPOSITION}\s+(?:${VERBS})\b`, 'u');
const AFTER_VERB_NAME = new RegExp(String.raw`^\s*[,.]?\s*(?:${VERBS})\s+${NAME}`, 'u');
/** Before the quote: `Okafor said: "` / `She stressed that the council expects "` / `according to Smith, "`. */
const BEFORE = new RegExp(
  String.raw`${NAME}${APPOSITION}\s+(?:\p{Ll}+\s+){0,2}(?:${VERBS})\b[^.!?“"]{0,120}$`,
  'u',
);
const ACCORDING = new RegExp(`according to ${NAME}[^.!?“"]{0,40}$`, 'u');

function isPronoun(s: string): boolean {
  return /^(?:he|she|they)$/i.test(s);
}

export function extractQuotes(text: string, entities: EntityAnalysis): Quote[] {
  const quotes: Quote[] = [];
  let lastSpeaker: string | null = null;
  /** Speaker of a quote left open at the end of the previous paragraph. */
  let openSpeaker: string | null = null;
  let offset = 0;
  for (const para of text.split('\n\n')) {
    const paraOffset = offset;
    offset += para.length + 2;
    let continuation: string | null = openSpeaker;
    openSpeaker = null;
    /** A second quote in a paragraph, unattributed, continues the first one's speaker. */
    let paraSpeaker: string | null = null;
    for (const m of para.matchAll(QUOTE_RE)) {
      const raw = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim();
      const start = m.index ?? 0;
      const end = start + m[0].length;
      const unclosed = end === para.length && !/[”"»“]$/.test(m[0]);
      const words = raw.split(/\s+/).filter(Boolean);
      if (words.length < 3) continue; // scare quotes and titles ("common sense")

      const after = para.slice(end, end + 160);
      const before = para.slice(Math.max(0, start - 200), start);
      const named =
        after.match(AFTER_NAME_VERB)?.[1] ??
        after.match(AFTER_VERB_NAME)?.[1] ??
        before.match(BEFORE)?.[1] ??
        before.match(ACCORDING)?.[1] ??
        null;

      let speaker: string | null = null;
      if (named && isPronoun(named)) {
        // "he said": the person most recently mentioned before the quote, else the last speaker.
        const at = paraOffset + start;
        const prior = entities.personMentions.filter((p) => p.end <= at);
        speaker = prior[prior.length - 1]?.name ?? lastSpeaker;
      } else if (named) {
        speaker = entities.resolvePerson(named) ?? (/\s/.test(named) ? named : null);
      } else if (start === 0 && continuation) {
        speaker = continuation; // the quote continues from the previous paragraph
      } else if (paraSpeaker) {
        speaker = paraSpeaker;
      }
      if (speaker) paraSpeaker = speaker;
      continuation = null;
      if (speaker) lastSpeaker = speaker;
      if (unclosed) openSpeaker = speaker;
      quotes.push({ text: raw.replace(/,$/, ''), speaker });
    }
  }
  return quotes;
}
