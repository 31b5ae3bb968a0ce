// Large bodies written to the store as they arrive: chunks of a staged blob, each in its own short
// transaction, adopted by the message's commit (in that commit's transaction) or removed. A staged
// blob is never a message: a crash or a dropped connection mid-retrieval leaves at most one,
// removed when any account's next sync starts (or that account next stages a body). Each blob
// names its owner (the Store writing it, in its process): only blobs whose owner is gone are
// leftovers, so two processes staging for the same account (imports, which hold no lock) never
// remove each other's. Reading streams the chunks back in order.

import type Database from 'better-sqlite3';
import { StoreError } from './store-error';
import { isOwnerAlive, type StoreOwner } from './store-owner';

/** A body staged in the store: what a commit needs to adopt it and to describe it. */
export interface StagedBody {
  readonly blobId: number;
  /** Octets staged (the whole body). */
  readonly size: number;
}

export interface BodyStager {
  /** Appends bytes to the staged body (copied: the caller may reuse its buffer). */
  append(bytes: Uint8Array): void;
  /** The body as staged so far; no more appends. */
  finish(): StagedBody;
  /** Removes the staged body unless a commit adopted it. */
  discard(): void;
}

export interface StagedBodies {
  /** Starts a staged body for the account, first removing the account's leftovers. */
  stage(accountId: number): BodyStager;
  /**
   * Removes leftovers: staged bodies whose owner is gone (its Store closed or its process ended;
   * or staged before owners were recorded), the account's or, with no account, every one's
   * (imports' and removed accounts' too). Never one an open Store, in this process or another, is
   * still writing or has yet to adopt. Returns how many were removed.
   */
  removeLeftovers(accountId?: number): number;
  /**
   * Inside a commit's transaction: makes the staged body the message's. Throws StoreError
   * 'integrity' unless this Store staged it, it is still staged and holds exactly `size` octets.
   */
  adopt(body: StagedBody, messageId: number): void;
  /** Whether the message's bytes are chunked (then message_raw has no row for it). */
  isChunked(messageId: number): boolean;
  /** The message's chunks in order; empty when its body is not chunked. Reads one at a time. */
  chunks(messageId: number): IterableIterator<Buffer>;
}

/** Bytes per stored chunk: one SQLite row, a few hundred pages. */
export const CHUNK_OCTETS = 1024 * 1024;

