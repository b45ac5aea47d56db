// Per-line/paragraph features used to tell article prose from page furniture.
import functionWords from '../data/function-words.json' with { type: 'json' };
import readerAddress from '../data/reader-address.json' with { type: 'json' };
import { datelineLength } from '../dateline.js';

/** Function words of the languages we see most (data file: source and reason inside). */
const STOP_WORDS = new Set(Object.values(functionWords.words).flat());
/** Words that address the reader or speak for the site (data file: source and reason inside). */
const READER_WORDS = new Set(readerAddress.words);
/** Phone numbers, e-mail and web addresses: how a service block reaches its reader. */
const CONTACT = /\b\d{3}[-. ]\d{4}\b|@[\w-]+\.[a-z]{2,}|\bwww\.|https?:\/\//gi;

/** Phrases that mark page furniture rather than article text. */
const BOILERPLATE =
  /^(?:advertisement|advertisements?|sponsored|skip to|jump to|sign in|log ?in|sign up|subscribe|register|share|share this|tweet|email|print|comments?|read more|continue reading|see more|show more|load more|more stories|related|related (?:stories|articles|content|posts|topics)|recommended|trending|most (?:popular|read|viewed)|you (?:may|might) also like|follow us|menu|search|home|close|next|previous|back to top|photo|image|video|watch|listen|copyright|terms|privacy|cookies?|contact us|about us|newsletter|all rights reserved|loading|top stories|editor'?s picks?|latest news|popular|tags?|topics?|categories)\b/i;

const BOILERPLATE_ANYWHERE =
  /^\|?\s*(?:published|updated|posted|last updated|modified|first published)\b.{0,60}\d|^\((?:images?|photos?|pictures?|credits?)\b[^)]*\)$|contributed to this report|contributed reporting|^via\s+\S+$|^(?:[\p{L}.'’ -]+\|\s*){1,3}(?:getty images|ap|reuters|afp|bloomberg|shutterstock|epa|alamy)\s*$|delivered (?:weekday|daily|every|to your)|breaking news alerts|sign up (?:for|to)|get (?:our|the) newsletter|\s[/|]\s*(?:AP|Reuters|AFP|Getty Images|EPA|Bloomberg|NBC News|CNN|file|AP file|Reuters file)\s*$|^\p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}.'’-]+){1,3} (?:is|was) an? (?:[\p{L}-]+ ){0,5}(?:reporter|writer|editor|correspondent|journalist|contributor|columnist|producer|intern)\b|\((?:images?|photos?|pictures?|pics?|credits?|videos?|source|file)\s*:[^)]*\)\s*$|\((?:AP|AFP|Reuters|Getty(?: Images)?|EPA|PA|REX|Shutterstock|AP Photo[^)]*|File Photo|File|Handout)\)\s*$|^(?:read more|read also|see also|see more|also read|related|watch|listen|more|recommended|pictured|picture|photo|video|image|source|credit)\s*:|\[\s*(?:warning|insight|news|video|pics|photos|latest|analysis|comment|poll|live|update|gallery|report|reveal|read|reaction|explained|opinion)\s*\]\s*\|?\s*$|^subscribe to\b|personal data|data protection|your (?:email|e-mail) address|required fields are marked|in this browser for the next time|by submitting this form|(?:revoke|withdraw) (?:this|your) consent|cookies?\b.*\b(?:consent|accept|policy|use)|(?:accept|agree)\b.*\bcookies?|all rights reserved|©|\(c\) \d{4}|privacy policy|terms (?:of|and) (?:use|service|conditions)|sign up for (?:our|the)|subscribe to (?:our|the)|newsletter|follow us on|share (?:on|this) (?:facebook|twitter)|click here|javascript|your browser|(?:not supported|unsupported) (?:on|by|in) your device|getty images|shutterstock|image (?:source|copyright|caption)|photo(?:graph)?:|\bcredit:|\bfile photo\b|download the app/iu;

/** Legal footers, whatever their length: trademarks, medical and investment disclaimers. */
const LEGAL =
  /registered trademarks? of|are (?:registered )?trademarks of|not been evaluated by the food and drug|not intended to diagnose|consult your (?:physician|doctor) before|(?:may|might) not be (?:published|reproduced|broadcast|rewritten|redistributed)|does not constitute (?:financial|investment|medical|legal) advice|for informational purposes only|all rights reserved/i;

/** Photo captions, whatever their length: credit at the end or a gallery counter at the start. */
const CAPTION =
  /(?:\b(?:credits?|photo(?:graph)?s?|images?|pictures?|courtesy|source)\s*:\s*[^.:]{1,80}|\((?:AP|Reuters|AFP|Getty|EPA)[^)]{0,60}\)|\b(?:AP|Reuters|AFP) Photo\/[^)]{1,60}\)?)\s*$|^\d{1,3}\s+(?:of|\/)\s+\d{1,3}\s/i;

