// What the server holds, keyed for the plan: UIDL when the server gives one per message, else a
// hash of the headers. Never lets one unusable line cost the other messages, and never sends TOP
// when the server deletes whatever TOP touched (EXPIRE 0).
import { Pop3Error, type Pop3Client } from '../pop3';
import { contentKey, headerBlock, syntheticUidl } from './content-key';
import type { ServerMessage } from './plan';

export interface ServerListing {
  /** Messages with a key: their UIDL, or the hash of their headers on servers without UIDL. */
  keyed: ServerMessage[];
  /** No key without reading them whole (no UIDL, and TOP unavailable or not allowed). */
  unkeyed: Array<{ n: number; size: number }>;
  /** Left on the server: no usable key at all; each reason names the message. */
  skipped: Array<{ n: number; reason: string }>;
  /** Keys are header hashes, not UIDLs. */
  headerKeys: boolean;
}

const FATAL: ReadonlySet<string> = new Set(['connection', 'timeout', 'protocol', 'tls']);

/** A failure of the session itself rather than of one reply. */
export function isSessionFailure(e: unknown, client: Pop3Client): boolean {
  return !(e instanceof Pop3Error) || client.closed || FATAL.has(e.kind);
}

async function uidlOf(client: Pop3Client, n: number): Promise<string | Error> {
  try {
    return (await client.uidl(n)).uid;
  } catch (e) {
    if (!(e instanceof Pop3Error) || client.closed) throw e;
    return e;
  }
}

export async function headersOf(client: Pop3Client, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await client.top(n, 0, (c) => chunks.push(c));
  return headerBlock(Buffer.concat(chunks));
}

export async function listServer(
  client: Pop3Client,
  opts: { noTop: boolean; info: (text: string) => void },
): Promise<ServerListing> {
  const sizesP = client.listTolerant();
  // LIST is answered before UIDL (pipelined): its refusal must not be an unhandled rejection
  // while UIDL is awaited. It is still seen below, where sizesP is awaited.
  sizesP.catch(() => undefined);
  // Tried even when CAPA does not list UIDL: many servers implement it silently.
  let uidls: Array<{ n: number; uid: string }> | null = null;
  let unparsable = false;
  try {
    const reply = await client.uidlTolerant();
    uidls = reply.entries;
    unparsable = reply.malformed.length > 0;
  } catch (e) {
    if (!(e instanceof Pop3Error) || client.closed) {
      await sizesP.catch(() => undefined);
      throw e;
    }
    // A temporary refusal is no proof the server lacks UIDL: do not re-key the mailbox on it.
    if (e.kind !== 'server') {
      await sizesP.catch(() => undefined);
      throw e;
    }
  }
  const listed = await sizesP;
  const sizes = [...listed.entries];
  const malformed: string[] = [];
  for (const line of listed.malformed) {
    // A size beyond 2^53 is still a message: its size is only a hint (never an allocation).
    const m = /^(\d{1,9})\s+(\d+)$/.exec(line.trim());
    if (m) sizes.push({ n: Number(m[1]), size: Number(m[2]) });
    else malformed.push(line);
  }
  sizes.sort((x, y) => x.n - y.n);
  const listing: ServerListing = { keyed: [], unkeyed: [], skipped: [], headerKeys: false };
  for (const line of malformed.slice(0, 20)) {
    listing.skipped.push({
      n: 0,
      reason: `the LIST line "${line.slice(0, 80)}" is malformed: that message is left on the server`,
    });
  }
  if (uidls) {
    const byN = new Map(uidls.map((u) => [u.n, u.uid]));
    const missing = sizes.filter((s) => !byN.has(s.n));
    if (missing.length > 0) {
      opts.info(
        unparsable
          ? 'the UIDL listing has a malformed line: asking for each message UIDL on its own'
          : `the UIDL listing lacks ${missing.length} message(s) that LIST shows: asking for each on its own`,
      );
      const answers = await Promise.all(missing.map((s) => uidlOf(client, s.n)));
      missing.forEach((s, i) => {
        const uid = answers[i];
        if (typeof uid === 'string') byN.set(s.n, uid);
        else
          listing.skipped.push({
            n: s.n,
            reason: `message ${s.n} has no usable UIDL (${uid?.message ?? 'no answer'}): left on the server`,
          });
      });
    }
    for (const s of sizes) {
      const uidl = byN.get(s.n);
      if (uidl !== undefined) listing.keyed.push({ n: s.n, uidl, size: s.size });
    }
    return listing;
  }
  listing.headerKeys = true;
  if (opts.noTop) {
    opts.info(
      'the server does not implement UIDL and deletes what TOP reads (EXPIRE 0): messages are identified by their content after retrieval',
    );
    listing.unkeyed = sizes;
    return listing;
  }
  opts.info('the server does not implement UIDL: identifying messages by a hash of their headers');
  const heads = await Promise.all(
    sizes.map(async (s) => {
      try {
        return await headersOf(client, s.n);
      } catch (e) {
        if (isSessionFailure(e, client)) throw e;
        return null;
      }
    }),
  );
  sizes.forEach((s, i) => {
    const head = heads[i];
    if (head) listing.keyed.push({ ...s, uidl: syntheticUidl(contentKey(head)) });
    else listing.unkeyed.push(s);
  });
  return listing;
}
