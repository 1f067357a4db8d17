// Finding words in what was said without typing the marks: "ngan sach" finds "ngân sách", "đ"
// matches "d" (the same folding as the meeting pages' pickers), with the places of each match in
// the original text so they can be highlighted.

/** One character folded: marks taken off, đ → d, lower case. Several code points may fold to none. */
const foldChar = (c: string): string =>
  c
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();

/** The folded text and, for each folded code unit, where it came from in the original. */
function foldMapped(text: string): { folded: string; from: number[] } {
  let folded = '';
  const from: number[] = [];
  let i = 0;
  for (const c of text) {
    const f = foldChar(c);
    for (let k = 0; k < f.length; k++) from.push(i);
    folded += f;
    i += c.length;
  }
  return { folded, from };
}

/** The words of a query, folded; empty: no search. */
export function queryWords(query: string): string[] {
  return foldChar(query).split(/\s+/).filter(Boolean);
}

/** Whether every word occurs in the text. */
export function matchesAll(text: string, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const { folded } = foldMapped(text);
  return words.every((w) => folded.includes(w));
}

/** The stretches of `text` that match any word, merged and in order: [start, end) in `text`. */
export function matchRanges(text: string, words: readonly string[]): [number, number][] {
  if (words.length === 0) return [];
  const { folded, from } = foldMapped(text);
  const ranges: [number, number][] = [];
  for (const w of words) {
    for (let at = folded.indexOf(w); at !== -1; at = folded.indexOf(w, at + 1)) {
      const start = from[at]!;
      const lastFrom = from[at + w.length - 1]!;
      // The end is past the whole original character the last folded unit came from.
      let end = lastFrom + (text.codePointAt(lastFrom)! > 0xffff ? 2 : 1);
      // Marks written as their own code points (decomposed text) stay with their letter.
      while (end < text.length && /[\u0300-\u036f]/.test(text[end]!)) end++;
      ranges.push([start, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