/** Section headers after which a page stops being the article: comments, related lists, author boxes. */
const BARRIER =
  /^(?:\[?\s*\d+\s+comments?\s*\]?|comments?(?:\s*\(\d+\))?|(?:top rated|view all|show|load|read|see all|\d+) comments?|leave a (?:reply|comment)|(?:post|add|write|submit) a comment|join the (?:discussion|conversation)|(?:related|recommended|more|latest|similar|popular|other|top) (?:stories|articles|posts|reading|coverage|news|videos?|links|content|headlines)|you (?:may|might|will) also (?:like|enjoy|be interested)|(?:don'?t|do not) miss|most (?:popular|read|viewed|shared|recent)|(?:trending|popular)(?: now| stories| news| today)?|more (?:from|in|on|about)\b.*|sponsored(?: content| stories| links)?|around the web|from (?:our|the) partners?|about the author|share this (?:article|story|post)|what to read next|up next|read next|recommended for you|promoted (?:stories|content)|(?:tags?|filed under)\s*:.*|sources?|references|about this (?:statement|article|story|post)|footnotes|bibliography|more on this (?:story|topic))\s*[:»>]?$/i;

/** "More <Site Name>": a site's own list of other stories. */
const MORE_FROM_SITE = /^More\s+\p{Lu}[\p{L}.'’]*(?:\s+\p{Lu}[\p{L}.'’]*){0,3}$/u;
const TERMINAL =
  /comment|repl(?:y|ies)|discussion|conversation|disqus|sources?|references|about (?:the|this)|footnotes|bibliography|share this|tags?:|filed under/i;
/** "12 thoughts on “<title>”", "3 responses to ...": a comment section, however long the title. */
const COMMENT_COUNT = /^\d+\s+(?:thoughts?|responses?|comments?|replies|reactions?)\s+(?:on|to)\s/i;
/**
 * A blog post's footer ("Posted by Jo at March 3, 2012 01:23 PM", "This entry was posted on Monday, May 4th,
 * 2015 at 10:00"): after the post's prose, what follows is comments and other posts.
 */
const POST_FOOTER = /^(?:this (?:entry|post) was )?posted\b.{0,80}?(?:\b(?:19|20)\d\d\b|\b\d{1,2}:\d{2})/i;
/** "Jo Bloggs says:", "Jo Bloggs May 3, 2012 at 9:15 pm": the line above each reader comment. */
const COMMENT_BYLINE =
  /\b(?:says|said|wrote) ?:$|\b(?:19|20)\d\d\b.{0,20}\b\d{1,2}:\d{2}(?: ?[ap]\.?m\.?)?$/i;
/** Headers of a comment section: nothing after them is the article. */
const COMMENTS = /comment|repl(?:y|ies)|discussion|conversation|disqus/i;

/** "Monday March 2, 2020", "2 days ago at 9:15 am", "Updated 10:42 AM ET": timestamps of list entries. */
const DATE_LINE =
  /^(?:(?:updated|published|posted)\s*:?\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d+\s+(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago)(?:\s*(?:at|,|\|)?\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?$/i;

/** Capitalised function words inside a line betray Title Case ("Council Votes To Close Library At Noon"). */
const TITLE_STOP = new Set(
  'To Of In For At On With After From And A An The By As Into Over About Without Amid Is Are Be Up Out'.split(
    ' ',
  ),
);

export interface UnitFeatures {
  chars: number;
  words: number;
  /** Length in "word equivalents": CJK text has no spaces, so two characters count as a word. */
  weight: number;
  endsSentence: boolean;
  /** Last character of the line. */
  lastChar: string;
  /** Ends with a clause separator (、，,;) — a sentence continued on the next line. */
  endsClause: boolean;
  sentences: number;
  stopRatio: number;
  /** Fraction of words starting with a capital (Title Case headlines, menus). */
  capsRatio: number;
  boilerplate: boolean;
  /** Short, unpunctuated, Title-Case or sentence-case line: a headline or menu entry. */
  headlineLike: boolean;
  /** A section header that ends the article (comments, related stories...). */
  barrier: boolean;
  /** The barrier ends the article for good (comments, sources, author box), unlike an inline "Related" box. */
  terminalBarrier: boolean;
  /** The barrier opens a comment section. */
  commentsBarrier: boolean;
  /** A blog post's "Posted by ... at <date>" footer. */
  postFooter: boolean;
  /** The line above a reader comment ("Jo says:", "Jo May 3, 2012 at 9:15 pm"). */
  commentByline: boolean;
  /** A bare timestamp line. */
  dateLine: boolean;
  /** Starts with a Title Case headline (a teaser: "Headline In Title Case The story begins..."). */
  titlePrefix: boolean;
  /** Words that address the reader or speak for the site ("you", "your", "we", "our"). */
  readerWords: number;
  /** Phone numbers, e-mail and web addresses. */
  contacts: number;
}

function hasTitlePrefix(words: readonly string[]): boolean {
  const head = words.slice(0, 8);
  if (head.length < 5) return false;
  let caps = 0;
  let titleStops = 0;
  head.forEach((w, i) => {
    if (/^\p{Lu}/u.test(w)) {
      caps++;
      if (i > 0 && TITLE_STOP.has(w)) titleStops++;
    }
  });
  return caps >= 5 && (titleStops >= 1 || caps === head.length);
}

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.-]*/gu;
const CJK_RE = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g;

/** Length in word equivalents: CJK text has no spaces, so two characters count as a word. */
export function wordEquivalents(text: string, words = text.match(WORD_RE)?.length ?? 0): number {
  const cjk = text.match(CJK_RE)?.length ?? 0;
  return Math.max(words, cjk > text.length * 0.3 ? text.length / 2 : 0);
}

/** A wire dateline ("NEW YORK, March 3 (AP) --") is capitalised but is not a headline glued to a teaser. */
function wordsAfterDateline(trimmed: string, words: string[]): string[] {
  const skip = datelineLength(trimmed);
  return skip ? (trimmed.slice(skip).match(WORD_RE) ?? []) : words;
}

export function unitFeatures(text: string): UnitFeatures {
  const words = text.match(WORD_RE) ?? [];
  const weight = wordEquivalents(text, words.length);
  let stops = 0;
  let caps = 0;
  let cased = 0;
  let readerWords = 0;
  for (const w of words) {
    const lower = w.toLowerCase();
    if (STOP_WORDS.has(lower)) stops++;
    if (READER_WORDS.has(lower)) readerWords++;
    const first = w[0] ?? '';
    if (first.toLowerCase() !== first.toUpperCase()) {
      cased++;
      if (first !== lower[0]) caps++;
    }
  }
  const trimmed = text.trim();
  // An ellipsis, bare or in brackets ("[...]"), ends a truncated teaser, not a sentence.
  const endsSentence = /[.!?…。！？]["”»'’)\]]*$/.test(trimmed) && !/(?:\.\.\.|…)\]?$/.test(trimmed);
  // Abbreviations ("U.S.", "Mr.") are not sentence ends.
  const unabbreviated = trimmed
    .replace(/(?:\.\.\.|…)$/, '')
    .replace(
      /\b(?:\p{Lu}\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|No|vs|Inc|Co|Corp|Ltd|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\./gu,
      '',
    );
  const sentences = (unabbreviated.match(/[.!?。！？]["”»')]?(?:\s|$)/g) ?? []).length;
  const capsRatio = cased ? caps / cased : 0;
  // Long prose may mention newsletters or browsers; only short lines are judged by these phrases.
  const boilerplate =
    (BOILERPLATE.test(trimmed) && words.length <= 8) ||
    (words.length <= 40 && BOILERPLATE_ANYWHERE.test(trimmed)) ||
    CAPTION.test(trimmed) ||
    LEGAL.test(trimmed);
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
    lastChar: trimmed.slice(-1),
    endsClause: /[、，,;；]$/.test(trimmed),
    sentences,
    stopRatio: words.length ? stops / words.length : 0,
    capsRatio,
    boilerplate,
    headlineLike,
    barrier: words.length <= 8 && (BARRIER.test(trimmed) || MORE_FROM_SITE.test(trimmed)),
    terminalBarrier:
      (words.length <= 8 && BARRIER.test(trimmed) && TERMINAL.test(trimmed)) || COMMENT_COUNT.test(trimmed),
    commentsBarrier:
      (words.length <= 8 && BARRIER.test(trimmed) && COMMENTS.test(trimmed)) || COMMENT_COUNT.test(trimmed),
    dateLine: words.length <= 10 && DATE_LINE.test(trimmed),
    postFooter: words.length <= 20 && POST_FOOTER.test(trimmed),
    commentByline: words.length <= 14 && COMMENT_BYLINE.test(trimmed),
    titlePrefix: hasTitlePrefix(wordsAfterDateline(trimmed, words)),
    readerWords,
    contacts: trimmed.match(CONTACT)?.length ?? 0,
  };
}
