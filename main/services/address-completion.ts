// Address completion: matches what the user typed against every name and address the store
// holds, by the start of any word, ignoring case and accents, and ranks the matches: addresses
// the user wrote to first, then the most used, then the most recent.
import type { AddressSuggestion } from '../../shared/model/compose';
import type { AddressBook, AddressUse } from '../store';

/** 'Émile' and 'EMILE' read the same. */
export const fold = (text: string): string =>
  // ASCII (most names and addresses) has no accents to take off: the same result, far cheaper.
  /^[\x20-\x7e]*$/.test(text)
    ? text.toLowerCase()
    : text.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en-US');

interface Entry extends AddressSuggestion {
  lastAt: number;
  /** Folded words of the name and the address, and the whole folded address. */
  words: string[];
}

/** Folded words of the name and the address, and the whole folded address. */
const wordsOf = (name: string, address: string): string[] =>
  [...fold(name).split(/[\s,;"'()<>]+/), ...fold(address).split(/[@.+_-]+/), fold(address)].filter(
    Boolean,
  );

/**
 * One entry per address (case-insensitive), named by its newest non-empty name. `words` keeps
 * the folded words between calls (a cache's rebuilds fold only what is new).
 */
export function addressEntries(
  uses: readonly AddressUse[],
  own: ReadonlySet<string>,
  words = new Map<string, string[]>(),
): Entry[] {
  const byAddress = new Map<string, Entry>();
  const nameAt = new Map<Entry, number>();
  for (const use of uses) {
    const key = use.address.toLowerCase();
    if (own.has(key)) continue;
    let entry = byAddress.get(key);
    if (!entry) {
      entry = { address: use.address, name: '', sentTo: 0, seen: 0, lastAt: 0, words: [] };
      byAddress.set(key, entry);
      nameAt.set(entry, -1);
    }
    entry.sentTo += use.sentTo;
    entry.seen += use.seen;
    entry.lastAt = Math.max(entry.lastAt, use.lastAt);
    const name = use.name.trim();
    if (name && use.lastAt > nameAt.get(entry)!) {
      entry.name = name;
      nameAt.set(entry, use.lastAt);
    }
  }
  for (const entry of byAddress.values()) {
    const key = `${entry.name}\u0000${entry.address}`;
    let folded = words.get(key);
    if (!folded) words.set(key, (folded = wordsOf(entry.name, entry.address)));
    entry.words = folded;
  }
  return [...byAddress.values()];
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

/** A slice's uses as read, by index into the cache's table of (address, name) pairs. */
interface SliceUses {
  checksum: string;
  keys: Int32Array;
  seen: Int32Array;
  sentTo: Int32Array;
  lastAt: Float64Array;
}

export interface AddressCacheOptions {
  /**
   * The store is read by slices of 2^sliceBits message ids, newest first; one step (a query, or
   * one turn of the event loop while the cache is being built) reads about that many messages.
   */
  sliceBits?: number;
  /** Runs the next step of a build later: setImmediate, so queries and IPC go in between. */
  schedule?: (step: () => void) => void;
}

export interface AddressCache {
  /**
   * The entries of the mail read so far: all of it once the cache has caught up with the store.
   * A query never waits for a whole build: it reads at most one step, the rest follows in later
   * turns of the event loop. After a change only the slices whose checksum moved are read again.
   */
  entries(): Entry[];
  /** Settles once the cache covers the store as it was at the last entries(), and has probed it. */
  ready(): Promise<void>;
}

export function createAddressCache(
  book: AddressBook,
  own: () => ReadonlySet<string>,
  options: AddressCacheOptions = {},
): AddressCache {
  const bits = options.sliceBits ?? 11;
  const width = 2 ** bits;
  const schedule = options.schedule ?? ((step) => void setImmediate(step));

  // Every (address as written, name) pair ever read, and its totals over the slices read.
  const pairIds = new Map<string, number>();
  const pairs: AddressUse[] = [];
  /** Pair indexes in the order a whole-store read groups them; null when a pair was added. */
  let ordered: number[] | null = null;
  /** Per pair, where a whole-store read puts it: by lower-case address, name, then as written. */
  const sortKeys: string[] = [];
  const folded = new Map<string, string[]>();
  const slices = new Map<number, SliceUses>();
  /** Slices to read (again), with the checksum they had when seen (null: not seen yet). */
  const pending = new Map<number, { checksum: string | null; messages: number }>();
  let outbox: AddressUse[] = [];
  let outboxKey = '';
  let version: string | null = null;
  /** The last probe of the store: ids up to upTo looked like `value` (null: compare checksums). */
  let probed: { upTo: number; value: string } | null = null;
  /** A probe to take in a later turn, if nothing is written before (else it would hide a change). */
  let probeDue: { upTo: number; version: string } | null = null;
  let entries: Entry[] = [];
  let stale = true;
  let scheduled = false;
  let waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];

  const pairOf = (use: AddressUse): number => {
    const key = `${use.address}\u0000${use.name}`;
    let id = pairIds.get(key);
    if (id === undefined) {
      id = pairs.length;
      pairIds.set(key, id);
      pairs.push({ address: use.address, name: use.name, seen: 0, sentTo: 0, lastAt: 0 });
      sortKeys.push(`${use.address.toLowerCase()}\u0000${use.name}\u0000${use.address}`);
      ordered = null;
    }
    return id;
  };

  /** Takes a slice's counts out of the totals; the pairs whose newest use it may have held. */
  const subtract = (old: SliceUses, newest: Set<number>) => {
    for (let i = 0; i < old.keys.length; i++) {
      const pair = pairs[old.keys[i]!]!;
      pair.seen -= old.seen[i]!;
      pair.sentTo -= old.sentTo[i]!;
      if (old.lastAt[i]! >= pair.lastAt) newest.add(old.keys[i]!);
    }
  };

  const readSlice = (slice: number, seen: string | null) => {
    const range = { fromId: slice * width, toId: (slice + 1) * width };
    let checksum = seen;
    if (checksum === null) {
      const [now] = book.slices(bits, range);
      checksum = now ? `${now.messages}:${now.checksum}` : null;
    }
    const uses = checksum === null ? [] : book.mailUses(range.fromId, range.toId);
    const read: SliceUses = {
      checksum: checksum ?? '',
      keys: new Int32Array(uses.length),
      seen: new Int32Array(uses.length),
      sentTo: new Int32Array(uses.length),
      lastAt: new Float64Array(uses.length),
    };
    const newest = new Set<number>();
    const old = slices.get(slice);
    if (old) subtract(old, newest);
    uses.forEach((use, i) => {
      const id = pairOf(use);
      read.keys[i] = id;
      read.seen[i] = use.seen;
      read.sentTo[i] = use.sentTo;
      read.lastAt[i] = use.lastAt;
      const pair = pairs[id]!;
      pair.seen += use.seen;
      pair.sentTo += use.sentTo;
      if (!newest.has(id)) pair.lastAt = Math.max(pair.lastAt, use.lastAt);
    });
    if (checksum === null) slices.delete(slice);
    else slices.set(slice, read);
    pending.delete(slice);
    recomputeNewest(newest);
    stale = true;
  };

  /** A newest date is a maximum: after a slice is taken out, it is found again among the rest. */
  const recomputeNewest = (ids: Set<number>) => {
    if (ids.size === 0) return;
    for (const id of ids) pairs[id]!.lastAt = 0;
    for (const read of slices.values())
      for (let i = 0; i < read.keys.length; i++)
        if (ids.has(read.keys[i]!)) {
          const pair = pairs[read.keys[i]!]!;
          pair.lastAt = Math.max(pair.lastAt, read.lastAt[i]!);
        }
  };

  /**
   * Finds what changed in the store and is to be read (again). Before anything is read: every
   * slice, newest first. When the mail up to the last probe is as it was (a write elsewhere, or
   * only new mail): the slices of newer ids. Otherwise the slices whose checksum moved.
   */
  const plan = (now: string) => {
    const top = book.lastId();
    const before = probed;
    probed = null;
    probeDue = { upTo: top, version: now };
    if (version === null) {
      for (let slice = Math.floor(top / width); slice >= 0; slice--)
        pending.set(slice, { checksum: null, messages: width });
    } else if (before && book.probe(before.upTo) === before.value) {
      if (top > before.upTo)
        for (let slice = Math.floor(before.upTo / width); slice <= top / width; slice++)
          pending.set(slice, { checksum: null, messages: width });
    } else {
      const now = new Map(book.slices(bits).map((s) => [s.slice, s]));
      const newest = new Set<number>();
      for (const [slice, read] of slices)
        if (!now.has(slice)) {
          subtract(read, newest);
          slices.delete(slice);
          stale = true;
        }
      recomputeNewest(newest);
      pending.clear();
      for (const [slice, s] of now) {
        const checksum = `${s.messages}:${s.checksum}`;
        if (slices.get(slice)?.checksum !== checksum)
          pending.set(slice, { checksum, messages: s.messages });
      }
    }
    refreshOutbox();
  };

  // The outbox is small: read whole.
  const refreshOutbox = () => {
    const uses = book.outboxUses();
    const key = JSON.stringify(uses);
    if (key !== outboxKey) {
      outbox = uses;
      outboxKey = key;
      stale = true;
    }
  };

  /** Reads the newest pending slices, about one slice's worth of messages. */
  const step = () => {
    let read = 0;
    for (const [slice, { checksum, messages }] of [...pending].sort((a, b) => b[0] - a[0])) {
      if (read > 0 && read + messages > width) break;
      readSlice(slice, checksum);
      read += messages;
    }
  };

  const settle = (error?: unknown) => {
    const done = waiters;
    waiters = [];
    for (const w of done)
      if (error === undefined) w.resolve();
      else w.reject(error);
  };

  const continueLater = () => {
    if (scheduled || (pending.size === 0 && !probeDue)) return;
    scheduled = true;
    schedule(() => {
      scheduled = false;
      try {
        if (probeDue) {
          // The store as planned, if no write came since: the next change is compared with it.
          if (book.version() === probeDue.version)
            probed = { upTo: probeDue.upTo, value: book.probe(probeDue.upTo) };
          probeDue = null;
        } else step();
      } catch (error) {
        // The store went away (closed at shutdown): the next query tries again and says why.
        settle(error);
        return;
      }
      if (pending.size > 0 || probeDue) continueLater();
      else settle();
    });
  };

  /** Notices a change of the store; a query also reads one step if no build is under way. */
  const refresh = (query: boolean) => {
    // A build already under way goes on in its own turns; otherwise a query reads one step now.
    const building = scheduled && pending.size > 0;
    const v = book.version();
    if (v !== version) {
      plan(v);
      version = v;
    }
    if (query && !building && pending.size > 0) step();
    continueLater();
  };

  const current = (): Entry[] => {
    refresh(true);
    if (stale) {
      // In that order the name a tie of dates gives is the one a single read of everything gave.
      ordered ??= pairs
        .map((_, id) => id)
        .sort((a, b) => (sortKeys[a]! < sortKeys[b]! ? -1 : sortKeys[a]! > sortKeys[b]! ? 1 : 0));
      const mail = ordered.map((id) => pairs[id]!).filter((pair) => pair.seen + pair.sentTo > 0);
      entries = addressEntries([...mail, ...outbox], own(), folded);
      stale = false;
    }
    return entries;
  };

  return {
    entries: current,
    ready() {
      refresh(false);
      if (pending.size === 0 && !probeDue) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
  };
}
