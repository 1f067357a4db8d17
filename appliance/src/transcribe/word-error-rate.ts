// Word error rate (issue 5's accuracy tests): (substitutions + deletions + insertions) / words of
// the reference, by Levenshtein distance over words after the normalisation whisper's Vietnamese
// evaluations use: NFC, lower case, punctuation removed, whitespace collapsed. Diacritics are kept:
// in Vietnamese they tell words apart ("ma", "má", "mà" are different words).

/** Words of `text`, normalised for comparison. */
export function normalizedWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('vi')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

export interface WerResult {
  wer: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  referenceWords: number;
}

export function wordErrorRate(reference: string, hypothesis: string): WerResult {
  const r = normalizedWords(reference);
  const h = normalizedWords(hypothesis);
  // d[i][j]: cost of turning r[0..i) into h[0..j), with the operation counts that reach it.
  type Cell = { cost: number; s: number; d: number; i: number };
  let prev: Cell[] = Array.from({ length: h.length + 1 }, (_, j) => ({ cost: j, s: 0, d: 0, i: j }));
  for (let i = 1; i <= r.length; i++) {
    const row: Cell[] = [{ cost: i, s: 0, d: i, i: 0 }];
    for (let j = 1; j <= h.length; j++) {
      const same = r[i - 1] === h[j - 1];
      const diag = prev[j - 1]!;
      const up = prev[j]!;
      const left = row[j - 1]!;
      const options: Cell[] = [
        { ...diag, cost: diag.cost + (same ? 0 : 1), s: diag.s + (same ? 0 : 1) },
        { ...up, cost: up.cost + 1, d: up.d + 1 },
        { ...left, cost: left.cost + 1, i: left.i + 1 },
      ];
      row.push(options.reduce((a, b) => (b.cost < a.cost ? b : a)));
    }
    prev = row;
  }
  const end = prev[h.length]!;
  return {
    wer: r.length === 0 ? (h.length === 0 ? 0 : 1) : end.cost / r.length,
    substitutions: end.s,
    deletions: end.d,
    insertions: end.i,
    referenceWords: r.length,
  };
}