export function createStagedBodies(db: Database.Database, owner: StoreOwner): StagedBodies {
  // A null account: every account's. Either way a search of the staged rows only (message_id).
  const ownersOf = db.prepare<
    { account: number | null },
    { owner: string | null; pid: number | null; started: number | null }
  >(
    `SELECT DISTINCT owner, owner_pid AS pid, owner_started AS started FROM raw_blobs
      WHERE message_id IS NULL AND (account_id = @account OR @account IS NULL)`,
  );
  const dropOwned = db.prepare<{ account: number | null; gone: string }>(
    `DELETE FROM raw_blobs WHERE message_id IS NULL AND (account_id = @account OR @account IS NULL)
       AND (owner IS NULL OR owner IN (SELECT value FROM json_each(@gone)))`,
  );
  const newBlob = db.prepare<[number, string, number, number | null]>(
    'INSERT INTO raw_blobs (account_id, owner, owner_pid, owner_started) VALUES (?, ?, ?, ?)',
  );
  const insertChunk = db.prepare<[number, number, Buffer]>(
    'INSERT INTO raw_chunks (blob_id, seq, data) VALUES (?, ?, ?)',
  );
  const grow = db.prepare<[number, number, string]>(
    'UPDATE raw_blobs SET size = size + ?, chunks = chunks + 1 WHERE id = ? AND owner = ?',
  );
  const discard = db.prepare<[number, string]>(
    'DELETE FROM raw_blobs WHERE id = ? AND owner = ? AND message_id IS NULL',
  );
  const adopt = db.prepare<[number, number, string, number]>(
    `UPDATE raw_blobs SET message_id = ?
      WHERE id = ? AND owner = ? AND message_id IS NULL AND size = ?`,
  );
  const blobOf = db.prepare<[number], { id: number; chunks: number }>(
    'SELECT id, chunks FROM raw_blobs WHERE message_id = ?',
  );
  // One chunk per query, not an open cursor: the connection stays free between chunks.
  const chunkAt = db.prepare<[number, number], { data: Buffer }>(
    'SELECT data FROM raw_chunks WHERE blob_id = ? AND seq = ?',
  );
  const writeChunk = db.transaction((blobId: number, seq: number, data: Buffer) => {
    // Only into this Store's own blob: one that is gone is never written through a reused id.
    if (grow.run(data.length, blobId, owner.id).changes !== 1) {
      throw new StoreError('integrity', `staged body ${blobId} is gone`);
    }
    insertChunk.run(blobId, seq, data);
  });
  // Asked before the write transaction, not in it: an owner that is gone never comes back, and a
  // read first would make the transaction's later write fail at once when another process wrote.
  const goneOwners = (account: number | null) =>
    ownersOf
      .all({ account })
      .filter(
        (row) =>
          row.owner === null ||
          row.pid === null ||
          !isOwnerAlive({ id: row.owner, pid: row.pid, started: row.started }),
      )
      .map((row) => row.owner);
  const drop = (account: number | null, gone: readonly (string | null)[]) =>
    gone.length === 0 ? 0 : dropOwned.run({ account, gone: JSON.stringify(gone) }).changes;
  const begin = db.transaction((accountId: number, gone: readonly (string | null)[]) => {
    drop(accountId, gone);
    return Number(newBlob.run(accountId, owner.id, owner.pid, owner.started).lastInsertRowid);
  });

  return {
    removeLeftovers: (accountId) => drop(accountId ?? null, goneOwners(accountId ?? null)),
    stage(accountId) {
      const blobId = begin(accountId, goneOwners(accountId));
      let pending = Buffer.allocUnsafe(CHUNK_OCTETS);
      let used = 0;
      let seq = 0;
      let size = 0;
      let done = false;
      const flush = () => {
        if (used === 0) return;
        // A copy of exactly the used bytes: the pending buffer is reused for the next chunk.
        writeChunk(blobId, seq++, Buffer.from(pending.subarray(0, used)));
        size += used;
        used = 0;
      };
      return {
        append(bytes) {
          if (done) throw new StoreError('integrity', `staged body ${blobId} is finished`);
          for (let at = 0; at < bytes.length;) {
            const n = Math.min(bytes.length - at, CHUNK_OCTETS - used);
            pending.set(bytes.subarray(at, at + n), used);
            used += n;
            at += n;
            if (used === CHUNK_OCTETS) flush();
          }
        },
        finish() {
          if (!done) {
            flush();
            done = true;
            pending = Buffer.alloc(0);
          }
          return { blobId, size };
        },
        discard() {
          done = true;
          pending = Buffer.alloc(0);
          discard.run(blobId, owner.id);
        },
      };
    },
    adopt(body, messageId) {
      if (adopt.run(messageId, body.blobId, owner.id, body.size).changes !== 1) {
        throw new StoreError(
          'integrity',
          `staged body ${body.blobId} is gone, adopted already, not ${body.size} octets or not staged here`,
        );
      }
    },
    isChunked: (messageId) => blobOf.get(messageId) !== undefined,
    *chunks(messageId) {
      const blob = blobOf.get(messageId);
      if (!blob) return;
      for (let seq = 0; seq < blob.chunks; seq++) {
        const row = chunkAt.get(blob.id, seq);
        if (!row)
          throw new StoreError('integrity', `chunk ${seq} of message ${messageId} is missing`);
        yield row.data;
      }
    },
  };
}
