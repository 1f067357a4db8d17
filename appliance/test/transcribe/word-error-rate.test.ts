import { describe, expect, it } from 'vitest';
import { normalizedWords, wordErrorRate } from '../../src/transcribe/word-error-rate.ts';

describe('word error rate', () => {
  it('normalises case, punctuation and Unicode form, and keeps diacritics', () => {
    expect(normalizedWords('Xin chào, các Đại biểu!')).toEqual(['xin', 'chào', 'các', 'đại', 'biểu']);
    // Decomposed (NFD) and composed (NFC) Vietnamese are the same words.
    expect(normalizedWords('Ngân sách'.normalize('NFD'))).toEqual(['ngân', 'sách']);
    expect(wordErrorRate('ma má mà', 'ma ma ma').substitutions).toBe(2);
  });

  it('counts substitutions, deletions and insertions against the reference length', () => {
    expect(wordErrorRate('thông qua dự toán', 'thông qua dự toán.')).toMatchObject({ wer: 0 });
    expect(wordErrorRate('thông qua dự toán', 'thông qua dự án')).toMatchObject({
      wer: 0.25,
      substitutions: 1,
    });
    expect(wordErrorRate('thông qua dự toán', 'thông qua toán')).toMatchObject({ wer: 0.25, deletions: 1 });
    expect(wordErrorRate('thông qua', 'xin thông qua ạ')).toMatchObject({ wer: 1, insertions: 2 });
    expect(wordErrorRate('', '').wer).toBe(0);
    expect(wordErrorRate('', 'ồn').wer).toBe(1);
  });
});
