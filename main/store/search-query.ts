// What a user typed into the search box, with its operators read: from:, subject:, has:attachment,
// is:unread / is:read / is:starred, before: and after: (dates as YYYY-MM-DD, local time). Words
// and operator values only ever reach FTS5 as quoted strings (fts-query.ts); anything that is not
// a known operator with a valid value is searched as a plain word.

import { asPrefix, quoteFtsWord } from './fts-query';

/** At most this many words and operators are used; more only slow the query down. */
const MAX_TERMS = 16;

export interface SearchQuery {
  /** The FTS5 MATCH expression for the words, subject: and from:; null when there are none. */
  match: string | null;
  /** from: values; the sender's name or address must contain each. */
  from: string[];
  hasAttachment: boolean;
  read: boolean | null;
  starred: boolean;
  /** Mail dated before this instant (epoch ms; the start of the before: day). */
  before: number | null;
  /** Mail dated at or after this instant (the start of the after: day). */
  after: number | null;
}

const searchable = (word: string) => /[\p{L}\p{N}]/u.test(word);

/** A calendar day in local time, or null: 2026-03-01 or 2026/3/1. */
function dayStart(text: string): number | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  // 2026-02-31 would roll over into March: not a day.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day)
    return null;
  return date.getTime();
}

export function parseSearch(input: string): SearchQuery {
  const query: SearchQuery = {
    match: null,
    from: [],
    hasAttachment: false,
    read: null,
    starred: false,
    before: null,
    after: null,
  };
  const terms: string[] = [];
  const words = input.normalize('NFC').split(/\s+/).filter(Boolean).slice(0, MAX_TERMS);
  for (const word of words) {
    const colon = word.indexOf(':');
    const operator = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? word.slice(colon + 1) : '';
    if (operator === 'from' && searchable(value)) {
      terms.push(`addresses : ${asPrefix(quoteFtsWord(value))}`);
      query.from.push(value);
    } else if (operator === 'subject' && searchable(value)) {
      terms.push(`subject : ${asPrefix(quoteFtsWord(value))}`);
    } else if (operator === 'has' && /^attachments?$/i.test(value)) {
      query.hasAttachment = true;
    } else if (operator === 'is' && /^(unread|read)$/i.test(value)) {
      query.read = value.toLowerCase() === 'read';
    } else if (operator === 'is' && /^(starred|flagged)$/i.test(value)) {
      query.starred = true;
    } else if ((operator === 'before' || operator === 'after') && dayStart(value) !== null) {
      query[operator] = dayStart(value);
    } else if (searchable(word)) {
      terms.push(quoteFtsWord(word));
    }
  }
  // The last plain word also matches as a prefix, so results follow the typing.
  const last = terms.length - 1;
  if (last >= 0) terms[last] = asPrefix(terms[last] as string);
  query.match = terms.length ? terms.join(' ') : null;
  return query;
}
