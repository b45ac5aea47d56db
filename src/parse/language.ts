// Language of the body (never headlines: franc misreads short Title Case text).
import { franc } from 'franc-min';

/** ISO 639-3 (franc) -> ISO 639-1 for the languages franc-min knows that have a two-letter code. */
const ISO3_TO_1: Record<string, string> = {
  eng: 'en',
  spa: 'es',
  por: 'pt',
  ind: 'id',
  fra: 'fr',
  deu: 'de',
  jav: 'jv',
  vie: 'vi',
  ita: 'it',
  tur: 'tr',
  pol: 'pl',
  swh: 'sw',
  sun: 'su',
  ron: 'ro',
  hau: 'ha',
  bos: 'bs',
  hrv: 'hr',
  nld: 'nl',
  srp: 'sr',
  ckb: 'ku',
  yor: 'yo',
  uzn: 'uz',
  zlm: 'ms',
  ibo: 'ig',
  ceb: 'und',
  tgl: 'tl',
  hun: 'hu',
  azj: 'az',
  ces: 'cs',
  run: 'rn',
  plt: 'mg',
  nya: 'ny',
  kin: 'rw',
  zul: 'zu',
  swe: 'sv',
  lin: 'ln',
  som: 'so',
  ilo: 'und',
  rus: 'ru',
  ukr: 'uk',
  bel: 'be',
  bul: 'bg',
  kaz: 'kk',
  arb: 'ar',
  urd: 'ur',
  pes: 'fa',
  pbu: 'ps',
  hin: 'hi',
  mar: 'mr',
  mai: 'und',
  bho: 'und',
  npi: 'ne',
  mag: 'und',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  ben: 'bn',
  tel: 'te',
  tam: 'ta',
  guj: 'gu',
  kan: 'kn',
  mal: 'ml',
  pan: 'pa',
  ori: 'or',
  mya: 'my',
  tha: 'th',
  amh: 'am',
  ell: 'el',
  heb: 'he',
  kat: 'ka',
  hye: 'hy',
  khm: 'km',
  lao: 'lo',
  sin: 'si',
  sat: 'und',
  uig: 'ug',
  tir: 'ti',
};

const ENGLISH_MARKERS = new Set(
  'the of and to in is that for was on with as by at from it are were has have been which this'.split(' '),
);

/** Detects the language of body text; "und" when the text is too short or franc is unsure. */
export function detectLanguage(paragraphs: readonly string[]): string {
  // A sample of the body keeps detection fast on long articles.
  let sample = '';
  for (const p of paragraphs) {
    if (sample.length > 2000) break;
    sample += `${p}\n`;
  }
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 20) return 'und';
  // Fast path: English function words dominate English prose.
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length >= 20) {
    let hits = 0;
    for (const w of words) if (ENGLISH_MARKERS.has(w)) hits++;
    if (hits / words.length > 0.18) return 'en';
  }
  const code = franc(sample, { minLength: 20 });
  if (code === 'zlm' || code === 'ind') return malayOrIndonesian(words);
  return ISO3_TO_1[code] ?? 'und';
}

/** franc confuses Indonesian and Malay; a few everyday words differ between them. */
const INDONESIAN = new Set(
  'karena bisa sudah belum tapi banyak saat kita sangat juga hanya kalau'.split(' '),
);
const MALAY = new Set('kerana boleh sahaja daripada ialah sebab mahu jika telah kepada'.split(' '));

function malayOrIndonesian(words: readonly string[]): string {
  let id = 0;
  let ms = 0;
  for (const w of words) {
    if (INDONESIAN.has(w)) id++;
    else if (MALAY.has(w)) ms++;
  }
  return ms > id ? 'ms' : 'id';
}
