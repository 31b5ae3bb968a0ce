// Chinese, Japanese and Korean are written without spaces between words, so FTS5's unicode61
// tokenizer would make a whole run one token and a word inside it could never be found. Each
// such run is indexed as its overlapping two-character pieces instead (as Thunderbird's indexer
// does), and a searched word is cut the same way into a phrase of those pieces.

/** Han, kana (with the long-vowel mark) and Hangul: the scripts written without word spaces. */
const CJK_RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u30fc\uff70]+/gu;

/** Overlapping pairs of a run, by code point: 東京都 -> 東京 京都. */
function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  return chars.slice(1).map((char, index) => `${chars[index]}${char}`);
}

/**
 * The text as the index holds it: each CJK run becomes its bigrams, with the run's last
 * character after them so a one-character search finds a character that ends a run too.
 * Text without CJK comes back unchanged.
 */
export function cjkIndexText(text: string): string {
  return text.replace(CJK_RUN, (run) => {
    const chars = Array.from(run);
    const pieces = bigrams(run);
    if (chars.length > 1) pieces.push(chars[chars.length - 1] as string);
    return ` ${pieces.join(' ')} `;
  });
}

/**
 * A searched word as the tokens to match in order: its CJK runs become their bigrams (no
 * trailing character, which is only there for one-character searches). Unchanged without CJK.
 */
export function cjkQueryText(word: string): string {
  const cut = word.replace(CJK_RUN, (run) => ` ${bigrams(run).join(' ')} `);
  return cut === word ? word : cut.trim();
}

/** Query text ending in a lone CJK character: that is only found as the start of a bigram. */
export function endsWithLoneCjkChar(queryText: string): boolean {
  const last = queryText.split(' ').pop() ?? '';
  return Array.from(last).length === 1 && last.replace(CJK_RUN, '') === '';
}
