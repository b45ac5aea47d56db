// Per-line/paragraph features used to tell article prose from page furniture.

const STOP_WORDS = new Set(
  // en
  (
    'the a an and or but of to in on at for with by from as is are was were be been has have had it its this that ' +
    'these those he she they we you i his her their our not no which who whom what when where will would can could ' +
    'should may might than then there also after before about into over more most some any all one two said says ' +
    // fr / es / it / pt
    'le la les un une des du et est dans pour par sur que qui pas au aux ce cette il elle ils sont été avec ' +
    'el los las del en por con una es para al lo como más pero sus su se ha ' +
    'il di che non per della con sono nel alla gli ' +
    'o os da do das dos em um uma não com mais ' +
    // de / nl
    'der die das und ist nicht ein eine mit den dem des sich auf für von zu im auch es sie wir werden wird ' +
    'het een van en niet zijn op te met voor ' +
    // ru / id
    'и в не на что с как по это но из к у за о от же для так все его она они было бы ' +
    'yang dan di ke dari ini itu dengan untuk tidak dalam akan'
  ).split(' '),
);

/** Phrases that mark page furniture rather than article text. */
const BOILERPLATE =
  /^(?:advertisement|advertisements?|sponsored|skip to|jump to|sign in|log ?in|sign up|subscribe|register|share|share this|tweet|email|print|comments?|read more|continue reading|see more|show more|load more|more stories|related|related (?:stories|articles|content|posts|topics)|recommended|trending|most (?:popular|read|viewed)|you (?:may|might) also like|follow us|menu|search|home|close|next|previous|back to top|photo|image|video|watch|listen|copyright|terms|privacy|cookies?|contact us|about us|newsletter|all rights reserved|loading|top stories|editor'?s picks?|latest news|popular|tags?|topics?|categories)\b/i;

const BOILERPLATE_ANYWHERE =
  /cookies?\b.*\b(?:consent|accept|policy|use)|(?:accept|agree)\b.*\bcookies?|all rights reserved|©|\(c\) \d{4}|privacy policy|terms (?:of|and) (?:use|service|conditions)|sign up for (?:our|the)|subscribe to (?:our|the)|newsletter|follow us on|share (?:on|this) (?:facebook|twitter)|click here|javascript|your browser|getty images|shutterstock|image (?:source|copyright|caption)|photo(?:graph)?:|\bcredit:|\bfile photo\b|download the app/i;

export interface UnitFeatures {
  chars: number;
  words: number;
  /** Length in "word equivalents": CJK text has no spaces, so two characters count as a word. */
  weight: number;
  endsSentence: boolean;
  sentences: number;
  stopRatio: number;
  /** Fraction of words starting with a capital (Title Case headlines, menus). */
  capsRatio: number;
  boilerplate: boolean;
  /** Short, unpunctuated, Title-Case or sentence-case line: a headline or menu entry. */
  headlineLike: boolean;
}

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.-]*/gu;
const CJK_RE = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g;

export function unitFeatures(text: string): UnitFeatures {
  const words = text.match(WORD_RE) ?? [];
  const cjk = text.match(CJK_RE)?.length ?? 0;
  const weight = Math.max(words.length, cjk > text.length * 0.3 ? text.length / 2 : 0);
  let stops = 0;
  let caps = 0;
  let cased = 0;
  for (const w of words) {
    const lower = w.toLowerCase();
    if (STOP_WORDS.has(lower)) stops++;
    const first = w[0] ?? '';
    if (first.toLowerCase() !== first.toUpperCase()) {
      cased++;
      if (first !== lower[0]) caps++;
    }
  }
  const trimmed = text.trim();
  const endsSentence = /[.!?…。！？:;"”»')\]]$/.test(trimmed) && !/\.\.\.$|…$/.test(trimmed);
  const sentences = (trimmed.match(/[.!?。！？]["”»')]?(?:\s|$)/g) ?? []).length;
  const capsRatio = cased ? caps / cased : 0;
  const boilerplate = (BOILERPLATE.test(trimmed) && words.length <= 8) || BOILERPLATE_ANYWHERE.test(trimmed);
  const headlineLike =
    words.length >= 2 &&
    words.length <= 25 &&
    trimmed.length <= 180 &&
    !/[.;,:]$/.test(trimmed) &&
    sentences <= 1;
  return {
    chars: trimmed.length,
    words: words.length,
    weight,
    endsSentence,
    sentences,
    stopRatio: words.length ? stops / words.length : 0,
    capsRatio,
    boilerplate,
    headlineLike,
  };
}
