// Direct quotes and who said them: `"...," Lavrov said`, `said Lavrov: "..."`, `he noted that "..."`.
import type { EntityAnalysis } from './entities.js';
import type { Quote } from './types.js';

const QUOTE_RE = /“([^”“]{2,2000})”|"([^"\n]{2,2000})"|«([^»«]{2,2000})»|„([^“”„]{2,2000})[“”]/g;
const VERBS =
  'said|says|say|told|tells|added|adds|noted|notes|stated|states|explained|explains|argued|argues|warned|warns|' +
  'wrote|writes|insisted|insists|asked|asks|replied|emphasi[sz]ed|emphasi[sz]es|stressed|stresses|declared|' +
  'claimed|claims|continued|acknowledged|admitted|suggested|recalled|remarked|observed|concluded|urged|smiled|' +
  'smiles|laughed|tweeted|posted|announced|commented|highlighted|criticized|criticised|accused|predicted';
const NAME = String.raw`((?:\p{Lu}[\p{L}.'’-]*)(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|al|bin|della|da))*|he|she|they)`;
/** After the quote: `," Lavrov noted` / `," said Mr Lakhani` / `," he said`. */
const AFTER_NAME_VERB = new RegExp(String.raw`^\s*[,.]?\s*${NAME}\s+(?:${VERBS})\b`, 'u');
const AFTER_VERB_NAME = new RegExp(String.raw`^\s*[,.]?\s*(?:${VERBS})\s+${NAME}`, 'u');
/** Before the quote: `Lavrov said: "` / `He emphasized that Russia expects "` / `according to Putin, "`. */
const BEFORE = new RegExp(String.raw`${NAME}\s+(?:[\p{Ll}]+\s+){0,2}(?:${VERBS})\b[^.!?“"]{0,120}$`, 'u');
const ACCORDING = new RegExp(`according to ${NAME}[^.!?“"]{0,40}$`, 'u');

function isPronoun(s: string): boolean {
  return /^(?:he|she|they)$/i.test(s);
}

export function extractQuotes(text: string, entities: EntityAnalysis): Quote[] {
  const quotes: Quote[] = [];
  let lastSpeaker: string | null = null;
  for (const m of text.matchAll(QUOTE_RE)) {
    const raw = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').trim();
    const words = raw.split(/\s+/).filter(Boolean);
    if (words.length < 3) continue; // scare quotes and titles ("common sense")
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const after = text.slice(end, end + 80);
    const paraStart = Math.max(text.lastIndexOf('\n', start), 0);
    const before = text.slice(Math.max(paraStart, start - 200), start);

    let named: string | null = null;
    const a1 = after.match(AFTER_NAME_VERB);
    const a2 = after.match(AFTER_VERB_NAME);
    const b = before.match(BEFORE) ?? before.match(ACCORDING);
    named = a1?.[1] ?? a2?.[1] ?? b?.[1] ?? null;

    let speaker: string | null = null;
    if (named && isPronoun(named)) {
      // "he said": the person most recently mentioned before the quote, else the last speaker.
      const prior = entities.personMentions.filter((p) => p.end <= start);
      speaker = prior[prior.length - 1]?.name ?? lastSpeaker;
    } else if (named) {
      speaker = entities.resolvePerson(named) ?? (/\s/.test(named) ? named : null);
    }
    if (speaker) lastSpeaker = speaker;
    quotes.push({ text: raw.replace(/[,]$/, ''), speaker });
  }
  return quotes;
}
