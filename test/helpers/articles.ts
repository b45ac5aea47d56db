// Distinct, realistic-looking articles for load and fault tests (deterministic from a seed), so
// that none is a duplicate of another.
const WORDS = (
  'government minister council report economy market energy climate health school court police city ' +
  'region election budget policy trade union bank company investors workers farmers hospital river ' +
  'bridge railway airport festival museum library museum season league coach players fans weather ' +
  'storm flood drought harvest prices inflation housing rent tenants landlords teachers students'
).split(' ');

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function sentence(next: () => number, n: number): string {
  const words = Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]!);
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export function syntheticArticle(id: number): string {
  const next = rng(id * 2654435761 + 7);
  const headline = `Officials in District ${id} announce ${sentence(next, 4).slice(0, -1).toLowerCase()}`;
  const paragraphs = Array.from(
    { length: 5 },
    (_, p) =>
      Array.from({ length: 3 }, () => sentence(next, 12 + Math.floor(next() * 8))).join(' ') +
      ` Report ${id}-${p}.`,
  );
  return `${headline}\n\n${paragraphs.join('\n\n')}\n`;
}
