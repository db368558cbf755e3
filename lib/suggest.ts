// "Did you mean …?" for a mistyped command or flag: the nearest known word by edit distance.

/**
 * Edit distance with adjacent transpositions (optimal string alignment): `scna` is one edit from
 * `scan`, as a typo is.
 */
export const editDistance = (a: string, b: string): number => {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] as number;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
};

/**
 * The known word nearest `typed`, when it is near enough to be a typo: at most a third of its
 * length away (at least 1, at most 3). Undefined otherwise, and for an exact match.
 */
export const nearest = (typed: string, known: readonly string[]): string | undefined => {
  const limit = Math.min(3, Math.max(1, Math.floor(typed.length / 3)));
  let best: { word: string; distance: number } | undefined;
  for (const word of known) {
    const distance = editDistance(typed.toLowerCase(), word.toLowerCase());
    if (distance === 0 || distance > limit) continue;
    if (!best || distance < best.distance) best = { word, distance };
  }
  return best?.word;
};

/** ` (did you mean scan?)`, or nothing. */
export const didYouMean = (typed: string, known: readonly string[]): string => {
  const word = nearest(typed, known);
  return word ? ` (did you mean ${word}?)` : '';
};
