// Address completion: matches what the user typed against every name and address the store
// holds, by the start of any word, ignoring case and accents, and ranks the matches: addresses
// the user wrote to first, then the most used, then the most recent.
import type { AddressSuggestion } from '../../shared/model/compose';
import type { AddressBook, AddressBookState, AddressUse } from '../store';

/** 'Émile' and 'EMILE' read the same. */
export const fold = (text: string): string =>
  text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en-US');

interface Entry extends AddressSuggestion {
  lastAt: number;
  /** Folded words of the name and the address, and the whole folded address. */
  words: string[];
}

/** One entry per address (case-insensitive), named by its newest non-empty name. */
export function addressEntries(uses: readonly AddressUse[], own: ReadonlySet<string>): Entry[] {
  const byAddress = new Map<string, Entry & { nameAt: number }>();
  for (const use of uses) {
    const key = use.address.toLowerCase();
    if (own.has(key)) continue;
    const entry = byAddress.get(key) ?? {
      address: use.address,
      name: '',
      nameAt: -1,
      sentTo: 0,
      seen: 0,
      lastAt: 0,
      words: [],
    };
    entry.sentTo += use.sentTo;
    entry.seen += use.seen;
    entry.lastAt = Math.max(entry.lastAt, use.lastAt);
    if (use.name.trim() && use.lastAt > entry.nameAt) {
      entry.name = use.name.trim();
      entry.nameAt = use.lastAt;
    }
    byAddress.set(key, entry);
  }
  return [...byAddress.values()].map(({ nameAt: _, ...entry }) => ({
    ...entry,
    words: [
      ...fold(entry.name).split(/[\s,;"'()<>]+/),
      ...fold(entry.address).split(/[@.+_-]+/),
      fold(entry.address),
    ].filter(Boolean),
  }));
}

const rank = (a: Entry, b: Entry) =>
  b.sentTo - a.sentTo ||
  b.sentTo + b.seen - (a.sentTo + a.seen) ||
  b.lastAt - a.lastAt ||
  a.address.localeCompare(b.address);

/** The best `limit` entries whose words begin with every word of the query. */
export function completeAddress(
  entries: readonly Entry[],
  query: string,
  limit: number,
): AddressSuggestion[] {
  const wanted = fold(query)
    .split(/[\s,;"<>]+/)
    .filter(Boolean);
  if (wanted.length === 0) return [];
  return entries
    .filter((e) => wanted.every((w) => e.words.some((word) => word.startsWith(w))))
    .sort(rank)
    .slice(0, limit)
    .map(({ name, address, sentTo, seen }) => ({ name, address, sentTo, seen }));
}

const useKey = (use: AddressUse) => `${use.address.toLowerCase()}\u0000${use.name}`;

/**
 * The entries, kept between keypresses: mail that arrived since the last read is added to them
 * (a read of the new messages only); the whole store is read again only when mail was removed
 * or the outbox changed in a way that is not an addition (then counts do not add up).
 */
export function createAddressCache(
  book: AddressBook,
  own: () => ReadonlySet<string>,
): () => Entry[] {
  let mail = new Map<string, AddressUse>();
  let read: AddressBookState | null = null;
  let entries: Entry[] = [];
  const add = (uses: readonly AddressUse[]) => {
    for (const use of uses) {
      const key = useKey(use);
      const known = mail.get(key);
      mail.set(
        key,
        known
          ? {
              ...known,
              seen: known.seen + use.seen,
              sentTo: known.sentTo + use.sentTo,
              lastAt: Math.max(known.lastAt, use.lastAt),
            }
          : use,
      );
    }
  };
  return () => {
    const now = book.state();
    if (read && now.maxId === read.maxId && now.live === read.live && now.outbox === read.outbox)
      return entries;
    const onlyAdded =
      read !== null &&
      now.maxId >= read.maxId &&
      now.live - read.live === book.liveAfter(read.maxId);
    if (onlyAdded && read) add(book.mailUses(read.maxId));
    else {
      mail = new Map();
      add(book.mailUses(0));
    }
    read = now;
    entries = addressEntries([...mail.values(), ...book.outboxUses()], own());
    return entries;
  };
}
