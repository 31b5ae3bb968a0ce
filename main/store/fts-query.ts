// Turns what a user typed into the search box into a safe FTS5 MATCH expression.
// Never passes user text through as FTS syntax: every word is a quoted string, so no input can
// raise an FTS5 syntax error or reach column filters and operators.

import { cjkQueryText, endsWithLoneCjkChar } from './cjk-bigrams';

/** At most this many words are used; more only slow the query down. */
const MAX_TERMS = 16;

/**
 * Each whitespace-separated word becomes a quoted phrase (all must match); the last word also
 * matches as a prefix so results follow the typing. Returns null when nothing searchable is left.
 */
export function toFtsQuery(input: string): string | null {
  const words = input
    .normalize('NFC')
    .split(/\s+/)
    // A word with no letter or digit tokenizes to nothing; it would match nothing or everything.
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, MAX_TERMS);
  if (words.length === 0) return null;
  return words
    .map((word, index) => {
      const quoted = quoteFtsWord(word);
      return index === words.length - 1 ? asPrefix(quoted) : quoted;
    })
    .join(' ');
}

/**
 * One word as an FTS5 string: never an operator, a column filter or a syntax error. CJK in it
 * becomes a phrase of the bigrams the index holds; one ending in a lone CJK character is a prefix.
 */
export function quoteFtsWord(word: string): string {
  const text = cjkQueryText(word);
  const quoted = `"${text.replace(/"/g, '""')}"`;
  return endsWithLoneCjkChar(text) ? `${quoted}*` : quoted;
}

/** A quoted word that also matches as a prefix (at most one `*`). */
export function asPrefix(quoted: string): string {
  return quoted.endsWith('*') ? quoted : `${quoted}*`;
}
